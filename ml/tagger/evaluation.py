"""Held-out evaluation of review labels: ROUGE-L, BLEU, <unk> share, distinct-n, retrieval baseline.

BLEU here is sentence-level BLEU-4 averaged over the split, with add-one smoothing of the 2..4-gram
precisions (Lin & Och 2004; NLTK's method2) and the usual brevity penalty. Labels are 1-8 words,
so unsmoothed BLEU-4 would be zero for nearly every pair and corpus BLEU would hide per-label
variance. ROUGE-L is the F1 of the word-level longest common subsequence.
"""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ml.embeddings import TextEmbedder, default_embedder
from ml.tagger.tokenizer import UNK
from ml.tagger.training import TrainingHistory


def _words(text: str | None) -> list[str]:
    return (text or "").lower().split()


def rouge_l_f(candidate: str | None, reference: str | None) -> float:
    """F1 of the longest common word subsequence; 0 when either side is empty."""
    cand, ref = _words(candidate), _words(reference)
    if not cand or not ref:
        return 0.0
    previous = [0] * (len(ref) + 1)
    for word in cand:
        current = [0]
        for j, ref_word in enumerate(ref):
            current.append(previous[j] + 1 if word == ref_word else max(previous[j + 1], current[j]))
        previous = current
    lcs = previous[-1]
    if lcs == 0:
        return 0.0
    precision, recall = lcs / len(cand), lcs / len(ref)
    return 2 * precision * recall / (precision + recall)


def _ngrams(words: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def sentence_bleu(candidate: str | None, reference: str | None, max_n: int = 4) -> float:
    """Smoothed sentence BLEU-4 (add-one on n >= 2, as documented at the top of the module)."""
    cand, ref = _words(candidate), _words(reference)
    if not cand or not ref:
        return 0.0
    log_precision = 0.0
    for n in range(1, max_n + 1):
        cand_ngrams, ref_ngrams = _ngrams(cand, n), _ngrams(ref, n)
        matches = sum(min(count, ref_ngrams[gram]) for gram, count in cand_ngrams.items())
        total = max(len(cand) - n + 1, 0)
        if n == 1:
            if matches == 0:
                return 0.0
            log_precision += math.log(matches / total)
        else:
            log_precision += math.log((matches + 1) / (total + 1))
    brevity = 1.0 if len(cand) > len(ref) else math.exp(1 - len(ref) / len(cand))
    return brevity * math.exp(log_precision / max_n)


def distinct_n(outputs: Sequence[str | None], n: int) -> float:
    """Distinct n-grams over all n-grams across the outputs (diversity, 0..1)."""
    grams: list[tuple[str, ...]] = []
    for output in outputs:
        words = _words(output)
        grams.extend(tuple(words[i : i + n]) for i in range(len(words) - n + 1))
    return len(set(grams)) / len(grams) if grams else 0.0


def unk_rate(outputs: Sequence[str | None]) -> float:
    """Share of outputs that contain an <unk> token."""
    if not outputs:
        return 0.0
    return sum(UNK in (output or "") for output in outputs) / len(outputs)


@dataclass(frozen=True)
class LabelScores:
    count: int
    rouge_l: float
    bleu: float
    unk_rate: float
    distinct_1: float
    distinct_2: float
    empty_rate: float
    mean_words: float


def score_labels(predictions: Sequence[str | None], references: Sequence[str]) -> LabelScores:
    """All label metrics of one system against the references of the same split."""
    if len(predictions) != len(references):
        raise ValueError(f"{len(predictions)} predictions but {len(references)} references")
    count = len(predictions)
    pairs = list(zip(predictions, references, strict=True))
    return LabelScores(
        count=count,
        rouge_l=float(np.mean([rouge_l_f(p, r) for p, r in pairs])) if count else 0.0,
        bleu=float(np.mean([sentence_bleu(p, r) for p, r in pairs])) if count else 0.0,
        unk_rate=unk_rate(predictions),
        distinct_1=distinct_n(predictions, 1),
        distinct_2=distinct_n(predictions, 2),
        empty_rate=sum(not p for p in predictions) / count if count else 0.0,
        mean_words=float(np.mean([len(_words(p)) for p in predictions])) if count else 0.0,
    )


class NearestReviewBaseline:
    """Retrieval baseline: the label of the most similar training review (MiniLM cosine)."""

    def __init__(self, embedder: TextEmbedder | None = None) -> None:
        self.embedder = embedder or default_embedder()
        self._vectors = np.zeros((0, self.embedder.dimension), dtype=np.float32)
        self._labels: list[str] = []

    def fit(self, texts: Sequence[str], labels: Sequence[str | None]) -> NearestReviewBaseline:
        kept = [(t, lab) for t, lab in zip(texts, labels, strict=True) if lab and t.strip()]
        self._labels = [label for _, label in kept]
        self._vectors = self.embedder.encode([text for text, _ in kept])
        return self

    def predict(self, texts: Sequence[str]) -> list[str | None]:
        if not self._labels:
            return [None] * len(texts)
        queries = self.embedder.encode(list(texts))
        nearest = np.argmax(queries @ self._vectors.T, axis=1)
        return [
            self._labels[int(i)] if text.strip() else None for i, text in zip(nearest, texts, strict=True)
        ]


def write_report(
    path: Path,
    scores: dict[str, LabelScores],
    history: TrainingHistory | None = None,
    extra: dict[str, object] | None = None,
) -> None:
    """Metrics JSON: one entry per system, the training curve and any extra figures."""
    report = {
        "systems": {name: asdict(value) for name, value in scores.items()},
        "training": history.to_dict() if history is not None else None,
        **(extra or {}),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(json.dumps(report, indent=2), encoding="utf-8")
    os.replace(temporary, path)


def plot_report(path: Path, scores: dict[str, LabelScores], history: TrainingHistory | None) -> None:
    """PNG with the loss curves (left) and metric bars per system (right)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (curves, bars) = plt.subplots(1, 2, figsize=(12, 4.5))
    if history is not None and history.epochs:
        epochs = [e.epoch for e in history.epochs]
        curves.plot(epochs, [e.train_loss for e in history.epochs], marker="o", label="train")
        val = [(e.epoch, e.val_loss) for e in history.epochs if e.val_loss is not None]
        if val:
            curves.plot(*zip(*val, strict=True), marker="o", label="validation")
        if history.best_epoch > 0:
            curves.axvline(history.best_epoch, color="grey", linestyle="--", label="best epoch")
        curves.legend()
    curves.set(title="Seq2Label loss (masked cross-entropy)", xlabel="epoch", ylabel="loss")

    metrics = ["rouge_l", "bleu", "distinct_1", "distinct_2", "unk_rate"]
    width = 0.8 / max(len(scores), 1)
    positions = np.arange(len(metrics))
    for offset, (name, value) in enumerate(scores.items()):
        heights = [getattr(value, metric) for metric in metrics]
        bars.bar(positions + offset * width, heights, width, label=name)
    bars.set_xticks(positions + width * (len(scores) - 1) / 2, metrics)
    bars.set(title="held-out label metrics", ylim=(0, 1))
    bars.legend()
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
