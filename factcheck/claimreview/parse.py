"""Reading ClaimReview JSON-LD, in every shape fact-checkers publish it: one object, a
list, an @graph, a Data Commons style DataFeed, or an HTML page's JSON-LD script blocks;
with itemReviewed as a Claim, or the older CreativeWork with a top-level datePublished.
A record that cannot be read stops everything with a message naming it and the field."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import ijson

from claims.services.claimreview import ReviewRecord
from claims.services.workflow import TransitionError
from factcheck.base.db import LANGUAGE_TAG_REGEX


class ClaimReviewError(TransitionError):
    """The input cannot be read as ClaimReview; the message says where and what."""


class _JsonLdBlocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inside = tag == "script" and dict(attrs).get("type", "") == "application/ld+json"
        if self._inside:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        self._inside = False if tag == "script" else self._inside

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks[-1] += data


def documents(text: str) -> list[Any]:
    """The JSON documents in ``text``: the text itself, or an HTML page's JSON-LD blocks."""
    if "\x00" in text:
        raise ClaimReviewError("The input contains NUL characters: it is not JSON or HTML text.")
    stripped = text.lstrip()
    if not stripped:
        raise ClaimReviewError("The input is empty.")
    sources = [stripped]
    if stripped.startswith("<"):
        parser = _JsonLdBlocks()
        parser.feed(text)
        sources = [block for block in parser.blocks if block.strip()]
        if not sources:
            raise ClaimReviewError("The HTML page has no JSON-LD script block.")
    parsed = []
    for number, source in enumerate(sources, start=1):
        try:
            parsed.append(json.loads(source))
        except json.JSONDecodeError as exc:
            where = (
                f"JSON-LD block {number}"
                if len(sources) > 1 or stripped.startswith("<")
                else "The JSON"
            )
            raise ClaimReviewError(
                f"{where} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
            ) from None
    return parsed


def _nodes(document: Any) -> Iterator[dict[str, Any]]:
    """Every ClaimReview node, wherever it sits."""
    if isinstance(document, list):
        for item in document:
            yield from _nodes(item)
    elif isinstance(document, dict):
        kind = document.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if "ClaimReview" in kinds:
            yield document
        for key in ("@graph", "dataFeedElement", "item", "itemListElement", "mainEntity"):
            if key in document:
                yield from _nodes(document[key])


def _text(node: Any, key: str, where: str, *, required: bool = False) -> str:
    value = node.get(key, "") if isinstance(node, dict) else ""
    if value is None:
        value = ""
    if isinstance(value, dict):
        value = value.get("name", "") or ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ClaimReviewError(f"{where}: “{key}” should be text, not {type(value).__name__}.")
    value = " ".join(str(value).split())
    if "\x00" in value:  # a JSON "\u0000": PostgreSQL text cannot hold it
        raise ClaimReviewError(f"{where}: “{key}” contains a NUL character.")
    if required and not value:
        raise ClaimReviewError(f"{where}: “{key}” is missing.")
    return value


def _date(value: Any, where: str, key: str, *, required: bool) -> datetime.date | None:
    if value in (None, ""):
        if required:
            raise ClaimReviewError(f"{where}: “{key}” is missing.")
        return None
    if not isinstance(value, str):
        raise ClaimReviewError(f"{where}: “{key}” should be a date such as 2025-06-02.")
    try:
        moment = datetime.date.fromisoformat(value[:10])
    except ValueError:
        raise ClaimReviewError(f"{where}: “{key}” is not a date: {value[:40]!r}.") from None
    if moment > datetime.date.today() + datetime.timedelta(days=1):
        raise ClaimReviewError(f"{where}: “{key}” is in the future: {value[:40]!r}.")
    return moment


