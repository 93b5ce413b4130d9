"""Byte-level BPE subword tokenizer for review text and labels, trained on the training texts."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers

PAD, UNK, SOS, EOS = "<pad>", "<unk>", "<sos>", "<eos>"
SPECIAL_TOKENS = [PAD, UNK, SOS, EOS]
PAD_ID, UNK_ID, SOS_ID, EOS_ID = 0, 1, 2, 3

# A byte-level alphabet means any text (Chinese, emoji, accents) splits into known pieces, so the
# model never has to emit <unk>; <unk> stays in the vocabulary only for old-style comparisons.
_CHARS_PER_TOKEN_BOUND = 16


class SubwordTokenizer:
    """Wraps a `tokenizers` BPE model with the four special tokens the tagger relies on."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self._tokenizer = tokenizer
        for token, expected in zip(SPECIAL_TOKENS, (PAD_ID, UNK_ID, SOS_ID, EOS_ID), strict=True):
            if tokenizer.token_to_id(token) != expected:
                raise ValueError(f"tokenizer must map {token} to id {expected}")

    @classmethod
    def train(cls, texts: Iterable[str], vocab_size: int) -> SubwordTokenizer:
        tokenizer = Tokenizer(models.BPE(unk_token=UNK))
        tokenizer.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
        tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True)
        tokenizer.decoder = decoders.ByteLevel()
        trainer = trainers.BpeTrainer(
            vocab_size=vocab_size,
            special_tokens=SPECIAL_TOKENS,
            initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
            show_progress=False,
        )
        tokenizer.train_from_iterator(texts, trainer=trainer)
        return cls(tokenizer)

    @classmethod
    def load(cls, path: Path) -> SubwordTokenizer:
        return cls(Tokenizer.from_file(str(path)))

    def save(self, path: Path) -> None:
        self._tokenizer.save(str(path))

    @property
    def vocab_size(self) -> int:
        return self._tokenizer.get_vocab_size()

    def word_starts(self) -> list[bool]:
        """Per id: does the token begin a word (byte-level BPE marks a leading space as "Ġ")."""
        starts = [False] * self.vocab_size
        for token, token_id in self._tokenizer.get_vocab().items():
            starts[token_id] = token.startswith("Ġ") and len(token) > 1
        return starts

    def encode(self, text: str, max_tokens: int) -> list[int]:
        """Subword ids of `text`, at most `max_tokens`; very long text is cut before tokenizing."""
        clipped = text[: max_tokens * _CHARS_PER_TOKEN_BOUND]
        return self._tokenizer.encode(clipped).ids[:max_tokens]

    def encode_batch(self, texts: list[str], max_tokens: int) -> list[list[int]]:
        clipped = [text[: max_tokens * _CHARS_PER_TOKEN_BOUND] for text in texts]
        return [encoding.ids[:max_tokens] for encoding in self._tokenizer.encode_batch(clipped)]

    def decode(self, ids: list[int]) -> str:
        """Text of `ids`; an emitted <unk> stays visible so evaluation can count it."""
        pieces: list[str] = []
        segment: list[int] = []
        for token_id in ids:
            if token_id == UNK_ID:
                pieces.append(self._tokenizer.decode(segment, skip_special_tokens=True))
                pieces.append(f" {UNK} ")
                segment = []
            else:
                segment.append(token_id)
        pieces.append(self._tokenizer.decode(segment, skip_special_tokens=True))
        return " ".join("".join(pieces).split())
