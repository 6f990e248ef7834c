"""Other fact-checkers' reviews, imported from ClaimReview: public as theirs (with their
URL and date), never as ours. Upserted by review URL, so importing a file twice changes
nothing; all or nothing.

An imported review is their document: their wording of the claim (``claimReviewed``) is
kept on their verdict (``Verdict.claim_reviewed``), with their rating and dates. Our
claims are never rewritten by an import: a claim takes their wording only when the import
created it and no other verdict (ours or another publisher's) reviews it. A re-import
updates only a public review of the same publisher and URL, never a draft, a verdict in
review, a retracted or taken-down one (our editors' decisions stand), nor one of ours;
every change readers see is published as a revision, in the import's transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from claims import permissions
from claims.models import Claim, Rating, RatingScale, Speaker, Verdict, VerdictRevision
from claims.models.revision import RevisionKind
from claims.services.revisions import revision_from_working_copy
from claims.services.workflow import TransitionError
from factcheck.base.db import unique_slug
from factcheck.base.services import AnyUser, acting, require
from sources.models import Outlet


@dataclass(frozen=True)
class ReviewRecord:
    """One ClaimReview, as the parser read it."""

    review_url: str
    publisher_name: str
    publisher_url: str
    claim_text: str
    rating_label: str
    review_date: datetime.date
    headline: str = ""
    rating_value: int | None = None
    best_rating: int | None = None
    worst_rating: int | None = None
    claimant: str = ""
    claimant_type: str = "Person"
    claimant_same_as: tuple[str, ...] = ()
    claim_date: datetime.date | None = None
    appearances: tuple[str, ...] = ()
    language: str = "en"
    where: str = field(default="", compare=False)  # "record 3" for messages


@dataclass
class ReviewReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_ours: int = 0
    # Same publisher and URL as a verdict that is not public (draft, in review, retracted,
    # taken down, archive reference): left as the newsroom left it.
    held: int = 0


UPDATE_NOTE = "Updated from the publisher's ClaimReview."


def _domain(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def _publisher(record: ReviewRecord) -> Outlet:
    domain = _domain(record.publisher_url) or _domain(record.review_url)
    if not domain or "." not in domain:
        raise TransitionError(
            f"{record.where}: no publisher site can be told from the review URL."
        )
    outlet = Outlet.objects.filter(domain=domain).first()
    if outlet is None:
        outlet = Outlet.objects.create(
            name=record.publisher_name or domain,
            slug=unique_slug(Outlet, record.publisher_name or domain),
            domain=domain,
            kind=Outlet.Kind.FACT_CHECKER,
            url=record.publisher_url or f"https://{domain}/",
        )
    return outlet


def _speaker(record: ReviewRecord) -> Speaker | None:
    if not record.claimant:
        return None
    for url in record.claimant_same_as:
        found = Speaker.objects.current().filter(same_as__contains=[url]).first()
        if found:
            return found
    named = Speaker.objects.current().exclude(kind__in=Speaker.UNNAMED_KINDS)
    found = named.filter(name__iexact=record.claimant).first()
    if found:
        return found
    kind = (
        Speaker.Kind.ORGANISATION
        if record.claimant_type == "Organization"
        else Speaker.Kind.PERSON
    )
    name = (
        record.claimant
        if kind == Speaker.Kind.ORGANISATION or record.claimant[:1].isupper()
        else record.claimant.capitalize()
    )
    return Speaker.objects.create(
        name=name[:200],
        slug=unique_slug(Speaker, name),
        kind=kind,
        same_as=list(record.claimant_same_as),
    )


def _rating(record: ReviewRecord, publisher: Outlet) -> Rating:
    """The default scale's rating of the same name, else the publisher's own label."""
    label = " ".join(record.rating_label.split())[:100]
    ours = Rating.objects.filter(scale__is_default=True, label__iexact=label).first()
    if ours:
        return ours
    scale, _ = RatingScale.objects.get_or_create(
        slug=f"{publisher.slug}-ratings"[:100],
        defaults={
            "name": f"{publisher.name} ratings"[:100],
            "description": f"Ratings as {publisher.name} publishes them.",
        },
    )
    rating = Rating.objects.filter(scale=scale, label__iexact=label).first()
    if rating is None:
        # Labels that differ only in punctuation ("6" and "6!") slugify alike.
        base = slugify(label)[:90] or "rating"
        taken = set(Rating.objects.filter(scale=scale).values_list("slug", flat=True))
        slug = next(s for n in range(1, len(taken) + 2) if (s := _numbered(base, n)) not in taken)
        rating = Rating.objects.create(
            scale=scale,
            label=label,
            slug=slug,
            definition=f"As {publisher.name} rates it.",
            colour="#6e6e6e",
        )
    return rating


def _numbered(base: str, n: int) -> str:
    return base if n == 1 else f"{base}-{n}"


def claimreview_import(*, records: Iterable[ReviewRecord], user: AnyUser) -> ReviewReport:
    report = ReviewReport()
    started = timezone.now()  # rows this run created or changed are newer than this
    our_site = _domain(settings.FACTCHECK_PUBLISHER_URL)
    with acting(user):
        # An import publishes (other publishers' reviews, as theirs) with no second
        # reader: an editor's act, as publishing is.
        require(user, permissions.REVIEW_VERDICT, "import fact-checks (an editor's step)")
        for record in records:
            publisher = _publisher(record)
            if publisher.domain == our_site:
                report.skipped_ours += 1  # our own verdicts are never imported as theirs
                continue
            rating = _rating(record, publisher)
            published = datetime.datetime.combine(
                record.review_date, datetime.time(), tzinfo=datetime.UTC
            )
            headline = (record.headline or f"{publisher.name}: {rating.label}")[:300]
            same_url = Verdict.objects.filter(publisher=publisher, external_url=record.review_url)
            verdict = (
                same_url.filter(status=Verdict.Status.PUBLISHED)
                .select_for_update(of=("self",))
                .select_related("claim")
                .order_by("pk")
                .first()
            )
            if verdict is None and same_url.exists():
                report.held += 1
                continue
            if verdict is not None and max(verdict.created_at, verdict.updated_at) >= started:
                raise TransitionError(
                    f"{record.where}: the review URL {record.review_url} appears twice in the input."
                )
            if verdict is None:
                _create(
                    record,
                    publisher=publisher,
                    rating=rating,
                    headline=headline,
                    at=published,
                    user=user,
                )
                report.created += 1
            elif _update(verdict, record, rating=rating, headline=headline, at=published):
                report.updated += 1
            else:
                report.unchanged += 1
    return report


def _create(
    record: ReviewRecord,
    *,
    publisher: Outlet,
    rating: Rating,
    headline: str,
    at: datetime.datetime,
    user: AnyUser,
) -> Verdict:
    """Their review, on a claim of its own that takes their wording, public at once."""
    claim = Claim.objects.create(
        text=record.claim_text,
        slug=unique_slug(Claim, record.claim_text),
        speaker=_speaker(record),
        url=record.appearances[0] if record.appearances else "",
        claimed_on=record.claim_date,
        language=record.language,
        created_by_id=user.pk,
    )
    verdict = Verdict.objects.create(
        claim=claim,
        publisher=publisher,
        external_url=record.review_url,
        claim_reviewed=record.claim_text,
        status=Verdict.Status.PUBLISHED,
        published_at=at,
        rating=rating,
        headline=headline,
        slug=unique_slug(Verdict, f"{publisher.slug} {record.claim_text}"),
    )
    # Published by its publisher, not by anyone here: no editor is named on the revision.
    revision_from_working_copy(verdict=verdict, kind=RevisionKind.PUBLISHED, at=at)
    return verdict


def _update(
    verdict: Verdict,
    record: ReviewRecord,
    *,
    rating: Rating,
    headline: str,
    at: datetime.datetime,
) -> bool:
    """Bring their public review up to date with their file; False when nothing changed.
    Their record, updated as they publish it: a revision of theirs, no correction of ours."""
    changes = {
        "rating_id": rating.pk,
        "headline": headline,
        "published_at": at,
        "claim_reviewed": record.claim_text,
    }
    wanted = {"text": record.claim_text, "claimed_on": record.claim_date}
    claim_changes = {k: v for k, v in wanted.items() if getattr(verdict.claim, k) != v}
    if claim_changes and not _their_wording(verdict):
        claim_changes = {}
    changes = {k: v for k, v in changes.items() if getattr(verdict, k) != v}
    if not changes and not claim_changes:
        return False
    # The verdict's row changes with its document (a later duplicate in the input is seen).
    Verdict.objects.filter(pk=verdict.pk).update(**changes, updated_at=timezone.now())
    if claim_changes:
        Claim.objects.filter(pk=verdict.claim_id).update(
            **claim_changes, updated_at=timezone.now()
        )
    first = not VerdictRevision.objects.filter(verdict=verdict).exists()
    revision_from_working_copy(
        verdict=verdict,
        kind=RevisionKind.PUBLISHED if first else RevisionKind.UPDATE,
        note="" if first else UPDATE_NOTE,
        at=at if first else None,
    )
    return True


def _their_wording(verdict: Verdict) -> bool:
    """Whether ``verdict``'s claim is theirs to reword: its text is still their earlier
    wording (no one here reworded it) and no other verdict, ours or another publisher's,
    reviews it. The claim's row is locked first: a verdict being added to it meanwhile
    (its insert locks the claim's key) is seen, not missed."""
    claim = Claim.objects.select_for_update().only("text").get(pk=verdict.claim_id)
    if not verdict.claim_reviewed or claim.text != verdict.claim_reviewed:
        return False
    return not Verdict.objects.filter(claim_id=claim.pk).exclude(pk=verdict.pk).exists()
