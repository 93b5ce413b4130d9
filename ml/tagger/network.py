"""Seq2Label network: bidirectional GRU encoder, GRU decoder with Luong "general" attention.

Luong et al. (2015) define three scores; this module implements exactly one of them, "general":

    score(h_t, h_s) = h_t^T W_a h_s

where h_t is the decoder's top-layer state at step t and h_s an encoder output (forward and
backward directions summed). The attentional state is h~_t = tanh(W_c [c_t; h_t]) and the
generated distribution is softmax(W_s h~_t). No input feeding, so teacher-forced steps only
depend on the gold prefix.

With `copy_mechanism` on (the default) the decoder is a pointer-generator (See et al. 2017):
a gate p_gen = sigmoid(w [c_t; h_t; x_t]) mixes the generated distribution with the attention
weights scattered onto the source's own subword ids, so a label can reuse a rare review word
the generator never learned to emit. Source and labels share one subword vocabulary, so no
extended vocabulary is needed. `Decoder.step` returns log-probabilities either way.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from ml.tagger.config import Seq2LabelConfig
from ml.tagger.tokenizer import PAD_ID


@dataclass
class EncodedSource:
    """What the decoder needs from the encoder, computed once per batch."""

    outputs: torch.Tensor  # (batch, source_len, hidden)
    projected: torch.Tensor  # W_a h_s for every source position, (batch, source_len, hidden)
    mask: torch.Tensor  # True on real tokens, (batch, source_len)
    hidden: torch.Tensor  # initial decoder state, (layers, batch, hidden)
    ids: torch.Tensor  # source subword ids, where copied probability mass lands, (batch, source_len)

    def select(self, row: int) -> EncodedSource:
        """Source `row` of the batch alone, as a batch of one."""
        return EncodedSource(
            outputs=self.outputs[row : row + 1],
            projected=self.projected[row : row + 1],
            mask=self.mask[row : row + 1],
            hidden=self.hidden[:, row : row + 1].contiguous(),
            ids=self.ids[row : row + 1],
        )

    def repeat(self, times: int) -> EncodedSource:
        """The same single source repeated `times` along the batch, for beam search."""
        return EncodedSource(
            outputs=self.outputs.expand(times, -1, -1),
            projected=self.projected.expand(times, -1, -1),
            mask=self.mask.expand(times, -1),
            hidden=self.hidden.expand(-1, times, -1).contiguous(),
            ids=self.ids.expand(times, -1),
        )


def reverse_within_length(values: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """Reverses each row's first `length` positions and leaves its padding in place.

    Applying it twice gives the input back. It lets a forward-only GRU read a right-padded
    batch backwards without meeting the padding first.
    """
    batch, steps = values.shape[:2]
    positions = torch.arange(steps, device=values.device).expand(batch, steps)
    mirrored = lengths.to(values.device)[:, None] - 1 - positions
    index = torch.where(mirrored >= 0, mirrored, positions)
    return values.gather(1, index[..., None].expand_as(values))


class Encoder(nn.Module):
    """Bidirectional GRU whose two directions are summed, per position and per layer.

    Each direction is its own forward GRU over a right-padded batch (the backward one on
    `reverse_within_length` input) instead of one GRU on a packed sequence: on CPU, backprop
    through packed sequences is about three times slower, and the results are the same.
    Layer l > 0 reads the concatenated directions of layer l - 1, as nn.GRU does.
    """

    def __init__(self, embedding: nn.Embedding, config: Seq2LabelConfig) -> None:
        super().__init__()
        self.embedding = embedding
        self.num_layers = config.num_layers
        self.hidden_dim = config.hidden_dim
        self.dropout = nn.Dropout(config.dropout)
        inputs = [config.embedding_dim] + [2 * config.hidden_dim] * (config.num_layers - 1)
        self.forward_layers = nn.ModuleList(
            nn.GRU(size, config.hidden_dim, batch_first=True) for size in inputs
        )
        self.backward_layers = nn.ModuleList(
            nn.GRU(size, config.hidden_dim, batch_first=True) for size in inputs
        )

    def forward(self, source: torch.Tensor, lengths: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Outputs (batch, len, hidden) and final states (layers, batch, hidden), fwd + bwd."""
        lengths = lengths.to(source.device)
        layer_input = self.dropout(self.embedding(source))
        last_position = (lengths - 1)[:, None, None].expand(-1, 1, self.hidden_dim)
        finals: list[torch.Tensor] = []
        forward_out = backward_out = layer_input
        for layer, (ahead, behind) in enumerate(zip(self.forward_layers, self.backward_layers, strict=True)):
            if layer > 0:
                layer_input = self.dropout(layer_input)
            forward_out, _ = ahead(layer_input)
            reversed_out, _ = behind(reverse_within_length(layer_input, lengths))
            backward_out = reverse_within_length(reversed_out, lengths)
            # Layer i's final state goes to decoder layer i: the forward direction ends at the
            # last real token, the backward one at the first (the original took the wrong layer).
            finals.append(forward_out.gather(1, last_position).squeeze(1) + backward_out[:, 0])
            layer_input = torch.cat([forward_out, backward_out], dim=2)
        return forward_out + backward_out, torch.stack(finals)


