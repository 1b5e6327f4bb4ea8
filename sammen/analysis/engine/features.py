"""Features computed once per input (and stored), and the corpus view that analyses build from them."""

from __future__ import annotations

import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import HashingVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

from . import text as pipeline
from .backends import EmbeddingBackend
from .records import PIPELINE_VERSION, Features, InputRecord

Progress = Callable[[int, int], None]

#: A language needs this many inputs in a corpus to be centred on its own mean (see `Corpus.semantic`).
LANGUAGE_GROUP_MIN = 8
#: Up to this many inputs, the lexical projection comes from an eigendecomposition (see `lexical_dense`).
GRAM_SVD_LIMIT = 4_000


def analyse_text(record: InputRecord) -> Features:
    """Everything but the embedding: normalised text, language(s) and terms."""
    clean = pipeline.normalise_text(record.text)
    tokens = pipeline.words(clean)
    given = pipeline.normalise_language(record.language)
    guess = pipeline.detect_language(clean, tokens=tokens)
    if given is not None:
        languages = pipeline._mixed(given, tokens) if tokens else (given,)
        language, confidence = given, 1.0
    else:
        languages, language, confidence = guess.languages, guess.language, guess.confidence
    return Features(
        text=clean,
        language=language,
        language_confidence=confidence,
        detected_language=guess.detected,
        languages=languages,
        terms=tuple(pipeline.terms(tokens, languages)),
        grams=char_grams(clean),
    )


def compute_features(
    records: Sequence[InputRecord],
    backend: EmbeddingBackend | None,
    *,
    batch_size: int = 64,
    progress: Progress | None = None,
) -> list[Features]:
    """Features for each record, embeddings included when a backend is given. Identical texts are embedded once."""
    analysed = [analyse_text(record) for record in records]
    if backend is None:
        return analysed
    unique: dict[str, int] = {}
    for item in analysed:
        unique.setdefault(item.text, len(unique))
    texts = list(unique)
    vectors = np.zeros((len(texts), backend.dimension), dtype=np.float32)
    for start in range(0, len(texts), batch_size):
        vectors[start : start + batch_size] = backend.embed(texts[start : start + batch_size])
        if progress is not None:
            progress(min(start + batch_size, len(texts)), len(texts))
    return [
        Features(
            text=item.text,
            language=item.language,
            language_confidence=item.language_confidence,
            detected_language=item.detected_language,
            languages=item.languages,
            terms=item.terms,
            grams=item.grams,
            embedding=vectors[unique[item.text]],
            backend=backend.name,
        )
        for item in analysed
    ]


def is_current(features: Features | None, backend: EmbeddingBackend | None) -> bool:
    """Whether stored features can be reused with this backend (else they are recomputed)."""
    if features is None or features.version != PIPELINE_VERSION:
        return False
    if backend is None:
        return True
    return features.embedding is not None and features.backend == backend.name


def ensure_features(
    records: Sequence[InputRecord],
    stored: dict[str, Features],
    backend: EmbeddingBackend | None,
    *,
    progress: Progress | None = None,
) -> tuple[list[Features], list[str]]:
    """Stored features where current, fresh ones for the rest; also returns the ids that were (re)computed."""
    missing = [record for record in records if not is_current(stored.get(record.id), backend)]
    fresh = dict(zip((r.id for r in missing), compute_features(missing, backend, progress=progress), strict=True))
    return [fresh.get(record.id) or stored[record.id] for record in records], list(fresh)


