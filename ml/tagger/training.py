"""Training loop of Seq2Label: masked cross-entropy, scheduled teacher forcing, early stopping."""

from __future__ import annotations

import copy
import json
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from torch import nn

from ml.tagger.config import Seq2LabelConfig
from ml.tagger.network import Seq2LabelNet
from ml.tagger.tokenizer import PAD_ID, SOS_ID

ProgressCallback = Callable[[float, str], None]
"""Called with (fraction done in [0, 1], human message); workers forward it to job status."""

# Sorting reviews of similar length into the same batch cuts padding (and CPU time) a lot;
# pools of this many batches are sorted, so batch composition still changes every epoch.
_BUCKET_POOL = 20


@dataclass(frozen=True)
class Pair:
    """One training example as subword ids; `target` ends with EOS."""

    source: list[int]
    target: list[int]


@dataclass(frozen=True)
class EpochMetrics:
    epoch: int
    train_loss: float
    val_loss: float | None
    tf_ratio: float
    pairs_per_s: float
    seconds: float


@dataclass
class TrainingHistory:
    epochs: list[EpochMetrics] = field(default_factory=list)
    best_epoch: int = -1
    best_loss: float = math.inf
    stopped_early: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "epochs": [asdict(epoch) for epoch in self.epochs],
            "best_epoch": self.best_epoch,
            "best_loss": self.best_loss,
            "stopped_early": self.stopped_early,
        }


@dataclass
class Batch:
    source: torch.Tensor  # (batch, source_len)
    lengths: torch.Tensor  # (batch,)
    target: torch.Tensor  # (batch, target_len), PAD after EOS

    @property
    def size(self) -> int:
        return int(self.source.size(0))


def teacher_forcing_ratio(config: Seq2LabelConfig, epoch: int) -> float:
    """Share of decoder inputs taken from the gold label in `epoch` (0-based); decays per epoch."""
    return max(config.tf_min, config.tf_start * config.tf_decay**epoch)


def make_batch(pairs: list[Pair], device: torch.device) -> Batch:
    source_len = max(len(pair.source) for pair in pairs)
    target_len = max(len(pair.target) for pair in pairs)
    source = torch.full((len(pairs), source_len), PAD_ID, dtype=torch.long)
    target = torch.full((len(pairs), target_len), PAD_ID, dtype=torch.long)
    for row, pair in enumerate(pairs):
        source[row, : len(pair.source)] = torch.tensor(pair.source)
        target[row, : len(pair.target)] = torch.tensor(pair.target)
    lengths = torch.tensor([len(pair.source) for pair in pairs])
    return Batch(source.to(device), lengths, target.to(device))


def iterate_batches(
    pairs: list[Pair], batch_size: int, rng: np.random.Generator | None, device: torch.device
) -> Iterator[Batch]:
    """Length-bucketed batches, shuffled when `rng` is given, in order otherwise."""
    order = rng.permutation(len(pairs)) if rng is not None else np.arange(len(pairs))
    pool = batch_size * _BUCKET_POOL
    chunks: list[list[int]] = []
    for start in range(0, len(order), pool):
        members = sorted(order[start : start + pool].tolist(), key=lambda i: len(pairs[i].source))
        chunks.extend(members[i : i + batch_size] for i in range(0, len(members), batch_size))
    if rng is not None:
        chunks = [chunks[i] for i in rng.permutation(len(chunks))]
    for chunk in chunks:
        yield make_batch([pairs[i] for i in chunk], device)


def sequence_loss(
    net: Seq2LabelNet,
    batch: Batch,
    tf_ratio: float,
    generator: torch.Generator | None,
) -> torch.Tensor:
    """Mean cross-entropy over real target tokens (PAD masked out).

    Each decoder input is the gold previous token with probability `tf_ratio`, else the model's
    own previous argmax, drawn per token and per sequence (scheduled sampling).
    """
    source = net.encode(batch.source, batch.lengths)
    hidden = source.hidden
    device = batch.source.device
    previous = torch.full((batch.size,), SOS_ID, dtype=torch.long, device=device)
    losses: list[torch.Tensor] = []
    for step in range(batch.target.size(1)):
        log_probs, hidden, _ = net.decoder.step(previous, hidden, source)
        gold = batch.target[:, step]
        losses.append(nn.functional.nll_loss(log_probs, gold, reduction="none"))
        if tf_ratio >= 1.0:
            previous = gold
        else:
            use_gold = torch.rand(batch.size, generator=generator) < tf_ratio
            previous = torch.where(use_gold.to(device), gold, log_probs.argmax(dim=1).detach())
    token_losses = torch.stack(losses, dim=1)
    mask = (batch.target != PAD_ID).float()
    return (token_losses * mask).sum() / mask.sum().clamp(min=1.0)


