"""schema.org ClaimReview for our published verdicts, as Google documents it
(https://developers.google.com/search/docs/appearance/structured-data/factcheck),
and the Data Commons style DataFeed of them. One mapping for the API, the public
pages and (parsed back) the importer. Only our own published verdicts are marked up:
other publishers' reviews are theirs, and a retracted or taken-down verdict is not
re-published as a ClaimReview."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import Any

from django.conf import settings

from claims.selectors.public import (
    ServedVerdict,
    as_published,
    feed_translations,
    feed_verdicts,
    publisher_verdicts,
    rating_label,
)
from factcheck.base.http import site_url

CONTEXT = "https://schema.org"


def page_url(verdict: Any) -> str:
    """The public page readers land on for the verdict's claim (a working ``Verdict`` or a
    ``ServedVerdict``: the claim's address does not change once public), at
    ``FACTCHECK_SITE_URL``. Written without ``reverse()``: the feed writes one per verdict."""
    slug = verdict.claim["slug"] if isinstance(verdict.claim, dict) else verdict.claim.slug
    return site_url(f"claims/{slug}/")


def translation_url(verdict: ServedVerdict) -> str:
    """The page of a translation: its claim's page in the translation's language (the
    default language's at the root)."""
    slug = verdict.claim["slug"]
    language = verdict.language
    prefix = "" if language == settings.LANGUAGE_CODE else f"{language}/"
    return site_url(f"{prefix}claims/{slug}/")


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


def _rating(rating: dict[str, Any], language: str) -> dict[str, Any]:
    """The rating as the revision published it, named in the review's language
    (``inLanguage``): "خطأ" for a review in Arabic where the revision published the Arabic
    label, else the scale's own (English) label."""
    label = rating_label(rating, language)
    review_rating: dict[str, Any] = {"@type": "Rating", "alternateName": label}
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
    # Where else it was said, as the revision published it (claim families): each with its
    # address, and who said it and when where known.
    for entry in verdict.document.get("appearances", []):
        if work := _appearance(entry):
            item.setdefault("appearance", []).append(work)
    # A translation of one of ours: its own page (the claim's in its language), the claim
    # in its words, its language (docs/languages.md).
    translation = verdict.document.get("translation")
    return {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": page_url(verdict) if translation is None else translation_url(verdict),
        "claimReviewed": (translation or {}).get("claim_wording") or claim["text"],
        "headline": verdict.headline,
        "inLanguage": claim["language"] if translation is None else verdict.language,
        "author": publisher(),
        "datePublished": verdict.first_published.date().isoformat(),
        "dateModified": verdict.last_updated.isoformat(),
        "reviewRating": _rating(rating, verdict.language),
        "itemReviewed": item,
        **_people(verdict),
    }


def _appearance(entry: dict[str, Any]) -> dict[str, Any] | None:
    url = entry["url"] or (entry["article"] or {}).get("url") or ""
    if not url:
        return None  # an appearance is a piece of content: without an address, none
    work: dict[str, Any] = {"@type": "CreativeWork", "url": url}
    if entry["speaker"] is not None:
        work["author"] = _speaker({**entry["speaker"], "same_as": []})
    if entry["date"]:
        work["datePublished"] = entry["date"]
    return work


# What display_name() writes for staff who gave no name: the newsroom, not a person.
NO_NAME = "the editorial team"


def _people(verdict: ServedVerdict) -> dict[str, Any]:
    """The people behind one of our verdicts, as it was published (the revision's bylines,
    never usernames): ``creator`` who wrote it, ``editor`` who approved it. ``author``
    stays the organisation, which Fact Check Explorer credits."""
    people: dict[str, Any] = {}
    if verdict.author and verdict.author != NO_NAME:
        people["creator"] = {"@type": "Person", "name": verdict.author}
    editors = [{"@type": "Person", "name": name} for name in verdict.reviewers if name != NO_NAME]
    if editors:
        people["editor"] = editors
    return people


def their_claim_review(verdict: ServedVerdict) -> dict[str, Any]:
    """Another publisher's review given back as theirs, from the revision readers are
    served: their URL, author, dates, rating (label and their own numbers), wording,
    claimant and appearances, and the review's language. Refuses ours and anything not
    published: it is their document, re-served, never one of our verdicts."""
    rating = verdict.rating
    if verdict.is_ours or verdict.status != "published" or rating is None:
        raise ValueError("Only another publisher's published review is given back as theirs.")
    theirs = verdict.their_review
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": verdict.external_url,
        "claimReviewed": verdict.verdict.get("claim_reviewed") or verdict.claim["text"],
    }
    if theirs.get("headline"):
        review["headline"] = theirs["headline"]
    if verdict.language and verdict.language != "und":
        review["inLanguage"] = verdict.language
    publisher_row = verdict.publisher or {}
    author = theirs.get("author") or {
        "@type": "Organization",
        "name": publisher_row.get("name", ""),
        "url": publisher_row.get("url", ""),
    }
    review["author"] = {key: value for key, value in author.items() if value}
    for key in ("datePublished", "dateModified"):
        if theirs.get(key):
            review[key] = theirs[key]
    if not theirs:
        # Imported before their document was kept, when a date was required: it is theirs.
        review["datePublished"] = verdict.first_published.date().isoformat()
    review["reviewRating"] = {
        "@type": "Rating",
        "alternateName": rating["label"],
        **theirs.get("reviewRating", {}),
    }
    item = theirs.get("itemReviewed")
    review["itemReviewed"] = dict(item) if item else {"@type": "Claim"}
    # The appearances their review listed, kept as appearances reported by it (older
    # revisions still hold them inside their review, given back above as they are).
    listed = verdict.document.get("appearances", [])
    first = [entry["url"] for entry in listed if entry.get("first")]
    if first:
        review["itemReviewed"]["firstAppearance"] = first[0]
    shown = [entry["url"] for entry in listed if entry.get("listed", True)]
    if shown:
        review["itemReviewed"]["appearance"] = shown
    return review


