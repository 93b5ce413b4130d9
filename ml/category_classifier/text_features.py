"""Sparse TF-IDF features of product texts: word and character n-grams of the whole text and word
n-grams of the title, fitted on training texts only, stored as json + npz (no pickle)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from ml.category_classifier.product_text import title_of

_VOCABULARY = "tfidf_vocabulary.json"
_IDF = "tfidf_idf.npz"


@dataclass(frozen=True)
class TfidfBlock:
    """One vectoriser: which part of the text it reads and its sklearn settings."""

    name: str
    field: str  # "text" or "title"
    analyzer: str  # "word" or "char_wb"
    ngram_min: int
    ngram_max: int
    min_df: int

    def vectorizer(self, vocabulary: dict[str, int] | None = None, min_df: int | None = None) -> Any:
        from sklearn.feature_extraction.text import TfidfVectorizer

        return TfidfVectorizer(
            analyzer=self.analyzer,
            ngram_range=(self.ngram_min, self.ngram_max),
            min_df=1 if vocabulary is not None else (min_df or self.min_df),
            sublinear_tf=True,
            strip_accents="unicode",
            lowercase=True,
            dtype=np.float32,
            vocabulary=vocabulary,
        )


def default_blocks(word_min_df: int, char_min_df: int) -> tuple[TfidfBlock, ...]:
    return (
        TfidfBlock("text_words", "text", "word", 1, 2, word_min_df),
        TfidfBlock("text_chars", "text", "char_wb", 2, 5, char_min_df),
        # the name alone: "Chipotle Pepper" weighs more in a title than in marketing copy
        TfidfBlock("title_words", "title", "word", 1, 2, word_min_df),
    )


class TextFeatures:
    """Fit on training texts, transform any texts into one CSR matrix (blocks side by side)."""

    def __init__(self, blocks: Sequence[TfidfBlock]) -> None:
        self.blocks = tuple(blocks)
        self._vectorizers: list[Any] = []

    @staticmethod
    def _field(block: TfidfBlock, texts: Sequence[str]) -> list[str]:
        return [title_of(t) for t in texts] if block.field == "title" else list(texts)

    def fit(self, texts: Sequence[str]) -> TextFeatures:
        self._vectorizers = [self._fit_block(block, self._field(block, texts)) for block in self.blocks]
        return self

    @staticmethod
    def _fit_block(block: TfidfBlock, texts: list[str]) -> Any:
        try:
            return block.vectorizer().fit(texts)
        except ValueError:
            # a catalog this small has no term in min_df texts: keep every term instead
            try:
                return block.vectorizer(min_df=1).fit(texts)
            except ValueError:
                raise ValueError(f"the texts hold no terms for {block.name}") from None

    @property
    def dimension(self) -> int:
        return sum(len(v.vocabulary_) for v in self._vectorizers)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        if not self._vectorizers:
            raise RuntimeError("TextFeatures is not fitted")
        parts = [
            v.transform(self._field(b, texts)) for b, v in zip(self.blocks, self._vectorizers, strict=True)
        ]
        return sp.hstack(parts, format="csr", dtype=np.float32)

    def save(self, folder: Path) -> None:
        vocabularies = []
        for vectorizer in self._vectorizers:
            # terms in column order: the list index is the column
            terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
            vocabularies.append(terms)
        (folder / _VOCABULARY).write_text(
            json.dumps(
                {"blocks": [b.__dict__ for b in self.blocks], "terms": vocabularies}, ensure_ascii=False
            ),
            encoding="utf-8",
        )
        np.savez(
            folder / _IDF, **{b.name: v.idf_ for b, v in zip(self.blocks, self._vectorizers, strict=True)}
        )

    @classmethod
    def load(cls, folder: Path) -> TextFeatures:
        """Rebuilds the vectorisers; ValueError/KeyError/OSError on a malformed folder."""
        stored = json.loads((folder / _VOCABULARY).read_text(encoding="utf-8"))
        blocks = [TfidfBlock(**block) for block in stored["blocks"]]
        features = cls(blocks)
        with np.load(folder / _IDF, allow_pickle=False) as idf:
            for block, terms in zip(blocks, stored["terms"], strict=True):
                vectorizer = block.vectorizer({str(term): i for i, term in enumerate(terms)})
                weights = np.asarray(idf[block.name], dtype=np.float64)
                if weights.shape != (len(terms),):
                    raise ValueError(f"{block.name}: {weights.shape[0]} idf weights for {len(terms)} terms")
                vectorizer.idf_ = weights
                features._vectorizers.append(vectorizer)
        return features
