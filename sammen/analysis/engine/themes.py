"""Themes: cluster inputs, name each cluster by its keywords, show its most representative inputs.

Deterministic: k-means with a fixed seed on the same vectors gives the same themes; ties are broken by id.
Staff then rename, merge, split and accept themes; those operations are pure functions returning a new result.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.decomposition import PCA

from .features import Corpus
from .records import Theme, ThemeResult, ThemeSettings

#: Above this many inputs, k-means runs in mini-batches (same seed, still deterministic).
MINIBATCH_FROM = 4_000


class ThemeError(ValueError):
    """A theme operation that cannot be done (unknown theme, too few inputs to split...)."""


def find_themes(
    corpus: Corpus, settings: ThemeSettings | None = None, *, ids: Sequence[str] | None = None
) -> ThemeResult:
    """Group the inputs of `corpus` (or the subset `ids`) into themes."""
    settings = settings or ThemeSettings()
    positions = list(range(len(corpus))) if ids is None else [corpus.index[record_id] for record_id in ids]
    if not positions:
        return ThemeResult(themes=(), settings=settings, backend=corpus.backend)
    vectors = corpus.dense[positions]
    labels = _cluster(vectors, settings)
    groups: dict[int, list[int]] = {}
    for position, label in zip(positions, labels, strict=True):
        groups.setdefault(int(label), []).append(position)
    ordered = sorted(groups.values(), key=lambda members: (-len(members), corpus.ids[members[0]]))
    counts = _keyword_counts(corpus, ordered)
    themes = tuple(
        _describe(corpus, members, number, settings, counts[number - 1]) for number, members in enumerate(ordered, 1)
    )
    return ThemeResult(themes=themes, settings=settings, backend=corpus.backend)


def _distinct_rows(vectors: np.ndarray) -> int:
    return len(np.unique(np.round(vectors, 5), axis=0)) if len(vectors) <= 50_000 else len(vectors)


def _cluster(vectors: np.ndarray, settings: ThemeSettings) -> np.ndarray:
    n = len(vectors)
    distinct = _distinct_rows(vectors)
    if distinct < 2 or n < 3:
        return np.zeros(n, dtype=int)
    if settings.n_themes is not None:
        return _kmeans(vectors, max(1, min(settings.n_themes, distinct)), settings.seed)
    # About sqrt(n/2) themes: 13 for 334 inputs, 16 for 500, 30 (the default maximum) from 1,800 on. Staff merge
    # and split from there. (The silhouette of sentence embeddings swings between 2 and the maximum, so it
    # does not choose well here; a predictable number serves a coordinator better.)
    upper = max(2, min(settings.max_themes, distinct - 1, n // 3 if n >= 6 else 2))
    return _kmeans(vectors, max(2, min(upper, round(math.sqrt(n / 2)))), settings.seed)


def _kmeans(vectors: np.ndarray, k: int, seed: int) -> np.ndarray:
    if k <= 1:
        return np.zeros(len(vectors), dtype=int)
    if len(vectors) >= MINIBATCH_FROM:
        # Large sets: 64 principal components keep the structure and make k-means several times faster.
        reduced = PCA(n_components=64, random_state=seed, svd_solver="randomized").fit_transform(vectors)
        model = MiniBatchKMeans(
            n_clusters=k, random_state=seed, n_init=1, init_size=min(len(vectors), 3_000), batch_size=1_024
        )
        return np.asarray(model.fit_predict(reduced))
    else:
        model = KMeans(n_clusters=k, random_state=seed, n_init=4, max_iter=200)
    return np.asarray(model.fit_predict(vectors))


def _keyword_counts(corpus: Corpus, groups: Sequence[list[int]]) -> np.ndarray:
    """For each group, in how many of its inputs each word occurs (groups × words), in one sparse product."""
    if not groups:
        return np.zeros((0, corpus.term_presence.shape[1]))
    rows = np.concatenate([np.full(len(members), n) for n, members in enumerate(groups)])
    columns = np.concatenate([np.asarray(members) for members in groups])
    membership = sparse.csr_matrix(
        (np.ones(len(columns), dtype=np.float32), (rows, columns)), shape=(len(groups), len(corpus))
    )
    return np.asarray((membership @ corpus.term_presence).todense())


def _describe(
    corpus: Corpus, members: list[int], number: int, settings: ThemeSettings, counts: np.ndarray | None = None
) -> Theme:
    vectors = corpus.dense[members]
    centre = vectors.mean(axis=0)
    closeness = vectors @ centre
    order = sorted(range(len(members)), key=lambda n: (-round(float(closeness[n]), 6), corpus.ids[members[n]]))
    ranked = [corpus.ids[members[n]] for n in order]
    if counts is None:
        counts = _keyword_counts(corpus, [members])[0]
    keywords = _keywords(corpus, counts, len(members), settings.keywords)
    return Theme(
        id=number,
        label=suggest_label(keywords),
        keywords=keywords,
        member_ids=tuple(ranked),
        representative_ids=tuple(ranked[: settings.representatives]),
    )


def _keywords(corpus: Corpus, counts: np.ndarray, size: int, count: int) -> tuple[str, ...]:
    """Class-based TF-IDF: words frequent in this theme and rare in the others."""
    if corpus.term_matrix.shape[1] == 0 or not size:
        return ()
    counts = np.asarray(counts, dtype=float).ravel()
    overall = corpus.term_document_frequency.astype(float)
    share, everywhere = counts / size, np.maximum(overall, 1.0) / len(corpus)
    weights = share * np.log(1.0 + len(corpus) / (1.0 + overall))
    weights[counts < min(2, size)] = 0.0  # a keyword must come from more than one input
    if size < len(corpus):
        weights[share < 2.0 * everywhere] = 0.0  # and be at least twice as common here as in all inputs
    vocabulary = corpus.term_vectorizer.get_feature_names_out()
    order = sorted(np.flatnonzero(weights), key=lambda n: (-weights[n], vocabulary[n]))
    words: list[str] = []
    for n in order:
        word = corpus.display_words.get(str(vocabulary[n]), str(vocabulary[n]))
        if word not in words:
            words.append(word)
        if len(words) == count:
            break
    return tuple(words)


def suggest_label(keywords: Sequence[str]) -> str:
    """A readable working label from the top keywords ("Benk, lys, park"); staff rename it."""
    if not keywords:
        return "—"
    words = list(keywords[:3])
    return ", ".join([words[0].capitalize(), *words[1:]])


def _theme(result: ThemeResult, theme_id: int) -> Theme:
    for theme in result.themes:
        if theme.id == theme_id:
            return theme
    raise ThemeError(f"No theme {theme_id}.")


def rename_theme(result: ThemeResult, theme_id: int, label: str) -> ThemeResult:
    label = label.strip()
    if not label:
        raise ThemeError("A theme needs a label.")
    theme = _theme(result, theme_id)
    updated = replace(theme, label=label, is_renamed=True)
    return replace(result, themes=tuple(updated if item.id == theme_id else item for item in result.themes))


def accept_theme(result: ThemeResult, theme_id: int, *, accepted: bool = True) -> ThemeResult:
    theme = _theme(result, theme_id)
    updated = replace(theme, is_accepted=accepted)
    return replace(result, themes=tuple(updated if item.id == theme_id else item for item in result.themes))


def merge_themes(result: ThemeResult, corpus: Corpus, theme_ids: Sequence[int], *, label: str = "") -> ThemeResult:
    """One theme from several; it keeps the lowest id, and a label given or the first renamed one's."""
    ids = sorted(set(theme_ids))
    if len(ids) < 2:
        raise ThemeError("Choose at least two themes to merge.")
    themes = [_theme(result, theme_id) for theme_id in ids]
    members = [corpus.index[member] for theme in themes for member in theme.member_ids]
    merged = _describe(corpus, members, ids[0], result.settings)
    renamed = next((theme.label for theme in themes if theme.is_renamed), "")
    chosen = label.strip() or renamed
    if chosen:
        merged = replace(merged, label=chosen, is_renamed=True)
    rest = [theme for theme in result.themes if theme.id not in ids[1:] and theme.id != ids[0]]
    return replace(result, themes=tuple(sorted([*rest, merged], key=lambda theme: theme.id)))


