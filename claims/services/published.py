"""Keeping the public's index (``PublishedClaim``, ``PublishedVerdict``) equal to the latest
revisions. Called only by the revision services, in the transaction that writes a
revision: nothing else writes these rows, so nothing else can change what the public
lists, counts or finds."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Min, OuterRef, Q, Subquery
from django.utils import timezone

from claims.models import PublishedClaim, PublishedVerdict, Verdict, VerdictRevision
from claims.selectors.families import API_KEYS as APPEARANCE_KEYS
from claims.selectors.vectors import wordings_of
from claims.services.families import refresh_published_repeats
from claims.services.published_translations import (
    published_translations_forget,
    published_translations_write,
)
from claims.services.vectors import published_vectors_refresh
from factcheck.base.http import site_url

# Revisions a reader counts as corrections of the verdict (not its first publication,
# nor the retraction notice).
CORRECTING = (
    VerdictRevision.Kind.CORRECTION,
    VerdictRevision.Kind.UPDATE,
    VerdictRevision.Kind.CLARIFICATION,
)


def instant(moment: datetime | None) -> str | None:
    """A moment as the API writes every date-time: in TIME_ZONE, ISO 8601, UTC as ``Z``
    (as DRF's DateTimeField does)."""
    if moment is None:
        return None
    text = timezone.localtime(moment).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _brief_outlet(outlet: dict[str, Any] | None) -> dict[str, Any] | None:
    if outlet is None:
        return None
    return {"slug": outlet["slug"], "name": outlet["name"], "domain": outlet["domain"]}


def _whole(number: Any) -> int | None:
    return number if isinstance(number, int) else None


def _numbers(rating: dict[str, Any], theirs: dict[str, Any] | None) -> dict[str, Any]:
    """The rating's numbers: another publisher's own (their 1 of 6 stays 1 of 6, even
    when the label matches one of our scale's), else the scale's."""
    if theirs is None:
        return {k: rating[k] for k in ("position", "best", "worst")}
    given = theirs.get("reviewRating") or {}
    return {
        "position": _whole(given.get("ratingValue")),
        "best": _whole(given.get("bestRating")),
        "worst": _whole(given.get("worstRating")),
    }


def _dates(first: datetime, theirs: dict[str, Any] | None) -> dict[str, Any]:
    known = theirs is None or bool(theirs.get("datePublished"))
    return {
        "review_date": instant(first) if known else None,
        "date_first_seen": None if known else instant(first),
    }


def verdict_document(
    *,
    doc: dict[str, Any],
    slug: str,
    status: str,
    first: datetime,
    last: datetime,
    corrections: int,
) -> dict[str, Any]:
    """A verdict as the API lists it, from its revision's document."""
    verdict = doc["verdict"]
    rating = verdict["rating"]
    publisher = verdict["publisher"]
    ours = publisher is None
    retraction = doc.get("retraction")
    return {
        "slug": slug,
        "status": status,
        "publisher": {
            "name": settings.FACTCHECK_PUBLISHER_NAME,
            "url": settings.FACTCHECK_PUBLISHER_URL,
            "ours": True,
        }
        if ours
        else {"name": publisher["name"], "url": publisher["url"], "ours": False},
        "rating": {
            "slug": rating["slug"],
            "label": rating["label"],
            **_numbers(rating, verdict.get("their_review")),
            "scale": rating["scale"]["slug"],
        },
        "headline": verdict["headline"],
        "summary": verdict["summary"],
        # Bylines as published (display names, never usernames): "" and [] for others'.
        "author": verdict.get("author", ""),
        "reviewers": list(doc.get("reviewers", [])),
        # Our page at FACTCHECK_SITE_URL as it is when the revision is served to the index.
        "page_url": site_url(f"claims/{doc['claim']['slug']}/")
        if ours
        else verdict["external_url"],
        "first_published": instant(first),
        # Another publisher's review that gave no date is listed by the day we first saw
        # it: its own date is unknown (null), and that day is named for what it is.
        **_dates(first, verdict.get("their_review")),
        "language": verdict.get("language") or doc["claim"]["language"],
        "last_updated": instant(last),
        "corrections": corrections,
        "retraction": None
        if retraction is None
        else {
            "date": instant(datetime.fromisoformat(retraction["at"])),
            "note": retraction["note"],
        },
    }


def claim_document(
    claim: dict[str, Any],
    verdicts: list[dict[str, Any]],
    appearances: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A claim as the API sends it (its ``url`` is added when served), from a revision:
    with ``appearances``, where else its lead verdict's revision says it was said."""
    speaker = claim["speaker"]
    article = claim["article"]
    return {
        "slug": claim["slug"],
        "text": claim["text"],
        "quote": claim["quote"],
        "speaker": None
        if speaker is None
        else {k: speaker[k] for k in ("slug", "name", "kind", "title")},
        "article": None
        if article is None
        else {
            "slug": article["slug"],
            "title": article["title"],
            "url": article["url"],
            "published_on": article["published_on"],
            "outlet": _brief_outlet(article["outlet"]),
        },
        "outlet": _brief_outlet(claim["appeared_in"]),
        "appearance_url": claim["url"],
        "archived_url": claim["archived_url"],
        "claimed_on": claim["claimed_on"],
        "context": claim["context"],
        "topics": [{"slug": t["slug"], "name": t["name"]} for t in claim["topics"]],
        "language": claim["language"],
        "appearances": [{k: entry[k] for k in APPEARANCE_KEYS} for entry in appearances or []],
        "verdicts": verdicts,
    }


def refresh_published(claim_ids: Iterable[int]) -> None:
    """Rebuild the public index rows of these claims from their verdicts' latest
    revisions: a claim with no public verdict left leaves the index."""
    ids = sorted(set(claim_ids))
    if not ids:
        return
    # Public is what the revisions say: a verdict with a revision, the latest of which is
    # not a takedown (the working row's status is not consulted).
    latest = VerdictRevision.objects.filter(verdict=OuterRef("pk")).order_by("-number")
    rows = (
        # Translations are read beside their original, never listed or counted as verdicts
        # of their own: their rows are PublishedTranslation's (published_translations).
        Verdict.objects.filter(claim_id__in=ids, translation_of__isnull=True)
        .annotate(
            revision_id=Subquery(latest.values("pk")[:1]),
            first=Min("revisions__published_at"),
            correcting=Count("revisions", filter=Q(revisions__kind__in=CORRECTING)),
        )
        .filter(revision_id__isnull=False)
        # Ours first (PostgreSQL sorts NULLs last unless told): our words lead.
        .order_by("claim_id", F("publisher_id").asc(nulls_first=True), "pk")
    )
    found: list[Any] = list(rows)
    revisions = VerdictRevision.objects.in_bulk([v.revision_id for v in found])
    by_claim: dict[int, list[tuple[Any, VerdictRevision]]] = {}
    for verdict in found:
        revision = revisions[verdict.revision_id]
        if revision.kind != VerdictRevision.Kind.TAKEDOWN:
            by_claim.setdefault(verdict.claim_id, []).append((verdict, revision))
    # Rewritten whole, in a fixed number of statements however many claims: the bulk
    # paths (upgrade, demo data) refresh thousands at a time.
    published_translations_forget(claim_ids=ids)
    PublishedVerdict.objects.filter(claim_id__in=ids).delete()
    PublishedClaim.objects.filter(claim_id__in=ids).delete()
    claims: list[PublishedClaim] = []
    verdicts: list[PublishedVerdict] = []
    wordings: dict[int, list[tuple[str, str]]] = {}
    for claim_id, entries in by_claim.items():
        claim, served = _rows(claim_id, entries)
        claims.append(claim)
        verdicts += served
        wordings[claim_id] = _published_wordings(claim, entries)
    PublishedClaim.objects.bulk_create(claims)
    PublishedVerdict.objects.bulk_create(verdicts)
    # Its translations, searched and listed beside it (never verdicts of the index).
    published_translations_write(claim_ids=ids)
    refresh_published_repeats(ids)  # a speaker's "repeated after being rated"
    # Public matching compares with these words only: the revisions', never the working
    # copy's (claims.services.vectors).
    published_vectors_refresh(wordings=wordings, claim_ids=ids)


def _published_wordings(
    claim: PublishedClaim, entries: list[tuple[Any, VerdictRevision]]
) -> list[tuple[str, str]]:
    reviewed = [
        revision.document["verdict"].get("claim_reviewed") or ""
        for verdict, revision in entries
        if verdict.publisher_id is not None
    ]
    return wordings_of(claim.document["text"], claim.document["quote"] or "", reviewed)


def _status(revision: VerdictRevision) -> str:
    return "retracted" if "retraction" in revision.document else "published"


def _rows(
    claim_id: int, entries: list[tuple[Any, VerdictRevision]]
) -> tuple[PublishedClaim, list[PublishedVerdict]]:
    documents = []
    for verdict, revision in entries:
        documents.append(
            verdict_document(
                doc=revision.document,
                slug=verdict.slug,
                status=_status(revision),
                first=verdict.first,
                last=revision.published_at,
                corrections=verdict.correcting,
            )
        )
    # Our words for the claim when we reviewed it, else the first other publisher's.
    lead = entries[0][1].document
    claim, refs = lead["claim"], lead["refs"]
    words = [claim["quote"], (claim["speaker"] or {}).get("name", "")]
    for _, revision in entries:
        words += [
            revision.document["verdict"]["headline"],
            revision.document["verdict"]["summary"],
        ]
    published = PublishedClaim(
        claim_id=claim_id,
        slug=claim["slug"],
        document=claim_document(claim, documents, lead.get("appearances")),
        speaker_id=refs["speaker"],
        article_id=refs["article"],
        outlets=refs["outlets"],
        topics=refs["topics"],
        ratings=sorted({r.document["refs"]["rating"] for _, r in entries}),
        publishers=sorted({v.publisher_id for v, _ in entries if v.publisher_id is not None}),
        has_ours=any(v.publisher_id is None for v, _ in entries),
        language=claim["language"],
        claimed_on=claim["claimed_on"],
        published_at=min(v.first for v, _ in entries),
        last_updated=max(r.published_at for _, r in entries),
        search_text=claim["text"],
        search_extra=" ".join(w for w in words if w),
    )
    return published, [
        PublishedVerdict(
            verdict_id=verdict.pk,
            claim=published,
            revision=revision,
            slug=verdict.slug,
            status=_status(revision),
            ours=verdict.publisher_id is None,
            publisher_id=verdict.publisher_id,
            speaker_id=revision.document["refs"]["speaker"],
            rating_id=revision.document["refs"]["rating"],
            first_published=verdict.first,
            last_updated=revision.published_at,
            document=document,
        )
        for (verdict, revision), document in zip(entries, documents, strict=True)
    ]
