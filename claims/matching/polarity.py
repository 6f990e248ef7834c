"""Opposite wording between two texts: one negates what the other states ("never" /
"did", "ne … pas", "لم"), or both speak of the same change in opposite directions
("raised" / "cut", "kept" / "ended", "more" / "fewer"), in English, Spanish, French,
German and Arabic.

Sentence vectors score "raised taxes" and "cut taxes" as near twins, so the wording is
compared beside them. The answer is a flag, not a score: it keeps a candidate from being
labelled the same claim and tells the editor why. A word missing from these lists can only
hide a difference (both texts must show a direction for it to count), except negation,
whose presence on one side alone is the difference; hence its lists are the fullest.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from claims.matching.polarity_words import CONCEPTS, NEGATION_PREFIXES, NEGATIONS
from claims.matching.text import normalise, words

__all__ = ["Wording", "WordingComparison", "compare_wording", "read_wording"]

# Arabic attaches "and", "so", "with", "to" and "the" to the word that follows.
_ARABIC_PREFIXES = ("وال", "بال", "فال", "لل", "ال", "و", "ف", "ب", "ل")


def _forms(token: str) -> list[str]:
    forms = [token]
    if "'" in token:  # French elision: "d'embaucher", "l'augmentation"
        forms.append(token.split("'", 1)[1])
    if token and "\u0600" <= token[0] <= "\u06ff":
        forms += [token[len(p) :] for p in _ARABIC_PREFIXES if token.startswith(p)]
    return [f for f in forms if f]


def _is_negation(token: str, following: str) -> bool:
    if token == "no" and following[:1].isdigit():
        return False  # "No. 1"
    if token.endswith("n't"):  # "didn't", "hasn't", "can't"
        return True
    if token.startswith(NEGATION_PREFIXES) and token not in _NOT_NEGATIONS:
        return True  # French "n'a", "n'est"
    return any(f in NEGATIONS for f in _forms(token))


_NOT_NEGATIONS = {"n'importe"}


# The word lists by first character: a token is only compared with the stems that can match.
_BY_FIRST: dict[str, list[tuple[str, int, str, bool]]] = {}
for _entry in CONCEPTS:
    _BY_FIRST.setdefault(_entry[2][:1], []).append(_entry)


def _directions(token: str) -> set[tuple[str, int]]:
    found: set[tuple[str, int]] = set()
    for form in _forms(token):
        for concept, sign, stem, whole in _BY_FIRST.get(form[:1], ()):
            if form == stem or (not whole and form.startswith(stem)):
                found.add((concept, sign))
    return found


@dataclass(frozen=True, slots=True)
class Wording:
    """The polar words of one text: its negations, and each concept's directions."""

    negations: tuple[str, ...]
    directions: dict[str, set[int]]
    words: dict[str, list[str]]

    @property
    def negated(self) -> bool:
        return bool(self.negations)


@lru_cache(maxsize=4096)
def read_wording(text: str) -> Wording:
    """Cached: a query is compared with every candidate, a candidate with many queries."""
    negations: list[str] = []
    directions: dict[str, set[int]] = {}
    found_words: dict[str, list[str]] = {}
    tokens = words(normalise(text))
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if _is_negation(token, following):
            negations.append(token)
            continue
        for concept, sign in _directions(token):
            directions.setdefault(concept, set()).add(sign)
            found_words.setdefault(concept, []).append(token)
    return Wording(tuple(negations), directions, found_words)


@dataclass(frozen=True, slots=True)
class WordingComparison:
    negation: tuple[tuple[str, ...], tuple[str, ...]] | None
    """The negations of each text when one text negates and the other does not."""
    antonyms: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]
    """(concept, words of the first text, words of the second) for each concept the two
    texts take in opposite directions."""

    @property
    def opposite(self) -> bool:
        return self.negation is not None or bool(self.antonyms)


def compare_wording(first: str, second: str) -> WordingComparison:
    """Whether `second` says the opposite of `first`. A concept counts only when each
    text takes it in one direction ("cut taxes and raised fees" takes "change" both ways and
    is left alone): the flag must not fire on a faithful rewording."""
    a, b = read_wording(first), read_wording(second)
    negation = (a.negations, b.negations) if a.negated != b.negated else None
    antonyms = []
    for concept in sorted(a.directions.keys() & b.directions.keys()):
        da, db = a.directions[concept], b.directions[concept]
        if len(da) == 1 and len(db) == 1 and da != db:
            antonyms.append((concept, tuple(a.words[concept]), tuple(b.words[concept])))
    return WordingComparison(negation=negation, antonyms=tuple(antonyms))
