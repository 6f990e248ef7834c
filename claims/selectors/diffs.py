"""What changed between two documents of a verdict, as readers and reviewing editors are
shown it: the rating, a word-level diff of each text, sources added and removed.

Pure functions over documents (``claims.selectors.newsroom.document``): no database."""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_noop

_WORDS = re.compile(r"\S+|\s+")

# The texts compared, with the names readers know them by (in English here, marked for
# the catalogues: the pages translate them as they show them).
TEXTS = (
    (("claim", "text"), gettext_noop("The claim")),
    (("claim", "quote"), gettext_noop("The quote")),
    (("verdict", "headline"), gettext_noop("Headline")),
    (("verdict", "summary"), gettext_noop("Summary")),
    (("verdict", "body"), gettext_noop("Explanation")),
    (("verdict", "speaker_response"), gettext_noop("The speaker's response")),
    # A translation's wording of the claim: what its page shows as the claim.
    (("translation", "claim_wording"), gettext_noop("The claim")),
)


@dataclass(frozen=True)
class TextChange:
    label: str
    # (operation, words): "=" unchanged, "+" added, "-" removed.
    segments: list[tuple[str, str]]


@dataclass(frozen=True)
class Changes:
    rating: tuple[str, str] | None = None
    # The ratings before and after, as each document published them (their labels in
    # other languages: ``claims.selectors.public.rating_label``), when ``rating`` is set.
    rating_documents: tuple[Any, Any] | None = None
    texts: list[TextChange] = field(default_factory=list)
    sources_added: list[str] = field(default_factory=list)
    sources_removed: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    # Where else the claim was said (claim families): "Name, 2012-05-03 (url)".
    appearances_added: list[str] = field(default_factory=list)
    appearances_removed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.rating
            or self.texts
            or self.sources_added
            or self.sources_removed
            or self.others
            or self.appearances_added
            or self.appearances_removed
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


# Everything else in a document that a reader could see change, by the name readers know
# it by. A part with no label here is still reported (by its key), so that no change to
# what goes public is ever missing from the diff a reviewing editor approves.
LABELS = {
    ("claim", "slug"): gettext_noop("the claim's address on this site"),
    ("claim", "speaker"): gettext_noop(
        "who the claim is attributed to, or their name or description"
    ),
    ("claim", "article"): gettext_noop("the article the claim appeared in"),
    ("claim", "appeared_in"): gettext_noop("where the claim appeared"),
    ("claim", "url"): gettext_noop("the link to where the claim was made"),
    ("claim", "archived_url"): gettext_noop("the archived copy of the claim"),
    ("claim", "claimed_on"): gettext_noop("the date of the claim"),
    ("claim", "context"): gettext_noop("the claim's context"),
    ("claim", "language"): gettext_noop("the claim's language"),
    ("claim", "topics"): gettext_noop("topics"),
    ("verdict", "slug"): gettext_noop("the verdict's address on this site"),
    ("verdict", "rating"): gettext_noop("the rating's definition, position or scale"),
    ("verdict", "rating", "translations"): gettext_noop(
        "the rating's label or definition in another language"
    ),
    ("verdict", "publisher"): gettext_noop("the publisher"),
    ("verdict", "external_url"): gettext_noop("the publisher's page"),
    ("verdict", "claim_reviewed"): gettext_noop("the claim as the publisher worded it"),
    ("verdict", "speaker_contacted_at"): gettext_noop("when the speaker was contacted"),
    ("verdict", "author"): gettext_noop("the byline"),
    # A translation's revision after a correction of its original translates a newer one.
    ("translation", "revision"): gettext_noop("the revision of the original it translates"),
    ("translation", "of"): gettext_noop("the original it translates"),
}
# Parts compared elsewhere (texts, the rating's label, the sources), or not part of what
# a reviewer approves (the approving editors are added on publication; ``refs`` only
# files the verdict under what the labelled parts already show).
_COMPARED_ELSEWHERE = {path for path, _ in TEXTS}
_NOT_CONTENT = {"reviewers", "refs", "sources", "retraction", "takedown", "appearances"}
# Parts of a document that are lists, by the name readers know them by.
TOP_LABELS = {
    "family_reviews": gettext_noop("other fact-checkers' reviews of the same claim said by others")
}