def _int(value: Any, where: str, key: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(float(value))
    except (TypeError, ValueError):
        raise ClaimReviewError(
            f"{where}: “{key}” should be a number, not {str(value)[:40]!r}."
        ) from None


def _urls(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    urls = []
    for item in items:
        url = item.get("url", "") if isinstance(item, dict) else item
        if isinstance(url, str) and url.startswith(("http://", "https://")) and "\x00" not in url:
            urls.append(url)
    return tuple(urls)


def record(node: dict[str, Any], where: str) -> ReviewRecord:
    url = _text(node, "url", where, required=True)
    if not url.startswith(("http://", "https://")):
        raise ClaimReviewError(
            f"{where}: “url” should be the review's http(s) address, not {url[:60]!r}."
        )
    author = node.get("author") or {}
    if isinstance(author, list):
        author = author[0] if author else {}
    rating = node.get("reviewRating")
    if not isinstance(rating, dict):
        raise ClaimReviewError(f"{where}: “reviewRating” is missing.")
    label = _text(rating, "alternateName", where) or _text(rating, "name", where)
    if not label:
        raise ClaimReviewError(
            f"{where}: “reviewRating” has no “alternateName” (the textual rating)."
        )
    item = node.get("itemReviewed") or {}
    if not isinstance(item, dict):
        raise ClaimReviewError(f"{where}: “itemReviewed” should be an object.")
    claimant = item.get("author") or {}
    if isinstance(claimant, list):
        claimant = claimant[0] if claimant else {}
    if isinstance(claimant, str):
        claimant = {"name": claimant}
    text = _text(node, "claimReviewed", where, required=True)
    if len(text) > 2000:
        raise ClaimReviewError(f"{where}: “claimReviewed” is longer than 2,000 characters.")
    language = (_text(node, "inLanguage", where) or "en").split(",")[0].strip()
    if not re.fullmatch(LANGUAGE_TAG_REGEX, language):
        raise ClaimReviewError(
            f"{where}: “inLanguage” should be a language tag such as en or pt-BR, not {language[:20]!r}."
        )
    appearances = _urls(item.get("firstAppearance")) + _urls(item.get("appearance"))
    if item.get("@type") == "CreativeWork":  # the older form: the item is where it appeared
        appearances += _urls(item.get("url"))
    return ReviewRecord(
        review_url=url,
        publisher_name=_text(author, "name", where) if isinstance(author, dict) else "",
        publisher_url=_text(author, "url", where) if isinstance(author, dict) else "",
        claim_text=text,
        rating_label=label,
        review_date=_date(node.get("datePublished"), where, "datePublished", required=True),  # type: ignore[arg-type]
        headline=_text(node, "headline", where) or _text(node, "name", where),
        rating_value=_int(rating.get("ratingValue"), where, "ratingValue"),
        best_rating=_int(rating.get("bestRating"), where, "bestRating"),
        worst_rating=_int(rating.get("worstRating"), where, "worstRating"),
        claimant=_text(claimant, "name", where) if isinstance(claimant, dict) else "",
        claimant_type=str(claimant.get("@type", "Person"))
        if isinstance(claimant, dict)
        else "Person",
        claimant_same_as=_urls(claimant.get("sameAs")) if isinstance(claimant, dict) else (),
        claim_date=_date(
            item.get("datePublished"), where, "itemReviewed.datePublished", required=False
        ),
        appearances=tuple(dict.fromkeys(appearances)),
        language=language,
        where=where,
    )


def parse(text: str) -> list[ReviewRecord]:
    """Every ClaimReview in ``text`` as a record, in order. Duplicate review URLs refused."""
    records: list[ReviewRecord] = []
    seen: dict[str, str] = {}
    for number, node in enumerate((n for d in documents(text) for n in _nodes(d)), start=1):
        where = f"ClaimReview {number}"
        parsed = record(node, where)
        if parsed.review_url in seen:
            raise ClaimReviewError(
                f"{where}: the review URL {parsed.review_url} also appears in {seen[parsed.review_url]}."
            )
        seen[parsed.review_url] = where
        records.append(parsed)
    if not records:
        raise ClaimReviewError("No ClaimReview found in the input.")
    return records


STREAMED = {"[": ["item"], "{": ["dataFeedElement.item", "@graph.item"]}


def _first_character(path: Path) -> str:
    with path.open("rb") as handle:
        while chunk := handle.read(4096):
            stripped = chunk.lstrip()
            if stripped:
                return stripped[:1].decode("latin-1")
    return ""


def stream_file(path: Path, *, max_whole: int) -> Iterator[ReviewRecord]:
    """The records of a file, read piece by piece when it is a DataFeed, an @graph or a
    list, so that memory stays flat however large it is: one review in memory at a time.
    (Duplicate review URLs are refused by the import, in the database.)"""
    first = _first_character(path)
    number = 0
    for prefix in STREAMED.get(first, []):
        with path.open("rb") as handle:
            try:
                for element in ijson.items(handle, prefix, use_float=True):
                    for node in _nodes(element):
                        number += 1
                        where = f"ClaimReview {number}"
                        yield record(node, where)
            except ijson.JSONError as exc:
                detail = str(exc).splitlines()[0].strip() or "malformed"
                raise ClaimReviewError(f"The input is not valid JSON: {detail}.") from None
            except UnicodeDecodeError as exc:
                raise ClaimReviewError(f"The file is not UTF-8 text ({exc.reason}).") from None
        if number:
            return
    # One review, or an HTML page: small enough to read whole.
    if path.stat().st_size > max_whole:
        raise ClaimReviewError(
            f"Larger than {max_whole // 2**20} MB and not a DataFeed, @graph or list."
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ClaimReviewError(
            f"The file is not UTF-8 text ({exc.reason} at byte {exc.start})."
        ) from None
    yield from parse(text)
