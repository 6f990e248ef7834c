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
import itertools
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from claims import permissions
from claims.models import Claim, Rating, RatingScale, Speaker, Verdict, VerdictRevision
from claims.models.families import their_appearances
from claims.models.revision import RevisionKind
from claims.services.families import their_appearances_replace
from claims.services.revisions import revision_from_working_copy, revision_of_their_update
from claims.services.vectors import claim_vectors_refresh, embedding_deferred
from claims.services.workflow import TransitionError
from factcheck.base.db import unique_slug
from factcheck.base.http import site_url
from factcheck.base.languages import detect_language
from factcheck.base.services import AnyUser, acting, require
from sources.models import Outlet


@dataclass(frozen=True)
class ReviewRecord:
    """One ClaimReview, as the parser read it. Only what Google marks required is
    required; the rest is empty when the publisher left it out."""

    review_url: str
    publisher_name: str
    publisher_url: str
    claim_text: str
    rating_label: str
    review_date: datetime.date | None = None  # unknown: dated by when we first saw it
    headline: str = ""
    rating_value: int | float | None = None
    best_rating: int | float | None = None
    worst_rating: int | float | None = None
    claimant: str = ""
    claimant_type: str = "Person"
    claimant_job_title: str = ""
    claimant_same_as: tuple[str, ...] = ()
    claim_date: datetime.date | None = None
    appearances: tuple[str, ...] = ()
    language: str = ""  # inLanguage; empty when not given (then detected)
    # What they wrote that has no column here, given back as theirs (``Verdict.their_review``).
    their_review: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
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
    skipped: list[Skipped] = field(default_factory=list)  # with --skip-invalid


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


def described(record: ReviewRecord) -> str:
    """The claimant as an unnamed speaker's description ("a Qatari diplomat"), or "" when
    they are named. A description starts in lower case or with an indefinite article ("A
    Qatari diplomat" reads "a Qatari diplomat"; only that first letter is lowered, as the
    speaker constraint wants); "The …" describes a person, while an organisation's name
    may begin with it ("The New York Times")."""
    name = record.claimant
    first = name.split(" ", 1)[0].lower()
    article = first in ("a", "an") or (first == "the" and record.claimant_type != "Organization")
    if not (name[:1].islower() or (article and " " in name)):
        return ""
    description = name[:1].lower() + name[1:]
    return description if "a" <= description[:1] <= "z" else ""


