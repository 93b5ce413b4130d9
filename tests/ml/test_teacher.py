"""The local phrase teacher: candidates, choice and determinism."""

from __future__ import annotations

import numpy as np

from ml.embeddings import Vectors
from ml.tagger.teacher import (
    STOPWORDS,
    PhraseTeacher,
    PhraseTeacherConfig,
    Teacher,
    candidate_phrases,
)


class KeywordEmbedder:
    """Puts every text on one axis per keyword it contains, so the ranking is known in advance."""

    name = "keywords"
    dimension = 3
    keywords = ("battery", "screen", "price")

    def encode(self, texts: list[str], batch_size: int = 64) -> Vectors:
        rows = (
            np.array([[text.count(word) for word in self.keywords] for text in texts], dtype=np.float32)
            + 1e-3
        )
        unit: Vectors = (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)
        return unit


def test_candidates_have_no_stopword_at_either_edge() -> None:
    phrases = candidate_phrases("The taste of the coffee is bold and the price is fair.")

    assert "taste of the coffee" in phrases
    assert all(len(p.split()) <= 4 for p in phrases)
    assert all(p.split()[0] not in STOPWORDS and p.split()[-1] not in STOPWORDS for p in phrases)


def test_candidates_do_not_cross_punctuation() -> None:
    phrases = candidate_phrases("great sound, weak bass")

    assert "sound weak" not in phrases
    assert {"great sound", "weak bass"} <= set(phrases)


def test_teacher_picks_the_phrase_closest_to_the_review() -> None:
    teacher: Teacher = PhraseTeacher(KeywordEmbedder())

    labels = teacher.label(["the screen cracked, screen went dark and the screen died"])

    assert labels == ["screen"]


def test_shortlist_keeps_the_winner() -> None:
    text = "ok box, red lid, long cord, tiny cap, battery dies, battery weak, nice screen"
    teacher = PhraseTeacher(KeywordEmbedder(), PhraseTeacherConfig(max_candidates=2))

    assert teacher.label([text]) == ["battery"]


def test_text_without_content_words_gets_no_label() -> None:
    teacher = PhraseTeacher(KeywordEmbedder())

    assert teacher.label(["", "it is what it is", "!!!"]) == [None, None, None]


def test_minilm_teacher_is_deterministic_and_quotes_the_review() -> None:
    teacher = PhraseTeacher()
    texts = [
        "The battery life is amazing and it charges fast.",
        "Terrible customer service, they never answered my emails.",
        "这个耳机的音质很好",
    ]

    first = teacher.label(texts)
    second = teacher.label(list(texts))

    assert first == second
    assert all(label is not None and label in text.lower() for label, text in zip(first, texts, strict=True))
    assert first[0] is not None
    assert "battery" in first[0]