def publisher_feed(publisher_slug: str) -> Iterator[str]:
    """Another publisher's public reviews as a DataFeed of their ClaimReviews, in pieces."""
    yield (
        json.dumps({"@context": CONTEXT, "@type": "DataFeed", "name": publisher_slug})[:-1]
        + ', "dataFeedElement": ['
    )
    first = True
    for row in publisher_verdicts(publisher_slug).iterator(chunk_size=1000):
        verdict = as_published(row)
        element = {"@type": "DataFeedItem", "item": [their_claim_review(verdict)]}
        yield ("" if first else ",") + json.dumps(element, ensure_ascii=False)
        first = False
    yield "]}"


def data_feed(since: datetime.datetime | None = None) -> Iterator[str]:
    """The Data Commons style DataFeed of our ClaimReviews, in pieces, so that memory stays
    flat however many verdicts there are (the rows are read in chunks). With ``since``,
    the incremental form: only the verdicts whose served revision is newer. Each item says
    when it was first published (``dateCreated``) and last changed (``dateModified``)."""
    yield (
        json.dumps(
            {"@context": CONTEXT, "@type": "DataFeed", "name": settings.FACTCHECK_PUBLISHER_NAME}
        )[:-1]
        + ', "dataFeedElement": ['
    )
    first = True
    for row in feed_verdicts(since).iterator(chunk_size=1000):
        verdict = as_published(row)
        element = {
            "@type": "DataFeedItem",
            "dateCreated": verdict.first_published.isoformat(),
            "dateModified": verdict.last_updated.isoformat(),
            "item": [claim_review(verdict)],
        }
        yield ("" if first else ",") + json.dumps(element, ensure_ascii=False)
        first = False
    # Translations of ours, each with its own language and page, while up to date.
    for verdict in feed_translations(since):
        element = {
            "@type": "DataFeedItem",
            "dateCreated": verdict.first_published.isoformat(),
            "dateModified": verdict.last_updated.isoformat(),
            "item": [claim_review(verdict)],
        }
        yield ("" if first else ",") + json.dumps(element, ensure_ascii=False)
        first = False
    yield "]}"
