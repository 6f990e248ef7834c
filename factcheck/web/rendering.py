"""Turning stored text into safe HTML: verdict bodies written in Markdown (sanitised, so
no editor's paste can run a script on a reader's page), and an article's text with the
passages we checked marked and linked."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "sup",
    "sub",
}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def render_markdown(text: str) -> SafeString:
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"])
    return mark_safe(
        nh3.clean(
            html,
            tags=TAGS,
            attributes=ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="nofollow noopener noreferrer",
        )
    )


# Shapes that tell ratings apart without colour: most accurate first.
SYMBOLS = {6: "✔", 5: "✓", 4: "◐", 3: "✗", 2: "✘", 1: "✹"}


def rating_symbol(position: int | None) -> str:
    return SYMBOLS.get(position or 0, "?")


# Curly quotes and no-break spaces read as their plain forms when matching passages.
_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "}
)


class Quoted(Protocol):
    """A claim as published (``claims.selectors.public.ListedClaim``): its verbatim quote
    is what is looked for in the article's text."""

    @property
    def quote(self) -> str: ...


@dataclass(frozen=True)
class Segment:
    text: str
    claims: tuple[Any, ...] = ()  # the claims this passage holds, when it was checked
    ends: bool = True  # False for the first part of a passage split across paragraphs


def _pattern(passage: str) -> re.Pattern[str] | None:
    words = passage.translate(_QUOTES).strip(" '\".,").split()
    if len(words) < 2:  # a single word would match anywhere
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)


def _spans(text: str, claims: Sequence[Quoted]) -> list[tuple[int, int, tuple[Any, ...]]]:
    """Where each claim's quote (or, failing that, each of its sentences) stands in the text."""
    plain = text.translate(_QUOTES)  # the same length: offsets carry over
    spans = []
    for claim in claims:
        quote = claim.quote or ""
        candidates = [quote, *re.split(r"(?<=[.!?])\s+", quote)] if quote else []
        for candidate in candidates:
            pattern = _pattern(candidate)
            match = pattern.search(plain) if pattern else None
            if match:
                spans.append((match.start(), match.end(), claim))
                if candidate == quote:
                    break
    spans.sort(key=lambda span: span[0])
    kept: list[tuple[int, int, tuple[Any, ...]]] = []
    for start, end, claim in spans:
        if kept and end <= kept[-1][1]:
            # A passage inside another (two claims from one sentence): one mark for both.
            last = kept[-1]
            kept[-1] = (last[0], last[1], (*last[2], claim))
            continue
        if kept and start < kept[-1][1]:
            # Overlapping passages ("…Egypt and Qatar" / "Qatar, which has…"): the later
            # one keeps what is its own, from the first word after the earlier one.
            start = kept[-1][1]
            while start < end and not text[start].isalnum():
                start += 1
        if end - start >= 3:
            kept.append((start, end, (claim,)))
    return kept


def annotate(text: str, claims: Sequence[Quoted], *, full_text: bool) -> list[list[Segment]]:
    """The article's paragraphs, each a list of segments, checked passages marked. Without
    ``full_text`` only the paragraphs holding a checked passage are returned."""
    spans = _spans(text, claims)
    paragraphs = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.span()
        inside = [
            (max(s, start), min(e, end), c, e <= end) for s, e, c in spans if s < end and e > start
        ]
        if not inside and not full_text:
            continue
        segments, cursor = [], start
        for s, e, held, ends in inside:
            if s > cursor:
                segments.append(Segment(text[cursor:s]))
            segments.append(Segment(text[s:e], held, ends))
            cursor = e
        if cursor < end:
            segments.append(Segment(text[cursor:end]))
        if any(segment.text.strip() for segment in segments):
            paragraphs.append(segments)
    return paragraphs
