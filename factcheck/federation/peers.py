"""Asking peers "Already checked?": every peer switched on at once, each through the one
outbound client, within ``FACTCHECK_PEER_BUDGET_MS``. A peer that has not answered by then
is reported as late (its answer, when it comes, is cached for the next time); one that
answers garbage, an error or a redirect is reported with a note. Nothing here touches the
database: the peers are read before and handed over as ``PeerTarget``."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache

from factcheck.base import outbound
from factcheck.base.db import LANGUAGE_TAG_REGEX

RESULTS = 5  # reviewed claims asked of each peer
MAX_BYTES = 1024 * 1024  # a search answer larger than this is not one
QUERY_MAX = 500  # what a factcheck installation's claims:search takes
IMPORT_TIMEOUT = 10.0  # seconds: asking one peer again for the review to import
State = Literal["answered", "late", "failed"]


@dataclass(frozen=True)
class PeerTarget:
    """What a search needs of a ``Peer`` row, read before the threads start."""

    pk: int
    name: str
    kind: str
    base_url: str
    api_key: str
    changed: float  # the row's updated_at: a changed peer is not answered from the cache

    def search_url(self, text: str) -> str:
        params = {"query": text, "pageSize": str(RESULTS)}
        if self.api_key:
            params["key"] = self.api_key
        return f"{self.base_url.rstrip('/')}/v1alpha1/claims:search?{urlencode(params)}"

    def hide_key(self, message: str) -> str:
        """Notes are shown to staff and may quote the address asked: never the key."""
        return message.replace(self.api_key, "…") if self.api_key else message


@dataclass(frozen=True)
class PeerReview:
    """One review in a peer's answer, as Google's API shapes it, read defensively."""

    claim_text: str
    claimant: str
    claim_date: datetime.date | None
    publisher_name: str
    publisher_site: str
    url: str
    title: str
    review_date: datetime.date | None
    rating: str
    language: str


@dataclass
class PeerAnswer:
    peer_id: int
    peer_name: str
    state: State
    note: str = ""
    reviews: list[PeerReview] = field(default_factory=list)
    elapsed_ms: int | None = None
    cached: bool = False


class NotAnAnswer(ValueError):
    """The body is not a Fact Check Tools answer; the message says what it is instead."""


def query_text(text: str) -> str:
    """The text as a peer is asked it: one line, at most ``QUERY_MAX`` characters, cut at
    a word."""
    words = " ".join(text.split())
    if len(words) <= QUERY_MAX:
        return words
    return words[:QUERY_MAX].rsplit(" ", 1)[0]


def _string(value: Any, limit: int) -> str:
    return " ".join(value.split())[:limit] if isinstance(value, str) else ""


def _date(value: Any) -> datetime.date | None:
    if not isinstance(value, str) or not value.isascii():
        return None
    try:
        return datetime.datetime.fromisoformat(value.strip()).date()
    except ValueError:
        try:
            return datetime.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None


def _http_url(value: Any) -> str:
    if not isinstance(value, str) or len(value) > 2000 or re.search(r"\s", value):
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    return value if parts.scheme in ("http", "https") and parts.hostname else ""


def _review(claim: dict[str, Any], review: Any) -> PeerReview | None:
    if not isinstance(review, dict):
        return None
    given = review.get("publisher")
    publisher: dict[str, Any] = given if isinstance(given, dict) else {}
    url = _http_url(review.get("url"))
    name = _string(publisher.get("name"), 200)
    site = _string(publisher.get("site"), 200).lower()
    if not url or not (name or site):
        return None  # nothing to show a reader, or to import, without them
    language = _string(review.get("languageCode"), 35)
    return PeerReview(
        claim_text=_string(claim.get("text"), 5000),
        claimant=_string(claim.get("claimant"), 200),
        claim_date=_date(claim.get("claimDate")),
        publisher_name=name or site,
        publisher_site=site,
        url=url,
        title=_string(review.get("title"), 300),
        review_date=_date(review.get("reviewDate")),
        rating=_string(review.get("textualRating"), 100),
        language=language if re.fullmatch(LANGUAGE_TAG_REGEX, language) else "",
    )


def parse_answer(body: bytes) -> list[PeerReview]:
    """The reviews of a ``claims:search`` answer (``{}`` when nothing was found, as
    Google answers). Entries that cannot be read are passed over; a body that is not such
    an answer at all raises ``NotAnAnswer``."""
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        start = body[:60].decode("utf-8", "replace").strip()
        raise NotAnAnswer(f"it is not JSON (it starts “{start}”)") from None
    if not isinstance(document, dict):
        raise NotAnAnswer(f"it is JSON but not an object (a {type(document).__name__})")
    claims = document.get("claims", [])
    if not isinstance(claims, list):
        raise NotAnAnswer("its “claims” is not a list")
    found: list[PeerReview] = []
    for claim in claims[: RESULTS * 4]:
        if not isinstance(claim, dict) or not isinstance(claim.get("claimReview"), list):
            continue
        for review in claim["claimReview"][:10]:
            read = _review(claim, review)
            if read is not None and read.claim_text:
                found.append(read)
    return found


def _error_message(body: bytes) -> str:
    """Google's error body (``{"error": {"message": …}}``) in a few words, when it is one."""
    try:
        message = json.loads(body.decode("utf-8"))["error"]["message"]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        return ""
    return _string(message, 200)


