"""What changed between two documents of a verdict, as readers and reviewing editors are
shown it: the rating, a word-level diff of each text, sources added and removed.

Pure functions over documents (``claims.selectors.newsroom.document``): no database."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

_WORDS = re.compile(r"\S+|\s+")

# The texts compared, with the names readers know them by.
TEXTS = (
    (("claim", "text"), "The claim"),
    (("claim", "quote"), "The quote"),
    (("verdict", "headline"), "Headline"),
    (("verdict", "summary"), "Summary"),
    (("verdict", "body"), "Explanation"),
    (("verdict", "speaker_response"), "The speaker's response"),
)


@dataclass(frozen=True)
class TextChange:
    label: str
    # (operation, words): "=" unchanged, "+" added, "-" removed.
    segments: list[tuple[str, str]]


@dataclass(frozen=True)
class Changes:
    rating: tuple[str, str] | None = None
    texts: list[TextChange] = field(default_factory=list)
    sources_added: list[str] = field(default_factory=list)
    sources_removed: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.rating or self.texts or self.sources_added or self.sources_removed or self.others
        )


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    segments: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("=", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("-", "".join(old[i1:i2])))
        if j2 > j1:
            segments.append(("+", "".join(new[j1:j2])))
    return segments


def _get(doc: dict[str, Any], path: tuple[str, str]) -> str:
    return str((doc.get(path[0]) or {}).get(path[1]) or "")


def _source_key(line: dict[str, Any]) -> str:
    return f"{line.get('title', '')} ({line.get('url', '')})" if line.get("url") else line["title"]


def changes(before: dict[str, Any], after: dict[str, Any]) -> Changes:
    """What a reader would see change going from ``before`` to ``after``."""
    old_rating = ((before.get("verdict") or {}).get("rating") or {}).get("label")
    new_rating = ((after.get("verdict") or {}).get("rating") or {}).get("label")
    texts = [
        TextChange(label, word_diff(_get(before, path), _get(after, path)))
        for path, label in TEXTS
        if _get(before, path) != _get(after, path)
    ]
    old_sources = [_source_key(line) for line in before.get("sources", [])]
    new_sources = [_source_key(line) for line in after.get("sources", [])]
    others = []
    if (before.get("claim") or {}).get("speaker") != (after.get("claim") or {}).get("speaker"):
        others.append("who the claim is attributed to")
    if before.get("sources") != after.get("sources") and old_sources == new_sources:
        others.append("details of the sources")
    for key, label in (("topics", "topics"), ("claimed_on", "the date of the claim")):
        if (before.get("claim") or {}).get(key) != (after.get("claim") or {}).get(key):
            others.append(label)
    return Changes(
        rating=(str(old_rating), str(new_rating)) if old_rating != new_rating else None,
        texts=texts,
        sources_added=[s for s in new_sources if s not in old_sources],
        sources_removed=[s for s in old_sources if s not in new_sources],
        others=others,
    )