class LuongGeneralAttention(nn.Module):
    """score(h_t, h_s) = h_t^T W_a h_s, softmax over the real source positions."""

    def __init__(self, hidden_dim: int) -> None:
        super().__init__()
        self.w_a = nn.Linear(hidden_dim, hidden_dim, bias=False)

    def project(self, encoder_outputs: torch.Tensor) -> torch.Tensor:
        """W_a h_s, hoisted out of the decoding loop because it does not depend on t."""
        projected: torch.Tensor = self.w_a(encoder_outputs)
        return projected

    def forward(
        self,
        query: torch.Tensor,
        projected: torch.Tensor,
        values: torch.Tensor,
        mask: torch.Tensor,
    ) -> tuple[torch.Tensor, torch.Tensor]:
        scores = torch.bmm(projected, query.unsqueeze(2)).squeeze(2)
        # Softmax in float32: half-precision scores under autocast overflow on long reviews.
        scores = scores.float().masked_fill(~mask, float("-inf"))
        weights = torch.softmax(scores, dim=1)
        context = torch.bmm(weights.unsqueeze(1).to(values.dtype), values).squeeze(1)
        return context, weights


# Keeps log() finite for tokens neither generated nor present in the source.
_LOG_FLOOR = 1e-9


class Decoder(nn.Module):
    """One GRU step, then Luong attention over the encoder outputs, then the vocabulary
    (mixed with a copy of the attended source tokens when `copy_mechanism` is on)."""

    def __init__(self, embedding: nn.Embedding, config: Seq2LabelConfig, vocab_size: int) -> None:
        super().__init__()
        self.embedding = embedding
        self.dropout = nn.Dropout(config.dropout)
        self.gru = nn.GRU(
            config.embedding_dim,
            config.hidden_dim,
            num_layers=config.num_layers,
            dropout=config.dropout if config.num_layers > 1 else 0.0,
            batch_first=True,
        )
        self.attention = LuongGeneralAttention(config.hidden_dim)
        self.combine = nn.Linear(2 * config.hidden_dim, config.hidden_dim)
        self.output = nn.Linear(config.hidden_dim, vocab_size)
        self.copy_gate = (
            nn.Linear(2 * config.hidden_dim + config.embedding_dim, 1) if config.copy_mechanism else None
        )

    def step(
        self, previous: torch.Tensor, hidden: torch.Tensor, source: EncodedSource
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Log-probabilities of the next token given the previous one: (log_probs, hidden,
        attention). Log-probabilities are already normalised, so argmax, log_softmax and
        cross-entropy treat them exactly like logits."""
        embedded = self.dropout(self.embedding(previous))
        output, hidden = self.gru(embedded.unsqueeze(1), hidden)
        top = output.squeeze(1)
        context, weights = self.attention(top, source.projected, source.outputs, source.mask)
        attentional = torch.tanh(self.combine(torch.cat([context, top], dim=1)))
        # float32 from here on: the mixture of two distributions underflows in half precision.
        generated = torch.softmax(self.output(self.dropout(attentional)).float(), dim=1)
        if self.copy_gate is None:
            return torch.log(generated.clamp(min=_LOG_FLOOR)), hidden, weights
        gate = torch.sigmoid(self.copy_gate(torch.cat([context, top, embedded], dim=1)).float())
        copied = torch.zeros_like(generated).scatter_add_(1, source.ids, weights.float())
        mixed = gate * generated + (1.0 - gate) * copied
        return torch.log(mixed.clamp(min=_LOG_FLOOR)), hidden, weights


class Seq2LabelNet(nn.Module):
    """Encoder and decoder sharing one subword embedding table."""

    def __init__(self, config: Seq2LabelConfig, vocab_size: int) -> None:
        super().__init__()
        self.config = config
        self.embedding = nn.Embedding(vocab_size, config.embedding_dim, padding_idx=PAD_ID)
        self.encoder = Encoder(self.embedding, config)
        self.decoder = Decoder(self.embedding, config, vocab_size)

    def encode(self, source: torch.Tensor, lengths: torch.Tensor) -> EncodedSource:
        outputs, hidden = self.encoder(source, lengths)
        mask = torch.arange(source.size(1), device=source.device)[None, :] < lengths[:, None].to(
            source.device
        )
        return EncodedSource(
            outputs=outputs,
            projected=self.decoder.attention.project(outputs),
            mask=mask,
            hidden=hidden,
            ids=source,
        )