def _speaker(record: ReviewRecord) -> Speaker | None:
    """The claim's author: found by a sameAs link, else by name if they are named (a
    description such as "a Qatari diplomat" never is: two of them are not the same
    person), else created as written, never recapitalised."""
    if not record.claimant:
        return None
    for url in record.claimant_same_as:
        found = Speaker.objects.current().filter(same_as__contains=[url]).first()
        if found:
            return found
    description = described(record)
    if description:
        return Speaker.objects.create(
            name=description[:200],
            slug=unique_slug(Speaker, description),
            kind=Speaker.Kind.ANONYMOUS,
            title=record.claimant_job_title[:200],
            same_as=list(record.claimant_same_as),
        )
    named = Speaker.objects.current().exclude(kind__in=Speaker.UNNAMED_KINDS)
    found = named.filter(name__iexact=record.claimant).first()
    if found:
        return found
    kind = (
        Speaker.Kind.ORGANISATION
        if record.claimant_type == "Organization"
        else Speaker.Kind.PERSON
    )
    return Speaker.objects.create(
        name=record.claimant[:200],
        slug=unique_slug(Speaker, record.claimant),
        kind=kind,
        # Their words for the role, on a record we create; a speaker our newsroom already
        # keeps is not retitled by an import (the title stays in their review).
        title=record.claimant_job_title[:200],
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


@dataclass(frozen=True)
class Skipped:
    """A review left out by ``--skip-invalid``: where it is in the input, and why."""

    where: str
    url: str
    reason: str


def _refusal(record: ReviewRecord, exc: IntegrityError) -> TransitionError:
    """A database refusal (a constraint the checks above let through) as a message naming
    the review and the rule, never a traceback."""
    cause = getattr(exc, "__cause__", None)
    diag = getattr(cause, "diag", None)
    rule = getattr(diag, "constraint_name", None) or "a database rule"
    return TransitionError(
        f"{record.where}: the database refused the review {record.review_url} ({rule})."
    )


def claimreview_import(
    *,
    records: Iterable[ReviewRecord | Skipped],
    user: AnyUser,
    skip_invalid: bool = False,
    as_reference: bool = False,
) -> ReviewReport:
    """Import ``records`` as other publishers' public reviews, all or nothing; with
    ``skip_invalid``, a review that cannot be imported (and every ``Skipped`` the parser
    hands over) is left out and named in the report, the others imported. With
    ``as_reference`` they become staff-only archive references instead (as LIAR's rows):
    in "Already checked?", never public, without revisions; a review already on file in
    the other state is held, as any review the newsroom holds."""
    report = ReviewReport()
    started = timezone.now()  # rows this run created or changed are newer than this
    our_site = {_domain(settings.FACTCHECK_PUBLISHER_URL), _domain(site_url())}
    # One review is embedded as it is written; a feed of many stays as fast as it was and
    # leaves its claims' vectors to `manage.py embed_claims`.
    many, records = _more_than_one_review(records)
    with acting(user), embedding_deferred() if many else nullcontext():
        # An import publishes (other publishers' reviews, as theirs) with no second
        # reader: an editor's act, as publishing is.
        require(user, permissions.REVIEW_VERDICT, _("import fact-checks (an editor's step)"))
        for record in records:
            if isinstance(record, Skipped):
                report.skipped.append(record)
                continue
            try:
                with transaction.atomic() if skip_invalid else nullcontext():
                    try:
                        _one(
                            record,
                            report=report,
                            user=user,
                            started=started,
                            ours=our_site,
                            as_reference=as_reference,
                        )
                    except IntegrityError as exc:
                        raise _refusal(record, exc) from None
            except TransitionError as exc:
                if not skip_invalid:
                    raise
                reason = " ".join(exc.messages).removeprefix(f"{record.where}: ")
                report.skipped.append(Skipped(record.where, record.review_url, reason))
    return report


def _more_than_one_review(
    records: Iterable[ReviewRecord | Skipped],
) -> tuple[bool, Iterable[ReviewRecord | Skipped]]:
    """Whether ``records`` hold two reviews or more, read without reading a streamed feed
    further than its second review; the records come back whole."""
    rest = iter(records)
    head: list[ReviewRecord | Skipped] = []
    reviews = 0
    for record in rest:
        head.append(record)
        reviews += isinstance(record, ReviewRecord)
        if reviews > 1:
            break
    return reviews > 1, itertools.chain(head, rest)


def _one(
    record: ReviewRecord,
    *,
    report: ReviewReport,
    user: AnyUser,
    started: datetime.datetime,
    ours: set[str],
    as_reference: bool = False,
) -> None:
    if ours & {_domain(record.publisher_url), _domain(record.review_url)} - {""}:
        # Our own verdicts (our export read back, on any address we are served at) are
        # never imported as theirs, and no outlet is made for our own site.
        report.skipped_ours += 1
        return
    publisher = _publisher(record)
    rating = _rating(record, publisher)
    headline = (record.headline or f"{publisher.name}: {rating.label}")[:300]
    # Their language, else the text's (among the configured languages), never assumed.
    language = record.language or detect_language(f"{record.claim_text} {record.headline}")
    same_url = Verdict.objects.filter(publisher=publisher, external_url=record.review_url)
    wanted = Verdict.Status.REFERENCE if as_reference else Verdict.Status.PUBLISHED
    verdict = (
        same_url.filter(status=wanted)
        .select_for_update(of=("self",))
        .select_related("claim")
        .order_by("pk")
        .first()
    )
    if verdict is None and same_url.exists():
        report.held += 1
        return
    if verdict is not None and max(verdict.created_at, verdict.updated_at) >= started:
        raise TransitionError(
            f"{record.where}: the review URL {record.review_url} appears twice in the input."
        )
    # A review that gives no date is dated by when we first saw it (its first import):
    # public, listed and filtered by that date, which the API names as first seen.
    at: datetime.datetime | None
    if record.review_date is not None:
        at = datetime.datetime.combine(record.review_date, datetime.time(), tzinfo=datetime.UTC)
    elif as_reference:
        at = None  # a staff-only reference is not dated by our first sight of it
    else:
        at = verdict.published_at if verdict is not None and verdict.published_at else started
    if verdict is None:
        _create(
            record,
            publisher=publisher,
            rating=rating,
            headline=headline,
            language=language,
            at=at,
            user=user,
            as_reference=as_reference,
        )
        report.created += 1
    elif _update(verdict, record, rating=rating, headline=headline, language=language, at=at):
        report.updated += 1
    else:
        report.unchanged += 1


def _create(
    record: ReviewRecord,
    *,
    publisher: Outlet,
    rating: Rating,
    headline: str,
    language: str,
    at: datetime.datetime | None,
    user: AnyUser,
    as_reference: bool = False,
) -> Verdict:
    """Their review, on a claim of its own that takes their wording (and language),
    public at once (or a staff-only reference, never public, with no revision)."""
    claim = Claim.objects.create(
        text=record.claim_text,
        slug=unique_slug(Claim, record.claim_text),
        speaker=_speaker(record),
        url=record.appearances[0] if record.appearances else "",
        claimed_on=record.claim_date,
        language=language,
        created_by_id=user.pk,
    )
    verdict = Verdict.objects.create(
        claim=claim,
        publisher=publisher,
        external_url=record.review_url,
        claim_reviewed=record.claim_text,
        status=Verdict.Status.REFERENCE if as_reference else Verdict.Status.PUBLISHED,
        published_at=at,
        rating=rating,
        headline=headline,
        language=language,
        # The appearances their review lists are kept as appearances of the claim,
        # reported by their review (and given back in it), not inside their_review.
        their_review=their_appearances(record.their_review)[0],
        slug=unique_slug(Verdict, f"{publisher.slug} {record.claim_text}"),
    )
    their_appearances_replace(verdict=verdict, their_review=record.their_review)
    if not as_reference:
        # Published by its publisher, not by anyone here: no editor is named on the revision.
        revision_from_working_copy(verdict=verdict, kind=RevisionKind.PUBLISHED, at=at)
    claim_vectors_refresh(claim_ids=[claim.pk], new=True)
    return verdict


def _update(
    verdict: Verdict,
    record: ReviewRecord,
    *,
    rating: Rating,
    headline: str,
    language: str,
    at: datetime.datetime | None,
) -> bool:
    """Bring their public review up to date with their file; False when nothing changed.
    Their record, updated as they publish it: a revision of theirs, no correction of ours
    (a staff-only reference has no revision: its row is all there is)."""
    their_review, moved = their_appearances_replace(
        verdict=verdict, their_review=record.their_review
    )
    changes = {
        "rating_id": rating.pk,
        "headline": headline,
        "published_at": at,
        "claim_reviewed": record.claim_text,
        "language": language,
        "their_review": their_review,
    }
    wanted = {"text": record.claim_text, "claimed_on": record.claim_date}
    claim_changes = {k: v for k, v in wanted.items() if getattr(verdict.claim, k) != v}
    if claim_changes and not _their_wording(verdict):
        claim_changes = {}
    changes = {k: v for k, v in changes.items() if getattr(verdict, k) != v}
    if not changes and not claim_changes and not moved:
        return False
    # The verdict's row changes with its document (a later duplicate in the input is seen).
    Verdict.objects.filter(pk=verdict.pk).update(**changes, updated_at=timezone.now())
    if claim_changes:
        Claim.objects.filter(pk=verdict.claim_id).update(
            **claim_changes, updated_at=timezone.now()
        )
    if verdict.status == Verdict.Status.REFERENCE:
        pass  # staff-only: its row is all there is, never a revision
    elif VerdictRevision.objects.filter(verdict=verdict).exists():
        # From their last published document: never our working rows' unreviewed edits.
        revision_of_their_update(verdict=verdict, note=UPDATE_NOTE, claim_changes=claim_changes)
    else:
        revision_from_working_copy(verdict=verdict, kind=RevisionKind.PUBLISHED, at=at)
    if claim_changes or "claim_reviewed" in changes:
        claim_vectors_refresh(claim_ids=[verdict.claim_id])
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