def ask(peer: PeerTarget, text: str, *, timeout: float) -> PeerAnswer:
    """One peer's answer to ``text``, never an exception: what went wrong is its note."""
    started = time.monotonic()

    def answer(
        state: State, note: str = "", reviews: list[PeerReview] | None = None
    ) -> PeerAnswer:
        elapsed = int((time.monotonic() - started) * 1000)
        return PeerAnswer(peer.pk, peer.name, state, peer.hide_key(note), reviews or [], elapsed)

    try:
        response = outbound.fetch(
            peer.search_url(text),
            headers={"Accept": "application/json"},
            timeout=timeout,
            max_bytes=MAX_BYTES,
            max_redirects=0,  # a peer is read at its own address only
        )
    except outbound.AddressRefused as exc:
        return answer("failed", f"Not asked: {exc}")
    except outbound.OutboundError as exc:
        return answer("failed", f"No usable answer: {exc}")
    if response.status in outbound.REDIRECTS:
        where = _http_url(response.headers.get("location", "")) or "another address"
        return answer("failed", f"It answered with a redirect to {where}, not followed.")
    if not response.ok:
        said = _error_message(response.body)
        return answer(
            "failed", f"It answered HTTP {response.status}" + (f": {said}" if said else ".")
        )
    try:
        reviews = parse_answer(response.body)
    except NotAnAnswer as exc:
        return answer("failed", f"Its answer is not a Fact Check Tools answer: {exc}.")
    return answer("answered", reviews=reviews)


def _key(peer: PeerTarget, text: str) -> str:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return f"federation:peer:{peer.pk}:{peer.changed}:{digest}"


def _ask_and_keep(peer: PeerTarget, text: str, timeout: float) -> PeerAnswer:
    found = ask(peer, text, timeout=timeout)
    if found.state == "answered" and settings.FACTCHECK_PEER_CACHE_SECONDS:
        cache.set(_key(peer, text), found, settings.FACTCHECK_PEER_CACHE_SECONDS)
    return found


def cached_answer(peer: PeerTarget, text: str) -> PeerAnswer | None:
    if not settings.FACTCHECK_PEER_CACHE_SECONDS:
        return None
    found = cache.get(_key(peer, text))
    if not isinstance(found, PeerAnswer):
        return None
    found.cached = True
    return found


def ask_peers(peers: list[PeerTarget], text: str) -> list[PeerAnswer]:
    """Every peer's answer to ``text``, in the peers' order, within the time budget: from
    the cache where it holds one, the others asked in parallel. A peer still asking when
    the budget is spent is "late"; its thread goes on until its own deadline (a second
    later at most) and caches what it gets."""
    text = query_text(text)
    budget = settings.FACTCHECK_PEER_BUDGET_MS / 1000
    answers: dict[int, PeerAnswer] = {}
    pending: dict[int, Future[PeerAnswer]] = {}
    to_ask = []
    for peer in peers:
        kept = cached_answer(peer, text)
        if kept is not None:
            answers[peer.pk] = kept
        else:
            to_ask.append(peer)
    if to_ask:
        pool = ThreadPoolExecutor(max_workers=len(to_ask), thread_name_prefix="peer")
        try:
            for peer in to_ask:
                pending[peer.pk] = pool.submit(_ask_and_keep, peer, text, budget + 1.0)
            wait(pending.values(), timeout=budget)
        finally:
            pool.shutdown(wait=False)
    for peer in to_ask:
        future = pending[peer.pk]
        if future.done() and future.exception() is None:
            answers[peer.pk] = future.result()
        elif future.done():
            answers[peer.pk] = PeerAnswer(peer.pk, peer.name, "failed", "It could not be asked.")
        else:
            note = f"Did not answer in time ({settings.FACTCHECK_PEER_BUDGET_MS} ms)."
            answers[peer.pk] = PeerAnswer(peer.pk, peer.name, "late", note)
    return [answers[peer.pk] for peer in peers]


def find_review(peer: PeerTarget, text: str, url: str) -> PeerReview | None:
    """The review at ``url`` in the peer's answer to ``text``: the cached answer, else the
    peer asked again (with more time: an editor clicked and waits for it)."""
    text = query_text(text)
    found = cached_answer(peer, text) or _ask_and_keep(peer, text, IMPORT_TIMEOUT)
    return next((review for review in found.reviews if review.url == url), None)
