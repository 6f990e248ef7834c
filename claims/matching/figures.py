"""The figures of a claim: numbers, ordinals, percentages, sums of money, years and dates,
normalised so that two texts can be compared ("$700 billion" = "700bn" = "700.000 millones
de dólares"; "٤٧" = "47th" = "47e"; "five hundred" = "500").

Sentence vectors place "ranked 47th" and "ranked 4th" nearly on top of each other
(cosine ~0.98), so a changed figure must be caught here. Kinds are kept for display, but
values are compared across kinds: "47th" and "el puesto 47" are the same figure.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from claims.matching.numberwords import MONTHS, ORDINALS, read_number_words, scale_of
from claims.matching.text import guess_language, normalise, words

__all__ = ["Figure", "FigureComparison", "compare_figures", "extract_figures"]


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure of a text. `kind`: number, ordinal, percent, money, year or month."""

    kind: str
    value: Decimal
    text: str

    @property
    def key(self) -> tuple[str, Decimal]:
        # Months compare with months only: "March" is not the number 3.
        return ("month" if self.kind == "month" else "number", self.value.normalize())


# A number written with digits: groups of three after a separator, or plain digits, then
# perhaps a decimal part. Spaces join groups only after one to three digits ("141 600"),
# so that "in 2014 140 people" stays two numbers.
_NUMBER = re.compile(
    r"(?<![0-9a-z.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3})+(?:,\d+)?"
    r"|\d{1,3}(?: \d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
)
_CURRENCY_BEFORE = re.compile(r"(?:us\s?\$|\$|€|£|¥|usd|eur)\s?$")
_PERCENT_AFTER = re.compile(
    r"^\s?(?:%|per\s?cent\b|por\s?ciento\b|pour\s?cent\b|prozent\b|"
    r"(?:في|ب)\s?ال?(?:مئة|مائة)|بالمئة|بالمائة)"
)
# 47th, 2nd, 47e, 47eme, 47er, 47o / 47.o (from º after NFKC), 47°, German "47." before a word.
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th|e|eme|er|re|ers|res|\.?o|\.?a|°)(?!\w)")
_MONEY_AFTER = re.compile(
    r"^\s?(?:dollars?|dolares|dollar|euros?|pesos?|pounds?|دولار|دولارات|يورو)(?!\w)"
)
_SCALE_AFTER = re.compile(r"^[\s-]?([^\W\d_]+\.?)")
_SLASH_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?![\d/])")
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")


def _parse_digits(raw: str) -> Decimal | None:
    """The value of a digit string, reading its separators as its shape allows: a separator
    followed by exactly three digits groups thousands ("1,500", "1.500", "141 600"); any
    other is a decimal point ("3.5", "3,5")."""
    raw = raw.replace(" ", "")
    if "," in raw and "." in raw:
        decimal_mark = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        raw = raw.replace(thousands, "").replace(decimal_mark, ".")
    else:
        for mark in ",.":
            parts = raw.split(mark)
            if len(parts) > 2 or (len(parts) == 2 and len(parts[1]) == 3):
                raw = raw.replace(mark, "")
            elif len(parts) == 2:
                raw = raw.replace(mark, ".")
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def _scale_after(rest: str, language: str) -> tuple[Decimal, int]:
    """The magnitude words right after a number ("billion", "mil millones", "Mrd.", "bn")
    multiplied together, and how many characters they took."""
    factor, used = Decimal(1), 0
    while True:
        found = _SCALE_AFTER.match(rest[used:])
        if not found:
            return factor, used
        word = found.group(1).rstrip(".")
        scale = scale_of(word, language)
        if scale is None:
            return factor, used
        factor *= scale
        used += found.end()


def _digit_figures(text: str, language: str) -> list[Figure]:
    figures: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for date in _ISO_DATE.finditer(text):
        year, month, day = (int(g) for g in date.groups())
        figures += _date_figures(date.group(0), year, month, day)
        taken.append(date.span())
    for date in _SLASH_DATE.finditer(text):
        first, second, year = (int(g) for g in date.groups())
        month, day = (first, second) if language == "en" else (second, first)
        if 1 <= month <= 12:
            figures += _date_figures(date.group(0), year, month, day)
            taken.append(date.span())
    for found in _NUMBER.finditer(text):
        start, end = found.span()
        if any(a <= start < b for a, b in taken):
            continue
        value = _parse_digits(found.group("num"))
        if value is None:
            continue
        rest = text[end:]
        kind = "number"
        if _CURRENCY_BEFORE.search(text[:start]):
            kind = "money"
        scale, used = _scale_after(rest, language)
        value *= scale
        rest = rest[used:]
        if _PERCENT_AFTER.match(rest):
            kind = "percent"
        elif _MONEY_AFTER.match(rest) or re.match(r"^\s?de\s(?:dolares|euros)", rest):
            kind = "money"
        elif scale == 1 and _ORDINAL_AFTER.match(rest):
            kind = "ordinal"
        elif kind == "number" and scale == 1 and re.fullmatch(r"1\d{3}|20\d{2}", found.group()):
            kind = "year"
        figures.append(Figure(kind, value, text[start : end + used].strip()))
    return figures


def _date_figures(raw: str, year: int, month: int, day: int) -> list[Figure]:
    if year < 100:
        year += 2000 if year < 50 else 1900
    return [
        Figure("year", Decimal(year), raw),
        Figure("month", Decimal(month), raw),
        Figure("number", Decimal(day), raw),
    ]


@lru_cache(maxsize=4096)
def extract_figures(text: str) -> tuple[Figure, ...]:
    """Every figure of `text`, in no particular order. Cached: a query is compared with
    every candidate, a candidate with many queries."""
    normal = normalise(text)
    language = guess_language(normal)
    figures = _digit_figures(normal, language)
    tokens = words(normal)
    figures += [Figure("number", v, t) for v, t in read_number_words(tokens, language)]
    figures += [Figure("month", Decimal(MONTHS[t]), t) for t in tokens if t in MONTHS]
    figures += [Figure("ordinal", Decimal(ORDINALS[t]), t) for t in tokens if t in ORDINALS]
    return tuple(figures)


@dataclass(frozen=True, slots=True)
class FigureComparison:
    """What one text's figures have that the other's lack, each way."""

    only_in_first: tuple[Figure, ...]
    only_in_second: tuple[Figure, ...]

    @property
    def differ(self) -> bool:
        """A figure was replaced: each side has one the other lacks. A figure present on
        one side only is an omission ("47th" against "47th out of 50"), not a change."""
        return bool(self.only_in_first) and bool(self.only_in_second)


def compare_figures(first: str, second: str) -> FigureComparison:
    """Compare the figures of two texts as multisets of values, tolerant of how they are
    written ("3.5 percent" = "3,5 %"), strict on what they are ("3.5%" ≠ "5.3%")."""
    a, b = extract_figures(first), extract_figures(second)
    count_a, count_b = Counter(f.key for f in a), Counter(f.key for f in b)
    missing_in_b, missing_in_a = count_a - count_b, count_b - count_a
    return FigureComparison(
        only_in_first=tuple(f for f in a if f.key in missing_in_b),
        only_in_second=tuple(f for f in b if f.key in missing_in_a),
    )
