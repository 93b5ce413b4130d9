"""Teachers that write training labels for reviews; the local one needs no network."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ml.embeddings import TextEmbedder, Vectors, default_embedder


class Teacher(Protocol):
    """Anything that gives each review a short label, or None when it has nothing to say."""

    def label(self, texts: list[str]) -> list[str | None]: ...


# Function words that may sit inside a phrase ("taste of coffee") but never at its edges.
_STOPWORD_TEXT = """
a about above after again against all also am an and any are aren't as at be because been
before being below between both but by can can't cannot could couldn't did didn't do does
doesn't doing don't down during each even ever every few for from further get gets got had
hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him
himself his how how's however i i'd i'll i'm i've if in into is isn't it it's its itself
just let's like lot me more most much must mustn't my myself no nor not now of off on once
one only or other ought our ours ourselves out over own quite rather really same shan't she
she'd she'll she's should shouldn't so some still such than that that's the their theirs
them themselves then there there's these they they'd they'll they're they've this those
though through thus to too under until up upon us very was wasn't we we'd we'll we're we've
well were weren't what what's when when's where where's whether which while who who's whom
why why's will with won't would wouldn't yet you you'd you'll you're you've your yours
yourself yourselves im ive dont doesnt didnt cant wont isnt thats ok okay etc
thing things something anything everything way ways bit time times use used using make made
without within across along around behind beyond near per via since almost probably actually
practically basically definitely simply pretty need needs try want wants will back
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
# Phrases never cross these: a label is a piece of one clause.
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”…/|]+|\s[-–—]+\s")


@dataclass(frozen=True)
class PhraseTeacherConfig:
    max_words: int = 4
    # Only this many candidates per review get a full sentence embedding; the rest are
    # dropped by a cheap pre-score (mean similarity of their words), which keeps the
    # teacher at about 5 phrase embeddings per review on 2 CPU cores.
    max_candidates: int = 5
    batch_size: int = 256


def candidate_phrases(text: str, max_words: int = 4) -> list[str]:
    """Distinct 1..max_words-word spans of one clause with no stopword or number at either edge."""
    found: dict[str, None] = {}
    for clause in _CLAUSE_BREAK.split(text.lower()):
        words = _WORD.findall(clause)
        for start in range(len(words)):
            if not _can_bound(words[start]):
                continue
            for end in range(start + 1, min(start + max_words, len(words)) + 1):
                if _can_bound(words[end - 1]):
                    found.setdefault(" ".join(words[start:end]), None)
    return list(found)


def _can_bound(word: str) -> bool:
    return word not in STOPWORDS and not word.isdigit() and (len(word) > 1 or not word.isascii())


class PhraseTeacher:
    """Picks the review's own noun/adjective phrase closest to the whole review (MiniLM cosine).

    Deterministic: candidates keep text order and ties go to the earlier candidate.
    """

    def __init__(
        self, embedder: TextEmbedder | None = None, config: PhraseTeacherConfig | None = None
    ) -> None:
        self.embedder = embedder or default_embedder()
        self.config = config or PhraseTeacherConfig()

    def label(self, texts: list[str]) -> list[str | None]:
        config = self.config
        candidates = [candidate_phrases(text, config.max_words) for text in texts]
        wanted = [i for i, found in enumerate(candidates) if found]
        if not wanted:
            return [None] * len(texts)
        reviews = self._embed([texts[i] for i in wanted])
        words = sorted({w for i in wanted for phrase in candidates[i] for w in phrase.split()})
        word_vectors = dict(zip(words, self._embed(words), strict=True))

        shortlists: dict[int, list[str]] = {}
        for row, index in enumerate(wanted):
            phrases = candidates[index]
            if len(phrases) > config.max_candidates:
                pre_scores = [
                    float(np.mean([word_vectors[w] @ reviews[row] for w in phrase.split()]))
                    for phrase in phrases
                ]
                # stable sort: equal scores keep text order, so the result is deterministic
                order = sorted(range(len(phrases)), key=lambda j: -pre_scores[j])
                phrases = [phrases[j] for j in order[: config.max_candidates]]
            shortlists[index] = phrases

        distinct = sorted({phrase for phrases in shortlists.values() for phrase in phrases})
        phrase_vectors = dict(zip(distinct, self._embed(distinct), strict=True))
        labels: list[str | None] = [None] * len(texts)
        for row, index in enumerate(wanted):
            phrases = shortlists[index]
            scores = np.stack([phrase_vectors[p] for p in phrases]) @ reviews[row]
            labels[index] = phrases[int(np.argmax(scores))]
        return labels

    def _embed(self, texts: list[str]) -> Vectors:
        return self.embedder.encode(texts, batch_size=self.config.batch_size)
