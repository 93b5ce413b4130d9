"""Hyper-parameters of the Seq2Label review tagger, saved with every checkpoint."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Seq2LabelConfig:
    """Everything that shapes the tokenizer, the network and its training."""

    vocab_size: int = 4000
    embedding_dim: int = 128
    hidden_dim: int = 192
    num_layers: int = 1
    dropout: float = 0.2
    # Pointer-generator copying of source subwords (see network.py).
    copy_mechanism: bool = True
    # Review text beyond this many subwords is cut; 50,000-character inputs cost no more than this.
    max_source_tokens: int = 96
    # Room for an 8-word label in subwords plus EOS; labels are never cut to 10 tokens.
    max_target_tokens: int = 24
    max_label_words: int = 8
    batch_size: int = 64
    epochs: int = 30
    learning_rate: float = 2e-3
    weight_decay: float = 0.01
    clip_norm: float = 1.0
    # Scheduled teacher forcing: ratio = max(tf_min, tf_start * tf_decay ** epoch).
    tf_start: float = 1.0
    tf_decay: float = 0.9
    tf_min: float = 0.5
    patience: int = 4
    # Wall-clock cap on training (None: none); the best epoch so far is kept when it hits.
    max_train_seconds: float | None = None
    val_fraction: float = 0.1
    beam_size: int = 4
    # Beam scores are divided by length ** length_penalty so short labels do not always win.
    length_penalty: float = 0.7
    seed: int = 13

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Seq2LabelConfig:
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        # Checkpoints written before the copy mechanism existed have no copy gate.
        values.setdefault("copy_mechanism", False)
        return cls(**values)
