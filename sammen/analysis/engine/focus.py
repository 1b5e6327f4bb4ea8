"""Focus-area suggestions: learn from the inputs staff have sorted, start from the areas' own descriptions.

With no labels the suggestion is the area whose name and description the input is closest to (in meaning
when a semantic backend is on, in words and character n-grams always). With labels a logistic regression is
trained on the sorted inputs, with the description-based scores as prior knowledge, and the two are blended
by how many labels there are. Staff decide; `review_queue` puts the most uncertain suggestions first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from .backends import EmbeddingBackend
from .features import Corpus, char_grams, compute_features
from .records import FocusArea, InputRecord, Suggestion
from .text import normalise_text

#: How strongly the descriptions speak when there are labels: their weight is PRIOR_LABELS / (PRIOR_LABELS + n).
PRIOR_LABELS = 150.0
#: Softmax temperature for the standardised description scores.
ZERO_SHOT_TEMPERATURE = 0.5

#: From this many inputs on, description scores are standardised per area across the corpus.
STANDARDISE_FROM = 20

#: Embeddings of focus-area names and descriptions, by (backend, text): retraining should not re-embed them.
_AREA_VECTORS: dict[tuple[str, str], np.ndarray] = {}

_SENTENCE = re.compile(r"(?<=[.;:!?])\s+")


class FocusAreaError(ValueError):
    """The focus areas or labels cannot be used (unknown key, fewer than two areas...)."""


@dataclass
class FocusModel:
    """A trained suggester: descriptions as prior, plus a classifier when labels exist."""

    keys: tuple[str, ...]
    prior_whole: np.ndarray  # k × d: each area's name and description as one vector
    prior_parts: list[np.ndarray]  # per area, its sentences (name first), parts × d
    prior_chars: sparse.csr_matrix  # k × character n-grams, weighted with the corpus it was trained with
    uses_embeddings: bool
    classifier: LogisticRegression | None
    n_labels: int
    prior_weight: float


def _area_texts(area: FocusArea) -> tuple[str, list[str]]:
    whole = f"{area.name}. {area.description}".strip()
    parts = [area.name] + [part for part in _SENTENCE.split(area.description) if len(part.split()) >= 3]
    return whole, parts


def _vectors(corpus: Corpus, backend: EmbeddingBackend | None, texts: list[str]) -> np.ndarray:
    """Texts in the same space as the corpus' dense vectors."""
    if corpus.embeddings is not None and backend is not None and backend.name == corpus.backend:
        missing = [text for text in texts if (backend.name, text) not in _AREA_VECTORS]
        if missing:
            records = [InputRecord(id=str(n), text=text) for n, text in enumerate(missing)]
            for text, item in zip(missing, compute_features(records, backend), strict=True):
                assert item.embedding is not None
                _AREA_VECTORS[(backend.name, text)] = item.embedding
        return np.vstack([_AREA_VECTORS[(backend.name, text)] for text in texts])
    # Lexical space: fold the texts into the corpus' own words-and-characters LSA is not possible without
    # refitting, so compare in the sparse word space instead (see `_description_scores`).
    return np.zeros((len(texts), 0), dtype=np.float32)


def _description_scores(model: FocusModel, corpus: Corpus) -> np.ndarray:
    """n × k raw closeness of each input to each area's name and description."""
    chars = np.asarray((corpus.char_matrix @ model.prior_chars.T).todense())
    if not model.uses_embeddings:
        return chars
    vectors = corpus.embeddings
    assert vectors is not None
    whole = vectors @ model.prior_whole.T
    parts = np.column_stack([(vectors @ part.T).max(axis=1) for part in model.prior_parts])
    return 0.5 * whole + 0.5 * parts + 0.3 * chars


def _standardised(scores: np.ndarray) -> np.ndarray:
    """Per area, how much closer than usual: removes the bias of a description that is close to everything.

    A handful of inputs says too little about "usual", so small corpora are only scaled, not centred per area.
    """
    if len(scores) < STANDARDISE_FROM:
        scale = float(scores.std()) or 1.0
        return (scores - scores.mean(axis=1, keepdims=True)) / scale
    centred = scores - scores.mean(axis=0, keepdims=True)
    spread = centred.std(axis=0, keepdims=True)
    spread[spread == 0] = 1.0
    return centred / spread


def _softmax(values: np.ndarray) -> np.ndarray:
    values = values - values.max(axis=1, keepdims=True)
    exp = np.exp(values)
    return exp / exp.sum(axis=1, keepdims=True)