class Corpus:
    """Records and their features, with the matrices analyses need computed lazily and once."""

    def __init__(self, records: Sequence[InputRecord], features: Sequence[Features]) -> None:
        if len(records) != len(features):
            raise ValueError("Every record needs its features.")
        self.records = list(records)
        self.features = list(features)
        self.ids = [record.id for record in self.records]
        self.index = {record_id: position for position, record_id in enumerate(self.ids)}
        if len(self.index) != len(self.ids):
            raise ValueError("Record ids must be unique.")

    def __len__(self) -> int:
        return len(self.records)

    @cached_property
    def backend(self) -> str:
        names = {item.backend for item in self.features if item.embedding is not None}
        if len(names) == 1 and all(item.embedding is not None for item in self.features) and self.features:
            return names.pop()
        return ""

    @cached_property
    def embeddings(self) -> np.ndarray | None:
        """The semantic vectors, or None when the corpus has none (or a mix of backends)."""
        if not self.backend:
            return None
        return np.vstack([item.embedding for item in self.features if item.embedding is not None]).astype(np.float32)

    @cached_property
    def semantic(self) -> np.ndarray | None:
        """Embeddings centred per language, so that inputs group by what they say rather than by language.

        Sentence embeddings of one language share a component; subtracting each language's mean removes it
        (and what every input shares, such as "this is about the neighbourhood"). Languages with few inputs
        are centred on the mean of all inputs.
        """
        vectors = self.embeddings
        if vectors is None or len(vectors) < 3:
            return vectors
        centred = vectors - vectors.mean(axis=0, keepdims=True)
        languages = np.array([item.language for item in self.features])
        for language in np.unique(languages):
            chosen = languages == language
            if chosen.sum() >= LANGUAGE_GROUP_MIN:
                centred[chosen] = vectors[chosen] - vectors[chosen].mean(axis=0, keepdims=True)
        return np.asarray(normalize(centred), dtype=np.float32)

    @cached_property
    def stems(self) -> list[list[str]]:
        """Per input, its terms stemmed in its language, with spelling slips folded onto common words."""
        raw = [[pipeline.stem(term, item.language) for term in item.terms] for item in self.features]
        mapping = slip_mapping(Counter(stem for row in raw for stem in set(row)))
        return [[mapping.get(stem, stem) for stem in row] for row in raw]

    @cached_property
    def display_words(self) -> dict[str, str]:
        """For each stem, the lemma residents wrote most often (what staff read in keyword lists)."""
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for item, row in zip(self.features, self.stems, strict=True):
            for term, stem in zip(item.terms, row, strict=True):
                counts[stem][term] += 1
        return {stem: counter.most_common(1)[0][0] for stem, counter in counts.items()}

    @cached_property
    def _terms(self) -> tuple[TfidfVectorizer, sparse.csr_matrix]:
        vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=1, norm="l2", dtype=np.float32)
        if not any(self.stems):
            vectorizer.fit([["_"]])
            return vectorizer, sparse.csr_matrix((len(self), 1), dtype=np.float32)
        return vectorizer, sparse.csr_matrix(vectorizer.fit_transform(self.stems))

    @property
    def term_vectorizer(self) -> TfidfVectorizer:
        return self._terms[0]

    @property
    def term_matrix(self) -> sparse.csr_matrix:
        return self._terms[1]

    @cached_property
    def term_presence(self) -> sparse.csr_matrix:
        """1 where an input uses a word (stem), for keyword counts."""
        presence = self.term_matrix.copy()
        presence.data[:] = 1.0
        return presence

    @cached_property
    def term_document_frequency(self) -> np.ndarray:
        return np.asarray(self.term_presence.sum(axis=0)).ravel()

    @cached_property
    def gram_idf(self) -> np.ndarray:
        """Inverse document frequency of each hashed character n-gram in this corpus (smoothed, as in TF-IDF)."""
        counts = np.zeros(GRAM_SPACE, dtype=np.float32)
        if self.features:
            everything = np.concatenate([item.grams for item in self.features]).astype(np.int64)
            counts = np.bincount(everything, minlength=GRAM_SPACE).astype(np.float32)
        return np.log((1.0 + len(self)) / (1.0 + counts)) + 1.0

    def gram_matrix(self, grams: Sequence[np.ndarray]) -> sparse.csr_matrix:
        """Rows of IDF-weighted, L2-normalised character n-gram vectors for these n-gram id arrays."""
        lengths = np.array([len(row) for row in grams], dtype=np.int64)
        indices = np.concatenate(list(grams)).astype(np.int64) if len(grams) else np.zeros(0, dtype=np.int64)
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        matrix = sparse.csr_matrix(
            (self.gram_idf[indices], indices, indptr), shape=(len(grams), GRAM_SPACE), dtype=np.float32
        )
        return sparse.csr_matrix(normalize(matrix))

    @cached_property
    def char_matrix(self) -> sparse.csr_matrix:
        return self.gram_matrix([item.grams for item in self.features])

    @cached_property
    def lexical_dense(self) -> np.ndarray:
        """A dense, normalised lexical view (LSA of words and character n-grams) for when there are no embeddings."""
        combined = sparse.hstack([self.term_matrix, self.char_matrix * 0.7]).tocsr()
        frequency = np.bincount(combined.indices, minlength=combined.shape[1])
        shared = np.flatnonzero(frequency >= 2)  # words and n-grams of two inputs or more: a far smaller SVD
        combined = combined[:, shared if len(shared) >= 2 else np.flatnonzero(frequency)]
        components = min(64, combined.shape[0] - 1, combined.shape[1] - 1)
        if combined.shape[1] == 0:
            return np.zeros((len(self), 1), dtype=np.float32)
        if components < 2:
            return np.asarray(
                normalize(combined.toarray() if combined.shape[1] < 5000 else combined[:, :1].toarray()),
                dtype=np.float32,
            )
        if combined.shape[0] <= GRAM_SVD_LIMIT:
            # Few inputs, many columns: the eigenvectors of the small inputs × inputs matrix give the same
            # projection as an SVD, exactly and far faster.
            gram = (combined @ combined.T).toarray().astype(np.float64)
            values, vectors = np.linalg.eigh(gram)
            top = np.argsort(values)[::-1][:components]
            reduced = vectors[:, top] * np.sqrt(np.clip(values[top], 0.0, None))
            return normalize(reduced).astype(np.float32)
        svd = TruncatedSVD(n_components=components, random_state=0, algorithm="randomized", n_iter=3)
        with warnings.catch_warnings():  # identical inputs: no variance to explain, which is fine here
            warnings.simplefilter("ignore", RuntimeWarning)
            reduced = svd.fit_transform(combined)
        return normalize(reduced).astype(np.float32)

    @cached_property
    def dense(self) -> np.ndarray:
        """The vectors clustering and classification work on: centred embeddings when present, else lexical LSA."""
        return self.semantic if self.semantic is not None else self.lexical_dense


