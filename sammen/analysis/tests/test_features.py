import numpy as np
import pytest

from sammen.analysis.engine import Corpus, InputRecord, compute_features, ensure_features, is_current
from sammen.analysis.engine.records import Features

from .conftest import records


class CountingBackend:
    """A stand-in with the backend interface that counts what it is asked to embed."""

    name = "counting:v1"
    dimension = 4

    def __init__(self):
        self.seen: list[str] = []

    def embed(self, texts):
        self.seen.extend(texts)
        rows = np.array([[len(t), t.count("a") + 1, t.count("e") + 1, 1.0] for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_given_language_is_kept_and_detection_recorded():
    (item,) = compute_features([InputRecord(id="1", text="Vi treng fleire benkar i parken", language="nn")], None)
    assert (item.language, item.language_confidence) == ("nn", 1.0)
    assert item.detected_language == "nn"


def test_untagged_inputs_get_a_detected_language():
    (item,) = compute_features(records("Der mangler en cykelsti langs hovedvejen"), None)
    assert item.language == "da"


def test_identical_texts_are_embedded_once():
    backend = CountingBackend()
    features = compute_features(records("Mer lys", "Mer lys", "Flere benker"), backend)
    assert backend.seen == ["Mer lys", "Flere benker"]
    assert np.array_equal(features[0].embedding, features[1].embedding)
    assert all(item.backend == "counting:v1" for item in features)


def test_stored_features_are_reused_and_stale_ones_recomputed():
    backend = CountingBackend()
    inputs = records("Mer lys i parken", "Flere benker", "Ny lekeplass")
    stored = {record.id: item for record, item in zip(inputs, compute_features(inputs, backend), strict=True)}
    stale = Features(**{**stored["r2"].__dict__, "version": 0})
    other_backend = Features(**{**stored["r3"].__dict__, "backend": "other:v9"})
    backend.seen.clear()
    features, computed = ensure_features(inputs, {"r1": stored["r1"], "r2": stale, "r3": other_backend}, backend)
    assert computed == ["r2", "r3"]
    assert backend.seen == ["Flere benker", "Ny lekeplass"]
    assert features[0] is stored["r1"]
    assert all(is_current(item, backend) for item in features)


def test_without_a_backend_any_current_features_will_do():
    (item,) = compute_features(records("Mer lys"), CountingBackend())
    assert is_current(item, None)
    assert not is_current(None, None)


def test_corpus_refuses_duplicate_ids():
    item = compute_features(records("Mer lys"), None)[0]
    with pytest.raises(ValueError, match="unique"):
        Corpus([InputRecord("1", "a"), InputRecord("1", "b")], [item, item])


def test_corpus_without_embeddings_falls_back_to_lexical_vectors():
    inputs = records("Mer lys i parken", "Flere benker i parken", "Lang ventetid hos legen", "Legen har ventetid")
    corpus = Corpus(inputs, compute_features(inputs, None))
    assert corpus.embeddings is None and corpus.backend == ""
    assert corpus.dense.shape[0] == 4
    assert np.allclose(np.linalg.norm(corpus.dense, axis=1), 1.0, atol=1e-5)


def test_embeddings_are_centred_per_language():
    backend = CountingBackend()
    inputs = [InputRecord(str(n), f"tekst nummer {'a' * n}", language="nb") for n in range(10)]
    corpus = Corpus(inputs, compute_features(inputs, backend))
    assert corpus.backend == "counting:v1"
    assert np.allclose(corpus.semantic.mean(axis=0)[:3], 0.0, atol=0.3)
    assert np.allclose(np.linalg.norm(corpus.semantic, axis=1), 1.0, atol=1e-5)
