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

from claims.services.claimreview import ReviewRecord, Skipped
from claims.services.workflow import TransitionError
from factcheck.base.db import LANGUAGE_TAG_REGEX, URL_MAX_LENGTH

# An address readers may follow: scheme http or https, then a host.
HTTP_URL = re.compile(r"^https?://[^/?#\s]+", re.IGNORECASE)


class ClaimReviewError(TransitionError):
    """The input cannot be read as ClaimReview; the message says where and what."""


# Python's JSON reader and the walk below recurse once per level: a file of brackets
# nested a thousand deep is refused as such, not left to fail as an unexpected error.
TOO_DEEP = "The input nests arrays or objects too deeply (a thousand levels or so) to be read."


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


def _number(value: Any, where: str, key: str) -> int | float | None:
    """A rating number as the publisher gave it ("1" and 1 alike), kept exactly: a whole
    number stays whole, 2.5 stays 2.5 (their scale, never rounded to ours)."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ClaimReviewError(f"{where}: “{key}” should be a number, not {value!r}.")
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        raise ClaimReviewError(
            f"{where}: “{key}” should be a number, not {str(value)[:40]!r}."
        ) from None
    if number != number or number in (float("inf"), float("-inf")) or abs(number) > 1e9:
        raise ClaimReviewError(f"{where}: “{key}” is not a usable number: {str(value)[:40]!r}.")
    return int(number) if number.is_integer() else number


def _url(value: Any, where: str, key: str) -> str:
    """An address readers may follow: http(s) only. Anything else (``javascript:``,
    ``data:``, a bare path) is refused with the property's name, never stored."""
    if not isinstance(value, str):
        raise ClaimReviewError(f"{where}: “{key}” should be an http(s) address.")
    url = value.strip()
    if "\x00" in url or not HTTP_URL.match(url) or any(c.isspace() for c in url):
        raise ClaimReviewError(f"{where}: “{key}” should be an http(s) address, not {url[:60]!r}.")
    if len(url) > URL_MAX_LENGTH:
        raise ClaimReviewError(f"{where}: “{key}” is longer than {URL_MAX_LENGTH} characters.")
    return url


def _urls(value: Any, where: str, key: str) -> tuple[str, ...]:
    """Every address in ``value`` (a URL, an object with ``url``, or a list of either); an
    entry with no address at all (e.g. an appearance given only by its headline) is
    skipped, an address that is not http(s) refused."""
    if value in (None, "", [], {}):
        return ()
    items = value if isinstance(value, list) else [value]
    urls = []
    for item in items:
        url = item.get("url") if isinstance(item, dict) else item
        if url in (None, ""):
            continue
        urls.append(_url(url, where, key))
    return tuple(dict.fromkeys(urls))


def _date_text(
    node: dict[str, Any], key: str, where: str, label: str
) -> tuple[str, datetime.date | None]:
    """A date as the publisher wrote it (kept, to give it back unchanged) and its day."""
    value = node.get(key)
    if isinstance(value, str) and "\x00" in value:  # kept as written: PostgreSQL refuses NUL
        raise ClaimReviewError(f"{where}: “{label}” contains a NUL character.")
    day = _date(value, where, label, required=False)
    return (str(value).strip() if day is not None else ""), day


def _type(node: dict[str, Any], default: str) -> str:
    # The De Facto feed writes "type" for "@type" on its authors.
    kind = node.get("@type", node.get("type", default))
    kind = kind[0] if isinstance(kind, list) and kind else kind
    usable = isinstance(kind, str) and kind and "\x00" not in kind and len(kind) <= 100
    return kind if usable else default


def _organisation(author: Any, where: str) -> dict[str, Any]:
    """The review's author (its publisher), with what we keep of it."""
    if isinstance(author, list):
        author = author[0] if author else {}
    if isinstance(author, str):
        author = {"name": author}
    if not isinstance(author, dict):
        return {}
    kept: dict[str, Any] = {"@type": _type(author, "Organization")}
    if name := _text(author, "name", where):
        kept["name"] = name
    if author.get("url"):
        kept["url"] = _url(author["url"], where, "author.url")
    return kept


def _claimant(item: dict[str, Any], where: str) -> dict[str, Any]:
    claimant = item.get("author") or {}
    if isinstance(claimant, list):
        claimant = claimant[0] if claimant else {}
    if isinstance(claimant, str):
        claimant = {"name": claimant}
    if not isinstance(claimant, dict):
        return {}
    kept: dict[str, Any] = {"@type": _type(claimant, "Person")}
    if name := _text(claimant, "name", where):
        kept["name"] = name
    if job := _text(claimant, "jobTitle", where):
        kept["jobTitle"] = job
    if same_as := _urls(claimant.get("sameAs"), where, "itemReviewed.author.sameAs"):
        kept["sameAs"] = list(same_as)
    return kept if "name" in kept else {}


