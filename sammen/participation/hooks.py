"""Extension points of the co-creation app for modules built on it (e.g. analysis), so that it imports none.

- `on_inputs_changed(callback)`: called with the ids of inputs created or whose text changed, after the
  transaction that wrote them commits (analysis computes their features in background work).
- `add_process_staff_link(link)`: a tab in the staff navigation of every process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

InputsChanged = Callable[[list[int]], None]

_inputs_changed: list[InputsChanged] = []


@dataclass(frozen=True)
class ProcessStaffLink:
    """A tab in a process's staff navigation; `url_name` is reversed with municipality_slug and process_slug."""

    key: str
    order: int
    label: Any
    url_name: str


process_staff_links: dict[str, ProcessStaffLink] = {}


def on_inputs_changed(callback: InputsChanged) -> None:
    if callback not in _inputs_changed:
        _inputs_changed.append(callback)


def add_process_staff_link(link: ProcessStaffLink) -> None:
    process_staff_links[link.key] = link


def inputs_changed(ids: Iterable[int]) -> None:
    """Tell the registered modules, once the current transaction commits, that these inputs are new or edited."""
    chosen = sorted({int(pk) for pk in ids if pk is not None})
    if not chosen or not _inputs_changed:
        return

    def notify() -> None:
        for callback in list(_inputs_changed):
            callback(chosen)

    transaction.on_commit(notify)
