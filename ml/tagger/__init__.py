"""Seq2Label review tagger: review text in, short label out, with a teacher to make labels.

The names below load on first use: importing `ml.tagger.checkpoint` (every model's folder
format) must not import torch, which costs seconds and hundreds of MB in a server that may
never tag a review.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ml.tagger.checkpoint import CheckpointError
    from ml.tagger.config import Seq2LabelConfig
    from ml.tagger.model import AttentionMap, Seq2Label
    from ml.tagger.training import EpochMetrics, ProgressCallback, TrainingHistory

_HOMES = {
    "AttentionMap": "ml.tagger.model",
    "CheckpointError": "ml.tagger.checkpoint",
    "EpochMetrics": "ml.tagger.training",
    "ProgressCallback": "ml.tagger.training",
    "Seq2Label": "ml.tagger.model",
    "Seq2LabelConfig": "ml.tagger.config",
    "TrainingHistory": "ml.tagger.training",
}

__all__ = [
    "AttentionMap",
    "CheckpointError",
    "EpochMetrics",
    "ProgressCallback",
    "Seq2Label",
    "Seq2LabelConfig",
    "TrainingHistory",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
