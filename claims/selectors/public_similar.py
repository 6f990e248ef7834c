"""Public matching, "Has this been checked?" (served from ``claims.selectors.public``):
our closest public verdicts for a text a reader pastes, in any language the model reads.

Read from the public index only: the vectors of published words
(``PublishedClaimVector``, written from the revisions, never from the working copy)
joined to ``PublishedClaim``, whose stored document gives the verdicts as published. A
draft, a verdict in review, a proposal not yet published, an archive reference (LIAR)
or a taken-down verdict is not in the index, so it can neither be found nor shown.
Where vectors are off, the index's full-text document is searched instead.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import FloatField, Q
from django.db.models.functions import Greatest, Upper

from claims.matching import embedding
from claims.matching.match import RELATED_LABEL, flags_for
from claims.models import PublishedClaim, PublishedClaimVector
from claims.selectors.public_search import in_their_language, rank_in_their_language
from claims.selectors.similar import (
    BY_WORDS,
    QUERY_MAX,
    QUERY_MIN,
    Neighbour,
    Similar,
    best_per_claim,
    nearest,
    query_text,
)
from claims.selectors.vectors import vector_state

__all__ = ["QUERY_MAX", "QUERY_MIN", "PublicCandidate", "query_text", "similar_public_verdicts"]

# As the staff's lexical matching (claims.selectors.similar_claims): below this, two
# texts share words by chance; how many of the newest sharing a word are scored.
SIMILARITY_THRESHOLD = 0.2
CANDIDATES = 500
_WORD = re.compile(r"[^\W_]{3,}", re.UNICODE)


@dataclass(frozen=True)
class PublicVerdictBrief:
    rating: str
    rating_slug: str
    publisher: str
    ours: bool
    headline: str
    url: str  # the verdict's page: ours here, theirs at their site
    date: datetime.date | None
    status: str  # published or retracted


@dataclass(frozen=True)
class PublicCandidate:
    """A public claim like the reader's text, as published."""

    slug: str
    text: str
    speaker: str
    score: float
    label: str
    flags: tuple[str, ...]
    verdicts: tuple[PublicVerdictBrief, ...]


def _day(verdict: dict[str, Any]) -> datetime.date | None:
    moment = verdict.get("review_date") or verdict.get("date_first_seen")
    if not moment:
        return None
    return datetime.datetime.fromisoformat(moment.replace("Z", "+00:00")).date()


def _candidate(
    document: dict[str, Any], *, score: float, label: str, flags: tuple[str, ...]
) -> PublicCandidate:
    return PublicCandidate(
        slug=document["slug"],
        text=document["text"],
        speaker=(document.get("speaker") or {}).get("name", ""),
        score=round(score, 4),
        label=label,
        flags=flags,
        verdicts=tuple(
            PublicVerdictBrief(
                rating=v["rating"]["label"],
                rating_slug=v["rating"]["slug"],
                publisher=v["publisher"]["name"],
                ours=bool(v["publisher"]["ours"]),
                headline=v["headline"],
                url=v["page_url"] or "",
                date=_day(v),
                status=v["status"],
            )
            for v in document.get("verdicts", [])
        ),
    )


def _published(document: dict[str, Any], neighbour: Neighbour) -> bool:
    """The vector stands for words the index publishes now (the public index is rewritten
    with each revision; this holds even if a vector outlived its words)."""
    if neighbour.kind == "text":
        return neighbour.wording == document["text"]
    if neighbour.kind == "quote":
        return neighbour.wording == (document.get("quote") or "")
    return True  # another publisher's claimReviewed, read from their public revision


def _by_meaning(query: str, *, version: str, limit: int) -> list[PublicCandidate]:
    (near,) = nearest(PublishedClaimVector, [embedding.embed(query)], version=version)
    best = best_per_claim(query, near)
    documents = dict(
        PublishedClaim.objects.filter(pk__in=[n.claim_id for _, n in best]).values_list(
            "pk", "document"
        )
    )
    found = []
    for match, neighbour in best:
        document = documents.get(neighbour.claim_id)
        if document is not None and _published(document, neighbour):
            found.append(
                _candidate(document, score=match.score, label=match.label, flags=match.flags)
            )
    return found[:limit]


def _by_words(query: str, *, limit: int) -> list[PublicCandidate]:
    """Any of the text's words in the index's search document (the newest ``CANDIDATES``
    such claims), scored by trigram similarity of the claim's words and by rank."""
    words = _WORD.findall(query)[:40]
    if not words:
        return []
    # Only words reach the raw query, so a reader's text cannot inject tsquery syntax.
    # Each claim's document is in its language's configuration: the words are parsed in
    # each (claims.selectors.public_search), as a search's are.
    terms = " | ".join(words)
    sharing = (
        PublishedClaim.objects.filter(in_their_language(terms, search_type="raw"))
        .order_by("-published_at", "-claim_id")
        .values_list("pk", flat=True)[:CANDIDATES]
    )
    rows = (
        PublishedClaim.objects.filter(pk__in=list(sharing))
        .annotate(
            similarity=TrigramSimilarity(Upper("search_text"), query.upper()),
            rank=rank_in_their_language(terms, search_type="raw"),
            score=Greatest("similarity", "rank", output_field=FloatField()),
        )
        .filter(Q(similarity__gte=SIMILARITY_THRESHOLD) | Q(rank__gte=0.05))
        .filter(score__gte=SIMILARITY_THRESHOLD / 2)
        .order_by("-score", "-published_at")
        .values_list("document", "score")[:limit]
    )
    return [
        _candidate(
            document,
            score=float(score),
            label=RELATED_LABEL,
            flags=flags_for(query, document["text"]),
        )
        for document, score in rows
    ]


def similar_public_verdicts(*, text: str, limit: int = 5) -> Similar[PublicCandidate]:
    """Public claims like ``text`` with their public verdicts, best first: "likely the
    same claim", then "related"; empty when nothing passes (not found)."""
    query = query_text(text)
    state = vector_state(public=True)
    if state.on:
        if not query:
            return Similar()
        try:
            return Similar(_by_meaning(query, version=state.model_version, limit=limit))
        except embedding.EmbeddingUnavailable as error:
            state = type(state)(False, str(error))
    if not query:
        return Similar(by=BY_WORDS, reason=state.reason)
    return Similar(_by_words(query, limit=limit), by=BY_WORDS, reason=state.reason)
