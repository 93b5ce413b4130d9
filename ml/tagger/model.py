"""Seq2Label: fit, save, load and predict short review labels from review text."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import torch

from ml.tagger.checkpoint import CheckpointError, read_checkpoint, write_checkpoint
from ml.tagger.config import Seq2LabelConfig
from ml.tagger.decoding import beam_decode, greedy_decode, strip_after_eos, without_repeats
from ml.tagger.network import Seq2LabelNet
from ml.tagger.tokenizer import EOS_ID, SOS_ID, SubwordTokenizer
from ml.tagger.training import Pair, ProgressCallback, TrainingHistory, train_network

KIND = "seq2label"
_WEIGHTS = "weights.pt"
_TOKENIZER = "tokenizer.json"


@dataclass(frozen=True)
class AttentionMap:
    """Which source subwords each generated subword attended to; rows sum to 1."""

    source_tokens: list[str]
    output_tokens: list[str]
    weights: npt.NDArray[np.float32]  # (len(output_tokens), len(source_tokens))


def pick_device(requested: str | torch.device | None = None) -> torch.device:
    if requested is not None:
        return torch.device(requested)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def clip_words(text: str, max_words: int) -> str:
    return " ".join(text.split()[:max_words])


class Seq2Label:
    """Review text -> short label (at most `config.max_label_words` words), or None for no text."""

    def __init__(
        self, config: Seq2LabelConfig | None = None, device: str | torch.device | None = None
    ) -> None:
        self.config = config or Seq2LabelConfig()
        self.device = pick_device(device)
        self.tokenizer: SubwordTokenizer | None = None
        self.net: Seq2LabelNet | None = None
        self.history: TrainingHistory | None = None
        self._word_start_cache: tuple[SubwordTokenizer, torch.Tensor] | None = None

    # ----- training -------------------------------------------------------------------------

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str | None],
        *,
        val_texts: Sequence[str] | None = None,
        val_labels: Sequence[str | None] | None = None,
        metrics_path: Path | None = None,
        on_progress: ProgressCallback | None = None,
        show_progress: bool = True,
    ) -> TrainingHistory:
        """Trains tokenizer and network; pairs with empty text or no label are skipped.

        Without `val_texts`, `config.val_fraction` of the pairs is held out for early stopping.
        """
        if len(texts) != len(labels):
            raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
        config = self.config
        random.seed(config.seed)
        np.random.seed(config.seed)
        torch.manual_seed(config.seed)
        train = _usable_pairs(texts, labels, config.max_label_words)
        if not train:
            raise ValueError("no usable (text, label) pairs to train on")
        if val_texts is not None and val_labels is not None:
            val = _usable_pairs(val_texts, val_labels, config.max_label_words)
        else:
            order = np.random.default_rng(config.seed).permutation(len(train))
            held = int(len(train) * config.val_fraction) if len(train) >= 20 else 0
            val = [train[i] for i in order[:held]]
            train = [train[i] for i in order[held:]]

        self.tokenizer = SubwordTokenizer.train(
            [text for text, _ in train] + [label for _, label in train], config.vocab_size
        )
        self.net = Seq2LabelNet(config, self.tokenizer.vocab_size).to(self.device)
        self.history = train_network(
            self.net,
            config,
            self._encode_pairs(train),
            self._encode_pairs(val),
            self.device,
            metrics_path=metrics_path,
            on_progress=on_progress,
            show_progress=show_progress,
        )
        return self.history

    def _encode_pairs(self, pairs: list[tuple[str, str]]) -> list[Pair]:
        tokenizer = self.tokenizer
        if tokenizer is None:
            raise RuntimeError("the tokenizer is trained in fit(); encode pairs after it")
        config = self.config
        sources = tokenizer.encode_batch([text for text, _ in pairs], config.max_source_tokens)
        targets = tokenizer.encode_batch([label for _, label in pairs], config.max_target_tokens - 1)
        return [
            Pair(source, [*target, EOS_ID]) for source, target in zip(sources, targets, strict=True) if source
        ]

    # ----- inference ------------------------------------------------------------------------

    def predict(
        self, texts: Sequence[str], beam: int | None = None, batch_size: int = 256
    ) -> list[str | None]:
        """One label per text: None where the text is empty. `beam` > 1 uses beam search."""
        net, tokenizer = self._ready()
        config = self.config
        ids = tokenizer.encode_batch([text.strip() for text in texts], config.max_source_tokens)
        labels: list[str | None] = [None] * len(texts)
        word_starts = self._word_starts(tokenizer)
        todo = sorted((i for i, row in enumerate(ids) if row), key=lambda i: len(ids[i]))
        net.eval()
        with torch.inference_mode(), self._autocast():
            for start in range(0, len(todo), batch_size):
                chunk = todo[start : start + batch_size]
                source, lengths = self._pad([ids[i] for i in chunk])
                encoded = net.encode(source, lengths)
                if beam is None or beam <= 1:
                    outputs = greedy_decode(net, encoded, config.max_target_tokens, word_starts)
                else:
                    outputs = [
                        beam_decode(
                            net,
                            encoded.select(row),
                            beam,
                            config.max_target_tokens,
                            config.length_penalty,
                            word_starts,
                        )
                        for row in range(len(chunk))
                    ]
                for index, output in zip(chunk, outputs, strict=True):
                    label = clip_words(tokenizer.decode(output), config.max_label_words)
                    labels[index] = label or None
        return labels

    def attention(self, text: str) -> AttentionMap:
        """Greedy decoding of one text, keeping the attention weights of every step."""
        net, tokenizer = self._ready()
        ids = tokenizer.encode(text.strip(), self.config.max_source_tokens)
        if not ids:
            raise ValueError("empty text has nothing to attend to")
        net.eval()
        with torch.inference_mode():
            source, lengths = self._pad([ids])
            encoded = net.encode(source, lengths)
            previous = torch.tensor([SOS_ID], device=self.device)
            hidden = encoded.hidden
            word_starts = self._word_starts(tokenizer)
            produced: list[int] = []
            rows: list[npt.NDArray[np.float32]] = []
            for _ in range(self.config.max_target_tokens):
                log_probs, hidden, weights = net.decoder.step(previous, hidden, encoded)
                previous = without_repeats(log_probs, previous, word_starts).argmax(dim=1)
                produced.append(int(previous))
                rows.append(weights[0].float().cpu().numpy())
                if produced[-1] == EOS_ID:
                    break
        kept = strip_after_eos(produced)
        return AttentionMap(
            source_tokens=[tokenizer.decode([token]) for token in ids],
            output_tokens=[tokenizer.decode([token]) for token in kept] + ["<eos>"],
            weights=np.stack(rows).astype(np.float32),
        )

    def _pad(self, rows: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
        source = torch.zeros((len(rows), max(len(row) for row in rows)), dtype=torch.long)
        for index, row in enumerate(rows):
            source[index, : len(row)] = torch.tensor(row)
        return source.to(self.device), torch.tensor([len(row) for row in rows])

    def _word_starts(self, tokenizer: SubwordTokenizer) -> torch.Tensor:
        """Which ids begin a word, on the model's device; decoding never repeats those.

        Built once per tokenizer: tag_products calls predict() batch after batch.
        """
        cached = self._word_start_cache
        if cached is None or cached[0] is not tokenizer:
            starts = torch.tensor(tokenizer.word_starts(), dtype=torch.bool, device=self.device)
            cached = self._word_start_cache = (tokenizer, starts)
        return cached[1]

    def _autocast(self) -> torch.autocast:
        return torch.autocast(
            device_type=self.device.type,
            dtype=torch.float16,
            enabled=self.device.type == "cuda",
        )

    def _ready(self) -> tuple[Seq2LabelNet, SubwordTokenizer]:
        if self.net is None or self.tokenizer is None:
            raise RuntimeError("Seq2Label is not trained: call fit() or Seq2Label.load() first")
        return self.net, self.tokenizer

    # ----- persistence ----------------------------------------------------------------------

    def save(self, root: Path) -> Path:
        """Writes a new version folder under `root` atomically and returns it."""
        net, tokenizer = self._ready()

        def write_files(folder: Path) -> None:
            torch.save(net.state_dict(), folder / _WEIGHTS)
            tokenizer.save(folder / _TOKENIZER)

        history = self.history.to_dict() if self.history is not None else None
        return write_checkpoint(
            root,
            KIND,
            write_files,
            {"config": self.config.to_dict(), "history": history},
        )

    @classmethod
    def load(cls, root: Path, device: str | torch.device | None = None) -> Seq2Label:
        """The latest version under `root` (or the version folder `root` itself).

        Raises CheckpointError when it is missing, corrupt or not a Seq2Label checkpoint.
        """
        folder, manifest = read_checkpoint(root, KIND)
        try:
            config = Seq2LabelConfig.from_dict(manifest["config"])
            model = cls(config, device)
            tokenizer = SubwordTokenizer.load(folder / _TOKENIZER)
            net = Seq2LabelNet(config, tokenizer.vocab_size)
            state = torch.load(folder / _WEIGHTS, map_location="cpu", weights_only=True)
            net.load_state_dict(state)
        except CheckpointError:
            raise
        except Exception as error:  # torch and tokenizers raise many types; the caller needs one
            raise CheckpointError(
                f"checkpoint {folder} cannot be loaded ({type(error).__name__}: {error})"
            ) from error
        model.tokenizer = tokenizer
        model.net = net.to(model.device).eval()
        return model


def _usable_pairs(
    texts: Sequence[str], labels: Sequence[str | None], max_label_words: int
) -> list[tuple[str, str]]:
    pairs = []
    for text, label in zip(texts, labels, strict=True):
        if label is None or not text.strip():
            continue
        clipped = clip_words(label, max_label_words)
        if clipped:
            pairs.append((text.strip(), clipped))
    return pairs
