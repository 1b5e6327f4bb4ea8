"""The engine's plain inputs and outputs: records in, dataclasses out. Nothing here knows about Django."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: Bumped whenever the text pipeline changes what it stores, so stored features are recomputed.
PIPELINE_VERSION = 3

LANGUAGES = ("nb", "nn", "da", "en")


@dataclass(frozen=True)
class InputRecord:
    """One resident input as the engine sees it."""

    id: str
    text: str
    language: str | None = None
    channel: str | None = None
    focus_area: str | None = None


@dataclass(frozen=True)
class FocusArea:
    """A focus area of a roadmap: its key, name and a description (what belongs there)."""

    key: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Features:
    """What the engine computes once per input and the integration stores (see `to_dict`)."""

    text: str  # normalised text (HTML, control characters and emoji removed, whitespace folded, truncated)
    language: str  # nb, nn, da, en, or "und" when the text is in none of them (or has no words)
    language_confidence: float
    detected_language: str  # best guess among every language the detector knows (e.g. "sv", "so"), or "und"
    languages: tuple[str, ...]  # more than one when the text mixes languages
    terms: tuple[str, ...]  # lemmas without stop words, lower case, in text order
    grams: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint32), compare=False)
    # ^ hashed character 3-5-grams of the text (sorted, unique uint32): spelling slips and shared Nordic words
    embedding: np.ndarray | None = field(default=None, compare=False)  # float32, L2-normalised
    backend: str = ""  # which embedding backend made `embedding` ("" when none)
    version: int = PIPELINE_VERSION

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable form; the embedding is base64 of little-endian float32."""
        return {
            "version": self.version,
            "text": self.text,
            "language": self.language,
            "language_confidence": round(float(self.language_confidence), 4),
            "detected_language": self.detected_language,
            "languages": list(self.languages),
            "terms": list(self.terms),
            "grams": encode_ids(self.grams),
            "backend": self.backend,
            "embedding": encode_vector(self.embedding) if self.embedding is not None else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Features:
        embedding = data.get("embedding")
        return cls(
            text=data["text"],
            language=data["language"],
            language_confidence=float(data["language_confidence"]),
            detected_language=data.get("detected_language", data["language"]),
            languages=tuple(data.get("languages", ())),
            terms=tuple(data["terms"]),
            grams=decode_ids(data.get("grams", "")),
            embedding=decode_vector(embedding) if embedding else None,
            backend=data.get("backend", ""),
            version=int(data.get("version", 0)),
        )


def encode_vector(vector: np.ndarray) -> str:
    return base64.b64encode(np.asarray(vector, dtype="<f4").tobytes()).decode("ascii")


def decode_vector(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<f4").astype(np.float32)


def encode_ids(ids: np.ndarray) -> str:
    return base64.b64encode(np.asarray(ids, dtype="<u4").tobytes()).decode("ascii")


def decode_ids(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<u4").astype(np.uint32) if text else np.zeros(0, np.uint32)


@dataclass(frozen=True)
class Theme:
    """A group of inputs about the same thing."""

    id: int
    label: str  # the suggested label until staff rename it
    keywords: tuple[str, ...]
    member_ids: tuple[str, ...]  # ordered: most representative first
    representative_ids: tuple[str, ...]
    is_accepted: bool = False
    is_renamed: bool = False

    @property
    def size(self) -> int:
        return len(self.member_ids)


@dataclass(frozen=True)
class ThemeSettings:
    n_themes: int | None = None  # None: chosen from the data
    max_themes: int = 30
    keywords: int = 6
    representatives: int = 3
    seed: int = 0


@dataclass(frozen=True)
class ThemeResult:
    themes: tuple[Theme, ...]
    settings: ThemeSettings
    backend: str

    def theme_of(self, record_id: str) -> Theme | None:
        for theme in self.themes:
            if record_id in theme.member_ids:
                return theme
        return None

    def assignments(self) -> dict[str, int]:
        return {member: theme.id for theme in self.themes for member in theme.member_ids}


@dataclass(frozen=True)
class Suggestion:
    """A suggested focus area for one input; staff confirm or correct it, it is never applied silently."""

    id: str
    focus_area: str
    confidence: float  # probability of the suggested area
    margin: float  # top probability minus the runner-up: small means uncertain
    probabilities: dict[str, float] = field(compare=False, default_factory=dict)


@dataclass(frozen=True)
class DuplicateGroup:
    """Inputs that say the same thing; `canonical_id` is the one the others would be merged into."""

    id: int
    member_ids: tuple[str, ...]
    canonical_id: str
    similarity: float  # the lowest similarity between two members

    @property
    def count(self) -> int:
        return len(self.member_ids)


@dataclass(frozen=True)
class DuplicateSettings:
    threshold: float = 0.0  # 0: the backend's own calibrated threshold
    max_group_size: int = 50
