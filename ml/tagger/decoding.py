"""Greedy (batched) and beam decoding of label token ids from an encoded review."""

from __future__ import annotations

import math

import torch

from ml.tagger.network import EncodedSource, Seq2LabelNet
from ml.tagger.tokenizer import EOS_ID, PAD_ID, SOS_ID


def strip_after_eos(ids: list[int]) -> list[int]:
    """The tokens before the first EOS, without padding."""
    kept: list[int] = []
    for token in ids:
        if token == EOS_ID:
            break
        if token != PAD_ID:
            kept.append(token)
    return kept


def without_repeats(
    log_probs: torch.Tensor, previous: torch.Tensor, word_starts: torch.Tensor | None
) -> torch.Tensor:
    """`log_probs` with each row's previous token forbidden when that token starts a word.

    A copying decoder whose attention stays put for a step emits the same word twice
    ("buttons buttons"); no short label needs a word straight after itself. Pieces inside a
    word may repeat ("e", "e" in "screen" under a small vocabulary). `word_starts` is a bool
    per vocabulary id; None blocks nothing.
    """
    if word_starts is None:
        return log_probs
    blocked = log_probs.clone()
    rows = torch.nonzero(word_starts[previous]).squeeze(1)
    blocked[rows, previous[rows]] = float("-inf")
    return blocked


@torch.inference_mode()
def greedy_decode(
    net: Seq2LabelNet, source: EncodedSource, max_steps: int, word_starts: torch.Tensor | None = None
) -> list[list[int]]:
    """Argmax tokens for every source in the batch at once; stops when all have emitted EOS."""
    batch = source.outputs.size(0)
    device = source.outputs.device
    previous = torch.full((batch,), SOS_ID, dtype=torch.long, device=device)
    finished = torch.zeros(batch, dtype=torch.bool, device=device)
    hidden = source.hidden
    steps: list[torch.Tensor] = []
    for _ in range(max_steps):
        log_probs, hidden, _ = net.decoder.step(previous, hidden, source)
        chosen = without_repeats(log_probs, previous, word_starts).argmax(dim=1).masked_fill(finished, PAD_ID)
        steps.append(chosen)
        finished |= chosen == EOS_ID
        previous = chosen
        if bool(finished.all()):
            break
    if not steps:
        return [[] for _ in range(batch)]
    rows = torch.stack(steps, dim=1).tolist()
    return [strip_after_eos(row) for row in rows]


@torch.inference_mode()
def beam_decode(
    net: Seq2LabelNet,
    source: EncodedSource,
    beam_size: int,
    max_steps: int,
    length_penalty: float,
    word_starts: torch.Tensor | None = None,
) -> list[int]:
    """Best label for ONE source (batch of 1) by beam search with length-normalised log-probs."""
    device = source.outputs.device
    alive_tokens: list[list[int]] = [[]]
    alive_scores = torch.zeros(1, device=device)
    hidden = source.hidden
    finished: list[tuple[float, list[int]]] = []

    def normalised(score: float, length: int) -> float:
        return score / math.pow(max(length, 1), length_penalty)

    for _ in range(max_steps):
        width = len(alive_tokens)
        expanded = source.repeat(width)
        previous = torch.tensor([tokens[-1] if tokens else SOS_ID for tokens in alive_tokens], device=device)
        step_log_probs, hidden, _ = net.decoder.step(previous, hidden, expanded)
        log_probs = without_repeats(step_log_probs, previous, word_starts) + alive_scores[:, None]
        vocab = log_probs.size(1)
        top_scores, top_flat = log_probs.view(-1).topk(min(2 * beam_size, log_probs.numel()))
        next_tokens: list[list[int]] = []
        next_scores: list[float] = []
        origins: list[int] = []
        for score, flat in zip(top_scores.tolist(), top_flat.tolist(), strict=True):
            origin, token = divmod(flat, vocab)
            if token == EOS_ID:
                # EOS counts towards the length so a one-token label is not favoured for free.
                length = len(alive_tokens[origin]) + 1
                finished.append((normalised(score, length), alive_tokens[origin]))
            elif token != PAD_ID and token != SOS_ID:
                next_tokens.append([*alive_tokens[origin], token])
                next_scores.append(score)
                origins.append(origin)
            if len(next_tokens) == beam_size:
                break
        if len(finished) >= beam_size or not next_tokens:
            break
        alive_tokens = next_tokens
        alive_scores = torch.tensor(next_scores, device=device)
        hidden = hidden[:, torch.tensor(origins, device=device)]
    if not finished:
        finished = [
            (normalised(score, len(tokens)), tokens)
            for score, tokens in zip(alive_scores.tolist(), alive_tokens, strict=True)
        ]
    return max(finished, key=lambda item: item[0])[1]