def _identity(value: list[str]) -> list[str]:
    return value


_HASHER = HashingVectorizer(
    analyzer="char_wb", ngram_range=(3, 5), n_features=2**20, alternate_sign=False, norm=None, binary=True
)
GRAM_SPACE = 2**20


def char_grams(text: str) -> np.ndarray:
    """The sorted ids of a text's hashed character 3-5-grams (lower case, keyboard spellings of æøå folded)."""
    if not text:
        return np.zeros(0, dtype=np.uint32)
    row = _HASHER.transform([pipeline.fold_ascii_spelling(text.lower())])
    return np.sort(row.indices).astype(np.uint32)


def slip_mapping(frequencies: Counter[str], *, rare: int = 1, common: int = 3) -> dict[str, str]:
    """Map a rare word to a common word one edit away ("benkr" -> "benk"): spelling slips, not new words."""
    frequent = [word for word, count in frequencies.items() if count >= common and len(word) >= 4]
    if not frequent:
        return {}
    buckets: dict[str, list[str]] = defaultdict(list)
    for word in frequent:
        buckets[word[:2]].append(word)
    mapping = {}
    for word, count in frequencies.items():
        if count > rare or len(word) < 5:
            continue
        candidates = buckets.get(word[:2])
        if not candidates:
            continue
        match = process.extractOne(word, candidates, scorer=Levenshtein.distance, score_cutoff=1)
        if match is not None and match[0] != word:
            mapping[word] = match[0]
    return mapping


def corpus_for(
    records: Iterable[InputRecord], backend: EmbeddingBackend | None, stored: dict[str, Features] | None = None
) -> Corpus:
    """Build a corpus, computing whatever features are not stored yet."""
    records = list(records)
    features, _ = ensure_features(records, stored or {}, backend)
    return Corpus(records, features)