def _other_changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    others: list[str] = []
    for top in sorted(set(before) | set(after)):
        if top in _NOT_CONTENT:
            continue
        old, new = before.get(top), after.get(top)
        if old == new:
            continue
        if not isinstance(old, dict) or not isinstance(new, dict):
            others.append(TOP_LABELS.get(top, top.replace("_", " ")))
            continue
        for key in [*old, *(k for k in new if k not in old)]:
            path = (top, key)
            if path in _COMPARED_ELSEWHERE or old.get(key) == new.get(key):
                continue
            if path == ("verdict", "rating"):
                others.extend(_rating_changes(old.get(key), new.get(key)))
                continue
            others.append(LABELS.get(path, f"{top} {key.replace('_', ' ')}"))
    return others


# A rating's words in other languages (``rating_document``), told apart from the rest of it.
_TRANSLATED = ("labels", "definitions")


def _rating_changes(old: Any, new: Any) -> list[str]:
    """What changed of the rating besides its label: its definition, position or scale,
    and its label or definition in another language, each named apart."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return [LABELS[("verdict", "rating")]]
    found = []
    if {k: v for k, v in old.items() if k not in _TRANSLATED} != {
        k: v for k, v in new.items() if k not in _TRANSLATED
    }:
        found.append(LABELS[("verdict", "rating")])
    if any(old.get(key) != new.get(key) for key in _TRANSLATED):
        found.append(LABELS[("verdict", "rating", "translations")])
    return found


# Where a revision records the digests of appearances withheld after a takedown of the
# claim they were said as (``claims.services.revisions.revisions_withholding``).
WITHHELD = "appearances_withheld"


def appearance_digest(entry: dict[str, Any]) -> str:
    """One entry of a document's ``appearances``, named without repeating its words."""
    canonical = json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def withholding(document: dict[str, Any], withheld: set[str]) -> dict[str, Any]:
    """``document`` without the appearances whose digests are ``withheld``: how an earlier
    revision is compared once a takedown withheld some of what it listed."""
    shown = document.get("appearances")
    if not withheld or not shown:
        return document
    return {**document, "appearances": [e for e in shown if appearance_digest(e) not in withheld]}


def _appearance_key(entry: dict[str, Any]) -> str:
    who = (entry.get("speaker") or {}).get("name") or (entry.get("outlet") or {}).get("name")
    parts = [who or "unattributed", entry.get("date") or "date unknown"]
    text = ", ".join(parts)
    return f"{text} ({entry['url']})" if entry.get("url") else text


_RATING_PARTS = {LABELS[("verdict", "rating")], LABELS[("verdict", "rating", "translations")]}


def changes(before: dict[str, Any], after: dict[str, Any]) -> Changes:
    """What a reader would see change going from ``before`` to ``after``: every change to
    the document, the rating, texts and sources in detail and the rest by name."""
    old_document = (before.get("verdict") or {}).get("rating")
    new_document = (after.get("verdict") or {}).get("rating")
    old_rating = (old_document or {}).get("label")
    new_rating = (new_document or {}).get("label")
    texts = [
        TextChange(label, word_diff(_get(before, path), _get(after, path)))
        for path, label in TEXTS
        if _get(before, path) != _get(after, path)
    ]
    old_sources = [_source_key(line) for line in before.get("sources", [])]
    new_sources = [_source_key(line) for line in after.get("sources", [])]
    others = _other_changes(before, after)
    if old_rating != new_rating:  # shown as the rating's change, not as "also changed"
        others = [o for o in others if o not in _RATING_PARTS]
    if before.get("sources") != after.get("sources") and old_sources == new_sources:
        others.append(gettext_noop("details of the sources"))
    old_seen = [_appearance_key(e) for e in before.get("appearances", [])]
    new_seen = [_appearance_key(e) for e in after.get("appearances", [])]
    if before.get("appearances", []) != after.get("appearances", []) and old_seen == new_seen:
        others.append(gettext_noop("details of where else the claim was said"))
    return Changes(
        rating=(str(old_rating), str(new_rating)) if old_rating != new_rating else None,
        rating_documents=(old_document, new_document) if old_rating != new_rating else None,
        texts=texts,
        sources_added=[s for s in new_sources if s not in old_sources],
        sources_removed=[s for s in old_sources if s not in new_sources],
        others=others,
        appearances_added=[a for a in new_seen if a not in old_seen],
        appearances_removed=[a for a in old_seen if a not in new_seen],
    )
