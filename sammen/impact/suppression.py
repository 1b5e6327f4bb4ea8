"""Small-group suppression, primary and complementary, so no result from fewer than k people can be shown or derived.

A table is a set of cells (each with its number of respondents) and groups: "these children partition that parent"
(the neighbourhoods and the residents outside them make up the municipality; women, men and those who did not say
make up everyone). Primary suppression hides every cell with 0 < n < k. Complementary suppression then makes sure that
in every group whose parent is shown, the hidden children together hold either nobody or at least k people: otherwise
subtracting the shown cells from the parent would reveal a small group. It hides the smallest shown child (or, when
none is left, the parent) and repeats until nothing changes. Cells that are never published on their own (people
outside every neighbourhood, sex not given) are hidden from the start but still counted.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Group:
    parent: Hashable
    children: tuple[Hashable, ...]


def suppress(
    counts: Mapping[Any, int], groups: Iterable[Group], k: int, never_shown: Iterable[Hashable] = ()
) -> set[Hashable]:
    """The keys of the cells that must not be shown."""
    groups = list(groups)
    hidden: set[Hashable] = {key for key, n in counts.items() if 0 < n < k}
    hidden.update(never_shown)
    changed = True
    while changed:
        changed = False
        for group in groups:
            if group.parent in hidden or counts.get(group.parent, 0) == 0:
                continue
            hidden_total = sum(counts.get(child, 0) for child in group.children if child in hidden)
            if 0 < hidden_total < k:
                shown = [c for c in group.children if c not in hidden and counts.get(c, 0) > 0]
                if shown:
                    hidden.add(min(shown, key=lambda c: (counts.get(c, 0), str(c))))
                else:
                    hidden.add(group.parent)
                changed = True
    return hidden


def disclosed_groups(
    counts: Mapping[Any, int], groups: Iterable[Group], hidden: set[Hashable], k: int
) -> list[tuple[Hashable, int]]:
    """What a differencing attack recovers: (parent, people) for each shown parent whose hidden rest is 0 < n < k.

    Used by the tests to prove `suppress` leaves nothing to find; an empty list means the table is safe.
    """
    found = []
    for group in groups:
        if group.parent in hidden or counts.get(group.parent, 0) == 0:
            continue
        rest = sum(counts.get(child, 0) for child in group.children if child in hidden)
        if 0 < rest < k:
            found.append((group.parent, rest))
    return found
