"""schema.org ClaimReview for our published verdicts, as Google documents it
(https://developers.google.com/search/docs/appearance/structured-data/factcheck),
and the Data Commons style DataFeed of them. One mapping for the API, the public
pages and (parsed back) the importer. Only our own published verdicts are marked up:
other publishers' reviews are theirs, and a retracted or taken-down verdict is not
re-published as a ClaimReview."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.conf import settings

from claims.selectors.public import ServedVerdict, as_published, feed_verdicts
from factcheck.base.http import site_url

CONTEXT = "https://schema.org"


def page_url(verdict: Any) -> str:
    """The public page readers land on for the verdict's claim (a working ``Verdict`` or a
    ``ServedVerdict``: the claim's address does not change once public), at
    ``FACTCHECK_SITE_URL``. Written without ``reverse()``: the feed writes one per verdict."""
    slug = verdict.claim["slug"] if isinstance(verdict.claim, dict) else verdict.claim.slug
    return site_url(f"claims/{slug}/")


def publisher() -> dict[str, Any]:
    organisation: dict[str, Any] = {
        "@type": "Organization",
        "name": settings.FACTCHECK_PUBLISHER_NAME,
        "url": settings.FACTCHECK_PUBLISHER_URL,
    }
    if settings.FACTCHECK_PUBLISHER_LOGO_URL:
        organisation["logo"] = settings.FACTCHECK_PUBLISHER_LOGO_URL
    return organisation


def _speaker(speaker: dict[str, Any]) -> dict[str, Any]:
    kind = "Organization" if speaker["kind"] == "organisation" else "Person"
    author: dict[str, Any] = {"@type": kind, "name": speaker["name"]}
    if speaker["title"] and speaker["kind"] in ("person", "organisation"):
        author["jobTitle"] = speaker["title"]
    if speaker["same_as"]:
        author["sameAs"] = list(speaker["same_as"])
    return author


def _rating(rating: dict[str, Any]) -> dict[str, Any]:
    review_rating: dict[str, Any] = {"@type": "Rating", "alternateName": rating["label"]}
    if rating["position"] is not None:  # a degree of truth; "Unproven" has only its name
        review_rating.update(
            ratingValue=rating["position"], bestRating=rating["best"], worstRating=rating["worst"]
        )
    return review_rating


def claim_review(verdict: ServedVerdict) -> dict[str, Any]:
    """The ClaimReview of one of our published verdicts, from the revision readers are
    served. Refuses anything else: it must never be marked up as ours."""
    rating = verdict.rating
    if not verdict.is_ours or verdict.status != "published" or rating is None:
        raise ValueError("Only our own published verdicts are published as ClaimReview.")
    claim = verdict.document["claim"]
    item: dict[str, Any] = {"@type": "Claim"}
    if claim["speaker"] is not None:
        item["author"] = _speaker(claim["speaker"])
    if claim["claimed_on"]:
        item["datePublished"] = claim["claimed_on"]
    article_url = (claim["article"] or {}).get("url") or ""
    appearances = [url for url in (claim["url"], article_url) if url]
    if appearances:
        item["firstAppearance"] = {"@type": "CreativeWork", "url": appearances[0]}
        item["appearance"] = [{"@type": "CreativeWork", "url": url} for url in appearances]
    if claim["archived_url"]:
        item.setdefault("appearance", []).append(
            {"@type": "CreativeWork", "url": claim["archived_url"]}
        )
    return {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": page_url(verdict),
        "claimReviewed": claim["text"],
        "headline": verdict.headline,
        "inLanguage": claim["language"],
        "author": publisher(),
        "datePublished": verdict.first_published.date().isoformat(),
        "dateModified": verdict.last_updated.isoformat(),
        "reviewRating": _rating(rating),
        "itemReviewed": item,
    }


def data_feed() -> Iterator[str]:
    """The Data Commons style DataFeed of our ClaimReviews, in pieces, so that memory stays
    flat however many verdicts there are (the rows are read in chunks)."""
    yield (
        json.dumps(
            {"@context": CONTEXT, "@type": "DataFeed", "name": settings.FACTCHECK_PUBLISHER_NAME}
        )[:-1]
        + ', "dataFeedElement": ['
    )
    first = True
    for row in feed_verdicts().iterator(chunk_size=1000):
        verdict = as_published(row)
        element = {
            "@type": "DataFeedItem",
            "dateCreated": verdict.first_published.isoformat(),
            "item": [claim_review(verdict)],
        }
        yield ("" if first else ",") + json.dumps(element, ensure_ascii=False)
        first = False
    yield "]}"