def split_theme(result: ThemeResult, corpus: Corpus, theme_id: int, *, parts: int = 2) -> ThemeResult:
    """Cluster one theme's inputs again into `parts` themes; the first keeps the id, the others get new ids."""
    theme = _theme(result, theme_id)
    if parts < 2 or theme.size < parts:
        raise ThemeError("A theme can only be split into parts that each have at least one input.")
    members = [corpus.index[member] for member in theme.member_ids]
    vectors = corpus.dense[members]
    labels = _kmeans(vectors, parts, result.settings.seed) if _distinct_rows(vectors) >= parts else None
    if labels is None or len(set(labels.tolist())) < 2:
        raise ThemeError("The inputs in this theme are too alike to split.")
    groups: dict[int, list[int]] = {}
    for member, label in zip(members, labels, strict=True):
        groups.setdefault(int(label), []).append(member)
    ordered = sorted(groups.values(), key=lambda group: (-len(group), corpus.ids[group[0]]))
    next_id = max(item.id for item in result.themes) + 1
    new = [_describe(corpus, ordered[0], theme_id, result.settings)]
    new += [_describe(corpus, group, next_id + n, result.settings) for n, group in enumerate(ordered[1:])]
    rest = [item for item in result.themes if item.id != theme_id]
    return replace(result, themes=tuple(sorted([*rest, *new], key=lambda item: item.id)))


def theme_tags(result: ThemeResult) -> dict[str, list[str]]:
    """The tags accepted themes put on inputs: record id → labels of its accepted themes."""
    tags: dict[str, list[str]] = {}
    for theme in result.themes:
        if theme.is_accepted:
            for member in theme.member_ids:
                tags.setdefault(member, []).append(theme.label)
    return tags
