"""Near-duplicates: inputs that say the same thing, across channels and across Bokmål, Nynorsk and Danish.

Similarity is the cosine of sentence embeddings centred per language (see `Corpus.semantic`: it removes
what all inputs of a language share, so a Danish and a Bokmål input saying the same thing meet, and
"about the neighbourhood" does not make everything look alike) plus a share of character n-gram overlap,
which catches spelling slips and the many words the Scandinavian languages share. Pairs above a threshold
are grouped with complete linkage, so every two members of a group are above it (no chains).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform

from .features import Corpus
from .records import DuplicateGroup, DuplicateSettings

#: Calibrated on the evaluation set (docs/analysis.md) for precision of at least 0.9.
SEMANTIC_THRESHOLD = 0.55
LEXICAL_THRESHOLD = 0.35
CHAR_SHARE = 0.3
#: Pairs whose embeddings alone are below threshold - CHAR_SHARE * CHAR_CAP are not compared further.
CHAR_CAP = 1 / 3
_CHUNK = 1_024
#: Larger connected components are grouped greedily instead of by complete linkage (quadratic).
LINKAGE_LIMIT = 300


def threshold_for(corpus: Corpus, settings: DuplicateSettings) -> float:
    if settings.threshold:
        return settings.threshold
    return SEMANTIC_THRESHOLD if corpus.embeddings is not None else LEXICAL_THRESHOLD


def find_duplicates(
    corpus: Corpus, settings: DuplicateSettings | None = None, *, ids: Sequence[str] | None = None
) -> list[DuplicateGroup]:
    """Groups of two or more inputs that say the same thing, largest first."""
    settings = settings or DuplicateSettings()
    positions = np.arange(len(corpus)) if ids is None else np.array([corpus.index[i] for i in ids], dtype=int)
    if len(positions) < 2:
        return []
    threshold = threshold_for(corpus, settings)
    texts = [corpus.features[p].text.casefold() for p in positions]
    chars = sparse.csr_matrix(corpus.char_matrix[positions])
    chars = sparse.csr_matrix(chars[:, np.unique(chars.indices)])  # only the n-grams in use: cheap products
    dense = None
    if corpus.embeddings is not None:
        assert corpus.semantic is not None
        dense = corpus.semantic[positions]
        char_share = CHAR_SHARE
    else:
        words = sparse.csr_matrix(corpus.term_matrix[positions])
        char_share = 1.0
    top = 1.0 + char_share  # the similarity of two identical texts

    pair_rows, pair_columns, pair_values = [], [], []
    for start in range(0, len(positions), _CHUNK):
        rows = np.arange(start, min(start + _CHUNK, len(positions)))
        if dense is not None:
            # Embeddings first, for every pair; character n-grams then only for the pairs that could pass.
            block = dense[rows] @ dense.T
            hits = np.argwhere(block >= threshold - char_share * CHAR_CAP)
            hits = hits[hits[:, 1] > rows[hits[:, 0]]]
            left, right = rows[hits[:, 0]], hits[:, 1]
            values = block[hits[:, 0], hits[:, 1]]
            # Pairs already above the threshold pass on their embeddings alone; only the pairs just below it
            # need their character overlap (which makes the reported similarity a lower bound for the others).
            unsure = np.flatnonzero(values < threshold)
            overlap = np.asarray(chars[left[unsure]].multiply(chars[right[unsure]]).sum(axis=1)).ravel()
            values[unsure] += char_share * overlap
        else:
            block = 0.5 * np.asarray((chars[rows] @ chars.T).todense())
            block += 0.5 * np.asarray((words[rows] @ words.T).todense())
            hits = np.argwhere(block >= threshold)
            hits = hits[hits[:, 1] > rows[hits[:, 0]]]
            left, right = rows[hits[:, 0]], hits[:, 1]
            values = block[hits[:, 0], hits[:, 1]]
        keep = values >= threshold
        pair_rows.append(left[keep])
        pair_columns.append(right[keep])
        pair_values.append(values[keep])
    # Identical texts are duplicates whatever the vectors say (also when all inputs are the same): the first of
    # each text stands for all of them while grouping, and its copies join its group afterwards.
    first_of: dict[str, int] = {}
    representative = np.array([first_of.setdefault(text, n) if text else n for n, text in enumerate(texts)])
    copies: dict[int, list[int]] = {}
    for n, first in enumerate(representative.tolist()):
        copies.setdefault(first, []).append(n)
    row_index = np.concatenate(pair_rows)
    column_index = np.concatenate(pair_columns)
    values = np.concatenate(pair_values)
    keep = (representative[row_index] == row_index) & (representative[column_index] == column_index)
    edges = sparse.coo_matrix(
        (values[keep], (row_index[keep], column_index[keep])), shape=(len(positions),) * 2
    ).tocsr()
    edges = sparse.csr_matrix(edges.maximum(edges.T))
    _count, component = connected_components(edges, directed=False)
    members_of: dict[int, list[int]] = {}
    for n in copies:  # representatives only
        members_of.setdefault(int(component[n]), []).append(n)

    rep_groups: list[list[int]] = []
    for members in members_of.values():
        if len(members) == 1:
            rep_groups.append(members)
        elif len(members) > LINKAGE_LIMIT:
            rep_groups.extend(_greedy_groups(members, edges))
        else:
            local = np.array(members)
            distance = top - np.asarray(edges[local][:, local].todense())  # a missing pair: too far apart
            np.fill_diagonal(distance, 0.0)
            tree = linkage(squareform(distance, checks=False), method="complete")
            labels = fcluster(tree, t=top - threshold, criterion="distance")
            rep_groups.extend(local[labels == label].tolist() for label in sorted(set(labels.tolist())))

    groups: list[tuple[list[int], np.ndarray]] = []
    for reps in rep_groups:
        members = [member for rep in reps for member in copies[rep]]
        if len(members) < 2:
            continue
        local_reps = np.array([representative[member] for member in members])
        matrix = np.asarray(edges[local_reps][:, local_reps].todense())
        matrix[local_reps[:, None] == local_reps[None, :]] = top
        groups.append((members, matrix))

    result = []
    ordered = sorted(groups, key=lambda group: (-len(group[0]), corpus.ids[positions[group[0][0]]]))
    for number, (members, matrix) in enumerate(ordered, 1):
        ids_ = [corpus.ids[positions[n]] for n in members]
        centrality = matrix.sum(axis=1)
        canonical = min(range(len(members)), key=lambda n: (-round(float(centrality[n]), 6), ids_[n]))
        order = sorted(range(len(members)), key=lambda n: (n != canonical, ids_[n]))
        lowest = float(matrix[np.triu_indices(len(members), 1)].min())
        members_sorted = tuple(ids_[n] for n in order)[: settings.max_group_size]
        result.append(
            DuplicateGroup(
                id=number,
                member_ids=members_sorted,
                canonical_id=ids_[canonical],
                similarity=round(min(lowest, top), 4),
            )
        )
    return result


def _greedy_groups(members: list[int], edges: sparse.csr_matrix) -> list[list[int]]:
    """Complete-linkage-like grouping for a large component: the best-connected input takes the neighbours
    that are above the threshold with every member taken so far, then the next, until none is left."""
    neighbours = {
        member: set(edges.indices[edges.indptr[member] : edges.indptr[member + 1]].tolist()) for member in members
    }
    free = set(members)
    result = []
    for leader in sorted(members, key=lambda member: (-len(neighbours[member]), member)):
        if leader not in free:
            continue
        group = [leader]
        for candidate in sorted(neighbours[leader] & free):
            if all(candidate in neighbours[other] for other in group[1:]):
                group.append(candidate)
        result.append(group)
        free.difference_update(group)
    return result


def group_of(groups: Sequence[DuplicateGroup]) -> dict[str, int]:
    return {member: group.id for group in groups for member in group.member_ids}