def evaluate_loss(
    net: Seq2LabelNet, pairs: list[Pair], config: Seq2LabelConfig, device: torch.device
) -> float:
    """Teacher-forced validation loss averaged over tokens-weighted batches."""
    net.eval()
    total, weight = 0.0, 0
    with torch.inference_mode(), _autocast(device):
        for batch in iterate_batches(pairs, config.batch_size, None, device):
            tokens = int((batch.target != PAD_ID).sum())
            total += float(sequence_loss(net, batch, 1.0, None)) * tokens
            weight += tokens
    return total / max(weight, 1)


def _autocast(device: torch.device) -> torch.autocast:
    # Mixed precision only on CUDA: CPU autocast (bfloat16) is slower than float32 for GRUs.
    return torch.autocast(device_type=device.type, dtype=torch.float16, enabled=device.type == "cuda")


def train_network(
    net: Seq2LabelNet,
    config: Seq2LabelConfig,
    train_pairs: list[Pair],
    val_pairs: list[Pair],
    device: torch.device,
    metrics_path: Path | None = None,
    on_progress: ProgressCallback | None = None,
    show_progress: bool = True,
) -> TrainingHistory:
    """Fits `net` in place and leaves it holding the weights of its best epoch."""
    rng = np.random.default_rng(config.seed)
    generator = torch.Generator().manual_seed(config.seed)
    optimizer = torch.optim.AdamW(net.parameters(), lr=config.learning_rate, weight_decay=config.weight_decay)
    scaler = torch.amp.GradScaler("cuda", enabled=device.type == "cuda")
    history = TrainingHistory()
    best_state = copy.deepcopy(net.state_dict())
    stale_epochs = 0
    batches_per_epoch = max(1, math.ceil(len(train_pairs) / config.batch_size))
    total_batches = batches_per_epoch * config.epochs
    if metrics_path is not None:
        metrics_path.parent.mkdir(parents=True, exist_ok=True)
        metrics_path.write_text("")

    progress = Progress(
        TextColumn("[bold]Seq2Label[/] {task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} batches"),
        TimeRemainingColumn(),
        disable=not show_progress,
        transient=True,
    )
    deadline = (
        time.perf_counter() + config.max_train_seconds if config.max_train_seconds is not None else math.inf
    )
    out_of_time = False
    with progress:
        task = progress.add_task("training", total=total_batches)
        for epoch in range(config.epochs):
            ratio = teacher_forcing_ratio(config, epoch)
            net.train()
            started = time.perf_counter()
            loss_sum, seen = 0.0, 0
            for batch in iterate_batches(train_pairs, config.batch_size, rng, device):
                optimizer.zero_grad(set_to_none=True)
                with _autocast(device):
                    loss = sequence_loss(net, batch, ratio, generator)
                scaled: torch.Tensor = scaler.scale(loss)
                torch.autograd.backward(scaled)
                scaler.unscale_(optimizer)
                nn.utils.clip_grad_norm_(net.parameters(), config.clip_norm)
                scaler.step(optimizer)
                scaler.update()
                loss_sum += float(loss.detach()) * batch.size
                seen += batch.size
                progress.advance(task)
                if on_progress is not None:
                    done = progress.tasks[0].completed / total_batches
                    message = f"epoch {epoch + 1}/{config.epochs} loss {float(loss.detach()):.3f}"
                    on_progress(done, message)
                if time.perf_counter() > deadline:
                    out_of_time = True
                    break
            seconds = time.perf_counter() - started
            train_loss = loss_sum / max(seen, 1)
            val_loss = evaluate_loss(net, val_pairs, config, device) if val_pairs else None
            metrics = EpochMetrics(
                epoch=epoch + 1,
                train_loss=train_loss,
                val_loss=val_loss,
                tf_ratio=ratio,
                pairs_per_s=seen / seconds if seconds > 0 else 0.0,
                seconds=seconds,
            )
            history.epochs.append(metrics)
            if metrics_path is not None:
                with metrics_path.open("a", encoding="utf-8") as handle:
                    handle.write(json.dumps(asdict(metrics)) + "\n")
            progress.update(
                task,
                description=f"epoch {epoch + 1} train {train_loss:.3f} val "
                + (f"{val_loss:.3f}" if val_loss is not None else "-"),
            )
            # Without a validation split, early stopping watches the training loss instead.
            watched = val_loss if val_loss is not None else train_loss
            if watched < history.best_loss - 1e-4:
                history.best_loss = watched
                history.best_epoch = epoch + 1
                best_state = copy.deepcopy(net.state_dict())
                stale_epochs = 0
            else:
                stale_epochs += 1
                if stale_epochs >= config.patience:
                    history.stopped_early = True
                    break
            if out_of_time:
                history.stopped_early = True
                break
    net.load_state_dict(best_state)
    net.eval()
    if on_progress is not None:
        on_progress(1.0, f"done: best epoch {history.best_epoch} loss {history.best_loss:.3f}")
    return history