def record(node: dict[str, Any], where: str) -> ReviewRecord:
    """One ClaimReview. Only what Google marks required is required (``url``,
    ``claimReviewed``, ``reviewRating`` with its textual rating); everything it only
    recommends (``datePublished``, ``author``, ``itemReviewed`` and its parts) may be
    missing. What the publisher wrote is kept as ``their_review`` to be given back as
    theirs."""
    url = _url(_text(node, "url", where, required=True), where, "url")
    author = _organisation(node.get("author"), where)
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
    text = _text(node, "claimReviewed", where, required=True)
    if len(text) > 2000:
        raise ClaimReviewError(f"{where}: “claimReviewed” is longer than 2,000 characters.")
    language = _text(node, "inLanguage", where).split(",")[0].strip()
    if language and not re.fullmatch(LANGUAGE_TAG_REGEX, language):
        raise ClaimReviewError(
            f"{where}: “inLanguage” should be a language tag such as en or pt-BR, not {language[:20]!r}."
        )
    published, review_date = _date_text(node, "datePublished", where, "datePublished")
    modified, _ = _date_text(node, "dateModified", where, "dateModified")
    claimed, claim_date = _date_text(item, "datePublished", where, "itemReviewed.datePublished")
    first = _urls(item.get("firstAppearance"), where, "itemReviewed.firstAppearance")
    appearances = _urls(item.get("appearance"), where, "itemReviewed.appearance")
    kind = _type(item, "Claim")
    if kind == "CreativeWork":  # the older form: the item is where it appeared
        appearances += _urls(item.get("url"), where, "itemReviewed.url")
    claimant = _claimant(item, where)
    numbers = {
        key: number
        for key in ("ratingValue", "bestRating", "worstRating")
        if (number := _number(rating.get(key), where, f"reviewRating.{key}")) is not None
    }
    headline = _text(node, "headline", where) or _text(node, "name", where)
    theirs: dict[str, Any] = {"author": author} if author else {}
    if headline:
        theirs["headline"] = headline
    if published:
        theirs["datePublished"] = published
    if modified:
        theirs["dateModified"] = modified
    theirs["reviewRating"] = numbers
    reviewed: dict[str, Any] = {"@type": kind}
    if claimant:
        reviewed["author"] = claimant
    if claimed:
        reviewed["datePublished"] = claimed
    if kind == "CreativeWork" and (name := _text(item, "name", where)):
        reviewed["name"] = name
    if first:
        reviewed["firstAppearance"] = first[0]
    if appearances:
        reviewed["appearance"] = list(dict.fromkeys(appearances))
    theirs["itemReviewed"] = reviewed
    return ReviewRecord(
        review_url=url,
        publisher_name=author.get("name", ""),
        publisher_url=author.get("url", ""),
        claim_text=text,
        rating_label=label,
        review_date=review_date,
        headline=headline,
        rating_value=numbers.get("ratingValue"),
        best_rating=numbers.get("bestRating"),
        worst_rating=numbers.get("worstRating"),
        claimant=claimant.get("name", ""),
        claimant_type=claimant.get("@type", "Person"),
        claimant_job_title=claimant.get("jobTitle", ""),
        claimant_same_as=tuple(claimant.get("sameAs", ())),
        claim_date=claim_date,
        appearances=tuple(dict.fromkeys(first + appearances)),
        language=language,
        their_review=theirs,
        where=where,
    )


def _read(node: dict[str, Any], where: str, skip_invalid: bool) -> ReviewRecord | Skipped:
    """The record of ``node``; with ``skip_invalid``, what is wrong with it instead of
    stopping the import."""
    try:
        return record(node, where)
    except ClaimReviewError as exc:
        if not skip_invalid:
            raise
        url = node.get("url")
        reason = " ".join(exc.messages).removeprefix(f"{where}: ")
        return Skipped(where, url if isinstance(url, str) else "", reason)


def parse(text: str, *, skip_invalid: bool = False) -> list[ReviewRecord | Skipped]:
    """Every ClaimReview in ``text`` as a record, in order. Duplicate review URLs refused."""
    records: list[ReviewRecord | Skipped] = []
    seen: dict[str, str] = {}
    try:
        nodes = [n for d in documents(text) for n in _nodes(d)]
    except RecursionError:
        raise ClaimReviewError(TOO_DEEP) from None
    for number, node in enumerate(nodes, start=1):
        where = f"ClaimReview {number}"
        parsed = _read(node, where, skip_invalid)
        if isinstance(parsed, ReviewRecord) and parsed.review_url in seen:
            message = (
                f"the review URL {parsed.review_url} also appears in {seen[parsed.review_url]}."
            )
            if not skip_invalid:
                raise ClaimReviewError(f"{where}: {message}")
            parsed = Skipped(where, parsed.review_url, message)
        if isinstance(parsed, ReviewRecord):
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


def stream_file(
    path: Path, *, max_whole: int, skip_invalid: bool = False
) -> Iterator[ReviewRecord | Skipped]:
    """The records of a file, read piece by piece when it is a DataFeed, an @graph or a
    list, so that memory stays flat however large it is: one review in memory at a time.
    (Duplicate review URLs are refused by the import, in the database.)"""
    first = _first_character(path)
    number = 0
    for prefix in STREAMED.get(first, []):
        with path.open("rb") as handle:
            try:
                for element in ijson.items(handle, prefix, use_float=True):
                    try:
                        nodes = list(_nodes(element))
                    except RecursionError:
                        raise ClaimReviewError(TOO_DEEP) from None
                    for node in nodes:
                        number += 1
                        where = f"ClaimReview {number}"
                        yield _read(node, where, skip_invalid)
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
    yield from parse(text, skip_invalid=skip_invalid)
