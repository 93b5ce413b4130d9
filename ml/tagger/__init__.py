"""Seq2Label review tagger: review text in, short label out, with a teacher to make labels."""

from ml.tagger.checkpoint import CheckpointError
from ml.tagger.config import Seq2LabelConfig
from ml.tagger.model import AttentionMap, Seq2Label
from ml.tagger.training import EpochMetrics, ProgressCallback, TrainingHistory

__all__ = [
    "AttentionMap",
    "CheckpointError",
    "EpochMetrics",
    "ProgressCallback",
    "Seq2Label",
    "Seq2LabelConfig",
    "TrainingHistory",
]