def train(
    corpus: Corpus,
    areas: Sequence[FocusArea],
    labels: Mapping[str, str],
    *,
    backend: EmbeddingBackend | None = None,
    seed: int = 0,
) -> FocusModel:
    """Fit a suggester on the labelled inputs of `corpus` (labels: record id → area key; may be empty)."""
    keys = tuple(area.key for area in areas)
    if len(keys) < 2:
        raise FocusAreaError("At least two focus areas are needed.")
    if len(set(keys)) != len(keys):
        raise FocusAreaError("Focus area keys must be unique.")
    unknown = sorted({key for key in labels.values() if key not in keys})
    if unknown:
        raise FocusAreaError(f"Unknown focus area(s): {', '.join(unknown)}.")
    wholes, parts = zip(*(_area_texts(area) for area in areas), strict=True)
    uses_embeddings = corpus.embeddings is not None and backend is not None and backend.name == corpus.backend
    if uses_embeddings:
        prior_whole = _vectors(corpus, backend, list(wholes))
        prior_parts = [_vectors(corpus, backend, list(group)) for group in parts]
    else:
        prior_whole = np.zeros((len(keys), 0), dtype=np.float32)
        prior_parts = [np.zeros((1, 0), dtype=np.float32) for _ in keys]
    prior_chars = corpus.gram_matrix([char_grams(normalise_text(" ".join(group))) for group in parts])
    labelled = [(corpus.index[record_id], key) for record_id, key in labels.items() if record_id in corpus.index]
    model = FocusModel(
        keys=keys,
        prior_whole=prior_whole,
        prior_parts=prior_parts,
        prior_chars=prior_chars,
        uses_embeddings=uses_embeddings,
        classifier=None,
        n_labels=len(labelled),
        prior_weight=1.0,
    )
    if len({key for _, key in labelled}) >= 2:
        rows = [position for position, _ in labelled]
        targets = [key for _, key in labelled]
        features = _classifier_features(model, corpus)
        classifier = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000, random_state=seed)
        classifier.fit(features[rows], targets)
        model.classifier = classifier
        model.prior_weight = PRIOR_LABELS / (PRIOR_LABELS + len(labelled))
    return model


def _classifier_features(model: FocusModel, corpus: Corpus) -> np.ndarray:
    prior = _standardised(_description_scores(model, corpus))
    return np.hstack([corpus.dense * 4.0, prior * 0.5])


def probabilities(model: FocusModel, corpus: Corpus) -> np.ndarray:
    """n × k probabilities, columns in `model.keys` order."""
    prior = _softmax(_standardised(_description_scores(model, corpus)) / ZERO_SHOT_TEMPERATURE)
    if model.classifier is None:
        return prior
    learned = np.zeros_like(prior)
    fitted = model.classifier.predict_proba(_classifier_features(model, corpus))
    for column, key in enumerate(model.classifier.classes_):
        learned[:, model.keys.index(key)] = fitted[:, column]
    # Areas nobody has labelled yet keep their description-based chance.
    weight = model.prior_weight
    blended = np.exp((1 - weight) * np.log(learned + 1e-6) + weight * np.log(prior + 1e-6))
    return blended / blended.sum(axis=1, keepdims=True)


def suggest(model: FocusModel, corpus: Corpus, *, ids: Sequence[str] | None = None) -> list[Suggestion]:
    """One suggestion per input (or per id in `ids`), in corpus order."""
    if len(corpus) == 0:
        return []
    matrix = probabilities(model, corpus)
    positions = range(len(corpus)) if ids is None else [corpus.index[record_id] for record_id in ids]
    result = []
    for position in positions:
        row = matrix[position]
        order = np.argsort(-row, kind="stable")
        top = float(row[order[0]])
        runner_up = float(row[order[1]]) if len(order) > 1 else 0.0
        result.append(
            Suggestion(
                id=corpus.ids[position],
                focus_area=model.keys[int(order[0])],
                confidence=round(top, 4),
                margin=round(top - runner_up, 4),
                probabilities={key: round(float(row[n]), 4) for n, key in enumerate(model.keys)},
            )
        )
    return result


def review_queue(suggestions: Sequence[Suggestion]) -> list[Suggestion]:
    """Most uncertain first (smallest margin): confirming those teaches the classifier the most."""
    return sorted(suggestions, key=lambda item: (item.margin, item.confidence, item.id))
