"""schema.org ClaimReview for our published verdicts, as Google documents it
(https://developers.google.com/search/docs/appearance/structured-data/factcheck),
and the Data Commons style DataFeed of them. One mapping for the API, the public
pages and (parsed back) the importer. Only our own published verdicts are marked up:
other publishers' reviews are theirs, and a retracted or taken-down verdict is not
re-published as a ClaimReview."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Max, Min

from claims.models import Rating, Speaker, Verdict

CONTEXT = "https://schema.org"


def page_url(verdict: Verdict) -> str:
    """The public page readers land on for the verdict's claim."""
    return f"{settings.FACTCHECK_PUBLISHER_URL.rstrip('/')}/claims/{verdict.claim.slug}/"


def scale_bounds() -> dict[int, tuple[int | None, int | None]]:
    """(worst, best) position of each rating scale, for ``reviewRating``."""
    rows = Rating.objects.values("scale_id").annotate(worst=Min("position"), best=Max("position"))
    return {row["scale_id"]: (row["worst"], row["best"]) for row in rows}


def is_marked_up(verdict: Verdict) -> bool:
    return verdict.is_ours and verdict.status == Verdict.Status.PUBLISHED


def publisher() -> dict[str, Any]:
    organisation: dict[str, Any] = {
        "@type": "Organization",
        "name": settings.FACTCHECK_PUBLISHER_NAME,
        "url": settings.FACTCHECK_PUBLISHER_URL,
    }
    if settings.FACTCHECK_PUBLISHER_LOGO_URL:
        organisation["logo"] = settings.FACTCHECK_PUBLISHER_LOGO_URL
    return organisation


def _speaker(speaker: Speaker) -> dict[str, Any]:
    kind = "Organization" if speaker.kind == Speaker.Kind.ORGANISATION else "Person"
    author: dict[str, Any] = {"@type": kind, "name": speaker.name}
    if speaker.title and speaker.is_named:
        author["jobTitle"] = speaker.title
    if speaker.same_as:
        author["sameAs"] = list(speaker.same_as)
    return author


def _rating(rating: Rating, bounds: dict[int, tuple[int | None, int | None]]) -> dict[str, Any]:
    review_rating: dict[str, Any] = {"@type": "Rating", "alternateName": rating.label}
    if rating.position is not None:  # a degree of truth; "Unproven" has only its name
        worst, best = bounds.get(rating.scale_id, (None, None))
        review_rating.update(ratingValue=rating.position, bestRating=best, worstRating=worst)
    return review_rating


def last_updated(verdict: Verdict, corrections: Iterable[datetime] = ()) -> datetime:
    """The last public change: first publication or the latest correction or update."""
    published = verdict.published_at
    assert published is not None, "only published verdicts have a public history"
    return max([published, *corrections])


def claim_review(
    verdict: Verdict,
    *,
    bounds: dict[int, tuple[int | None, int | None]] | None = None,
    corrections: Iterable[datetime] = (),
) -> dict[str, Any]:
    """The ClaimReview of one of our published verdicts (select_related claim, speaker,
    article and rating). Refuses anything else: it must never be marked up as ours."""
    if not is_marked_up(verdict) or verdict.published_at is None or verdict.rating is None:
        raise ValueError("Only our own published verdicts are published as ClaimReview.")
    claim = verdict.claim
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.speaker is not None:
        item["author"] = _speaker(claim.speaker)
    if claim.claimed_on:
        item["datePublished"] = claim.claimed_on.isoformat()
    appearances = [url for url in (claim.url, claim.article.url if claim.article else "") if url]
    if appearances:
        item["firstAppearance"] = {"@type": "CreativeWork", "url": appearances[0]}
        item["appearance"] = [{"@type": "CreativeWork", "url": url} for url in appearances]
    if claim.archived_url:
        item.setdefault("appearance", []).append(
            {"@type": "CreativeWork", "url": claim.archived_url}
        )
    return {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": page_url(verdict),
        "claimReviewed": claim.text,
        "headline": verdict.headline,
        "inLanguage": claim.language,
        "author": publisher(),
        "datePublished": verdict.published_at.date().isoformat(),
        "dateModified": last_updated(verdict, corrections).isoformat(),
        "reviewRating": _rating(verdict.rating, bounds if bounds is not None else scale_bounds()),
        "itemReviewed": item,
    }


def feed_verdicts() -> Any:
    """Every verdict the feed carries: ours, published (not retracted, not taken down)."""
    return (
        Verdict.objects.public()
        .ours()
        .filter(status=Verdict.Status.PUBLISHED)
        .select_related("claim__speaker", "claim__article", "rating")
        .annotate(last_correction=Max("corrections__published_at"))
        .order_by("published_at", "pk")
    )


def _corrected(verdict: Verdict) -> list[datetime]:
    latest = getattr(verdict, "last_correction", None)
    return [latest] if latest else []


def data_feed() -> Iterator[str]:
    """The Data Commons style DataFeed of our ClaimReviews, in pieces, so that memory stays
    flat however many verdicts there are (the rows are read in chunks)."""
    bounds = scale_bounds()
    yield (
        json.dumps(
            {"@context": CONTEXT, "@type": "DataFeed", "name": settings.FACTCHECK_PUBLISHER_NAME}
        )[:-1]
        + ', "dataFeedElement": ['
    )
    first = True
    for verdict in feed_verdicts().iterator(chunk_size=1000):
        element = {
            "@type": "DataFeedItem",
            "dateCreated": verdict.published_at.isoformat() if verdict.published_at else None,
            "item": [claim_review(verdict, bounds=bounds, corrections=_corrected(verdict))],
        }
        yield ("" if first else ",") + json.dumps(element, ensure_ascii=False)
        first = False
    yield "]}"
