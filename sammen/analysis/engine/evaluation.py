"""Evaluation helpers: a reproducible train/hidden split, macro-F1 and accuracy, duplicate pair precision."""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sklearn.metrics import accuracy_score, f1_score

from .records import DuplicateGroup


def split_labelled(
    labels: Mapping[str, str], fraction: float, *, seed: int = 0, groups: Mapping[str, str] | None = None
) -> tuple[dict[str, str], dict[str, str]]:
    """(training, hidden): `fraction` of each area's labelled rows for training, the rest hidden.

    Rows sharing a group (e.g. near-duplicates of one another) land on the same side, so the hidden rows
    never contain a translation of a training row. Every area keeps at least one training row when
    fraction > 0.
    """
    if fraction <= 0:
        return {}, dict(labels)
    if fraction >= 1:
        return dict(labels), {}
    units: dict[str, list[str]] = {}
    for record_id in sorted(labels):
        unit = (groups or {}).get(record_id) or f"row:{record_id}"
        units.setdefault(unit, []).append(record_id)
    by_area: dict[str, list[str]] = {}
    for unit, members in sorted(units.items()):
        by_area.setdefault(labels[members[0]], []).append(unit)
    rng = random.Random(seed)
    training: dict[str, str] = {}
    for area in sorted(by_area):
        area_units = by_area[area]
        rng.shuffle(area_units)
        target = fraction * sum(len(units[unit]) for unit in area_units)
        taken = 0
        for unit in area_units:
            if taken >= target and taken > 0:
                break
            for record_id in units[unit]:
                training[record_id] = labels[record_id]
            taken += len(units[unit])
    hidden = {record_id: key for record_id, key in labels.items() if record_id not in training}
    return training, hidden


@dataclass(frozen=True)
class Scores:
    rows: int
    macro_f1: float
    accuracy: float


def score(truth: Mapping[str, str], predicted: Mapping[str, str], ids: Sequence[str] | None = None) -> Scores:
    chosen = [record_id for record_id in (ids if ids is not None else sorted(truth)) if record_id in predicted]
    if not chosen:
        return Scores(0, 0.0, 0.0)
    expected = [truth[record_id] for record_id in chosen]
    got = [predicted[record_id] for record_id in chosen]
    return Scores(
        rows=len(chosen),
        macro_f1=round(float(f1_score(expected, got, average="macro", zero_division=0)), 4),
        accuracy=round(float(accuracy_score(expected, got)), 4),
    )


@dataclass(frozen=True)
class PairScores:
    predicted_pairs: int
    true_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return round(self.correct_pairs / self.predicted_pairs, 4) if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return round(self.correct_pairs / self.true_pairs, 4) if self.true_pairs else 1.0


def duplicate_pair_scores(groups: Sequence[DuplicateGroup], keys: Mapping[str, str]) -> PairScores:
    """Pairs inside found groups against pairs sharing a non-empty key (e.g. a `duplicate_key` column)."""
    members: dict[str, list[str]] = {}
    for record_id, key in keys.items():
        if key:
            members.setdefault(key, []).append(record_id)
    true_pairs = sum(len(group) * (len(group) - 1) // 2 for group in members.values())
    predicted = correct = 0
    for group in groups:
        for a, b in itertools.combinations(group.member_ids, 2):
            predicted += 1
            if keys.get(a) and keys.get(a) == keys.get(b):
                correct += 1
    return PairScores(predicted, true_pairs, correct)
