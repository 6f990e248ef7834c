"""Writing the public record: the only code that creates a verdict's revisions.

Called inside the publishing, correction, retraction and takedown services (and the
importer, for other publishers' reviews), in their transaction; never on its own.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import (
    Claim,
    PublishedClaim,
    Rating,
    RatingScale,
    RatingTranslation,
    Speaker,
    Topic,
    Verdict,
    VerdictRevision,
    VerdictSource,
)
from claims.selectors.diffs import WITHHELD, appearance_digest
from claims.selectors.families import verdicts_showing
from claims.selectors.newsroom import (
    DOCUMENT_RELATED as _RELATED,
)
from claims.selectors.newsroom import (
    approver_users,
    content_hash,
    document,
    document_prefetches,
    latest_revision,
    rating_document,
    watermarks,
    with_document_rows,
)
from claims.services.published import refresh_published
from claims.services.search import reindex_claims
from factcheck.base import events
from factcheck.base.services import Refused
from sources.models import Article, Outlet, Source


def _assert_address_free(claim: Any) -> None:
    """A claim published under another claim's public address would take over its page.
    Claims cannot take a published address any more (``claim_create``, ``claim_update``),
    but a database from before that rule can hold one."""
    if PublishedClaim.objects.filter(slug=claim.slug).exclude(claim_id=claim.pk).exists():
        raise Refused(
            _(
                "The claim's address “%(slug)s” is another claim's published page: give this "
                "claim a new address (its slug) first."
            )
            % {"slug": claim.slug}
        )


def hold_document_rows(verdict: Verdict) -> None:
    """Lock (``FOR SHARE``) every row ``verdict``'s document reads, for the rest of the
    transaction: the claim, its speaker, article, outlets and topics, the sources, the
    rating (its translations too) and its scale, the publisher and the author. Edits of
    any of them wait until the step commits, so what is approved or published is the
    document its hash names
    (``verdict`` itself is already locked by the step, and with it its source lines)."""
    row = (
        Verdict.objects.filter(pk=verdict.pk)
        .values_list(
            "claim_id",
            "claim__speaker_id",
            "claim__article_id",
            "claim__article__outlet_id",
            "claim__appeared_in_id",
            "rating__scale_id",
            "publisher_id",
            "author_id",
        )
        .get()
    )
    claim, speaker, article, article_outlet, appeared_in, scale, publisher, author = row
    held: list[tuple[Any, list[Any]]] = [
        (Claim, [claim]),
        (Speaker, [speaker]),
        (Article, [article]),
        (Outlet, [article_outlet, appeared_in, publisher]),
        # The verdict's rating with every rating of its scale (the scale's size and ends
        # are part of the document).
        (Rating, list(Rating.objects.filter(scale_id=scale).values_list("pk", flat=True))),
        (RatingScale, [scale]),
        # Its label and definition in other languages, as the document publishes them.
        (
            RatingTranslation,
            list(
                RatingTranslation.objects.filter(rating__verdicts=verdict).values_list(
                    "pk", flat=True
                )
            ),
        ),
        (get_user_model(), [author]),
        (Topic, list(Topic.objects.filter(claims=claim).values_list("pk", flat=True))),
        (
            Source,
            list(
                VerdictSource.objects.filter(verdict=verdict).values_list("source_id", flat=True)
            ),
        ),
    ]
    with connection.cursor() as cursor:
        for model, ids in held:
            ids = sorted({pk for pk in ids if pk is not None})
            if ids:
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(
                    f"SELECT 1 FROM {table} WHERE id = ANY(%s) ORDER BY id FOR SHARE", [ids]
                )


def _next_number(verdict: Verdict) -> int:
    last = latest_revision(verdict)
    return 1 if last is None else last.number + 1


# What each kind of revision of ours tells listeners (webhooks), in the revision's
# transaction (factcheck.base.events).
_EVENTS: dict[str, str] = {
    VerdictRevision.Kind.PUBLISHED: events.VERDICT_PUBLISHED,
    VerdictRevision.Kind.CORRECTION: events.VERDICT_CORRECTED,
    VerdictRevision.Kind.UPDATE: events.VERDICT_CORRECTED,
    VerdictRevision.Kind.CLARIFICATION: events.VERDICT_CORRECTED,
    VerdictRevision.Kind.RETRACTION: events.VERDICT_RETRACTED,
    VerdictRevision.Kind.TAKEDOWN: events.VERDICT_TAKEN_DOWN,
}


def _tell(verdict: Verdict, revision: VerdictRevision) -> None:
    """Our own verdicts' revisions are events; other publishers' imported reviews are not
    (an import of thousands would flood every endpoint with news that is not ours)."""
    # A translation is news in no feed of events: its original was.
    if verdict.publisher_id is None and verdict.translation_of_id is None:
        events.emit(_EVENTS[revision.kind], verdict_id=verdict.pk, revision_id=revision.pk)
        if _adds_appearances(revision):
            events.emit(events.CLAIM_REPEATED, verdict_id=verdict.pk, revision_id=revision.pk)


def _adds_appearances(revision: VerdictRevision) -> bool:
    """A revision that makes public a repeat (an appearance of the claim's family) which the
    verdict's last public revision did not show. The first publication repeats nothing: the
    claim had not been rated yet. Retractions and takedowns show no appearance."""
    shown = revision.document.get("appearances") or []
    if not shown or revision.kind not in _CARRIES_APPEARANCES:
        return False
    before = (
        VerdictRevision.objects.filter(verdict_id=revision.verdict_id, number__lt=revision.number)
        .order_by("-number")
        .values_list("document", flat=True)
        .first()
    )
    if before is None:
        return False
    seen = {json.dumps(a, sort_keys=True) for a in before.get("appearances") or []}
    return any(json.dumps(a, sort_keys=True) not in seen for a in shown)


_CARRIES_APPEARANCES = {
    VerdictRevision.Kind.CORRECTION,
    VerdictRevision.Kind.UPDATE,
    VerdictRevision.Kind.CLARIFICATION,
}


def revision_from_working_copy(
    *,
    verdict: Verdict,
    kind: str,
    note: str = "",
    user: Any = None,
    approver_ids: Iterable[int] = (),
    at: datetime | None = None,
    independently_reviewed: bool = True,
    expected_hash: str | None = None,
) -> VerdictRevision:
    """Freeze what ``verdict``'s working rows show now as its next revision, with the
    editors who approved exactly this content (the hash covers the content, not the
    reviewers' names, which are added after approval). With ``expected_hash`` (what the
    approvals were given to), a revision whose content differs is refused: nothing is
    published that its approvers did not see."""
    fresh = with_document_rows(Verdict.objects.filter(pk=verdict.pk)).get()
    _assert_address_free(fresh.claim)
    approvers = approver_users(approver_ids)
    served = document(fresh, approvers=approvers)
    # The content approvals were given to: the same document before any reviewer's name.
    content = {**served, "reviewers": []}
    approved = content_hash({"content": content, "kind": kind, "note": note.strip()})
    if expected_hash is not None and approved != expected_hash:
        raise Refused(
            _(
                "What this verdict would publish changed while it was being published (its "
                "claim, speaker or sources were edited at the same moment): nothing was "
                "published. Read the changes and approve again."
            )
        )
    if not independently_reviewed:
        served["independently_reviewed"] = False  # the page says so
    revision = VerdictRevision.objects.create(
        verdict=verdict,
        number=_next_number(verdict),
        kind=kind,
        note=note.strip(),
        published_at=at or timezone.now(),
        document=served,
        # The hash approvals were given to: the content with the revision's kind and note.
        content_hash=approved,
        published_by_id=getattr(user, "pk", None),
        approved_by=[u.pk for u in approvers],
        watermarks=watermarks(),
    )
    refresh_published([verdict.claim_id])
    reindex_claims([verdict.claim_id])
    _tell(verdict, revision)
    return revision


def revision_of_their_update(
    *, verdict: Verdict, note: str, claim_changes: dict[str, Any]
) -> VerdictRevision:
    """Another publisher's review, re-imported with changes: their last published document
    with only what their file says replaced (their rating, headline, wording, language and
    review fields, and the claim's words and date where the claim is theirs alone,
    ``claim_changes``). Never the working rows of the claim, speaker, topics or sources:
    those may hold our newsroom's unreviewed edits, which no import publishes."""
    last = latest_revision(verdict)
    if last is None:
        raise ValueError(f"Verdict {verdict.pk} has no published revision to follow.")
    working = document(with_document_rows(Verdict.objects.filter(pk=verdict.pk)).get())
    doc = copy.deepcopy(last.document)
    for key in ("headline", "rating", "claim_reviewed", "language", "their_review"):
        doc["verdict"][key] = working["verdict"].get(key)
    doc["refs"]["rating"] = working["refs"]["rating"]
    # The appearances their file lists (claims.models.families.Appearance, reported by
    # their review): theirs, like the rest of what is copied here.
    doc.pop("appearances", None)
    for key in APPEARANCE_REFS:
        doc["refs"].pop(key, None)
    if "appearances" in working:
        doc["appearances"] = working["appearances"]
        for key in APPEARANCE_REFS:
            doc["refs"][key] = working["refs"][key]
    for key, value in claim_changes.items():
        doc["claim"][key] = value.isoformat() if hasattr(value, "isoformat") else value
    revision = VerdictRevision.objects.create(
        verdict=verdict,
        number=last.number + 1,
        kind=VerdictRevision.Kind.UPDATE,
        note=note.strip(),
        published_at=timezone.now(),
        document=doc,
        content_hash=content_hash({"content": doc, "kind": "update", "note": note.strip()}),
        published_by_id=None,  # published by its publisher, not by anyone here
        approved_by=[],
        watermarks=watermarks(),
    )
    refresh_published([verdict.claim_id])
    reindex_claims([verdict.claim_id])
    return revision


def revision_with_notice(
    *, verdict: Verdict, kind: str, note: str, user: Any, at: datetime
) -> VerdictRevision:
    """A retraction or takedown: the last published content (never the working copy,
    which may hold unreviewed edits) with its notice; a takedown keeps only the notice."""
    last = latest_revision(verdict)
    if last is None:
        raise ValueError(f"Verdict {verdict.pk} has no published revision to follow.")
    if kind == VerdictRevision.Kind.TAKEDOWN:
        doc: dict[str, Any] = {"takedown": {"at": at.isoformat(), "note": note.strip()}}
    else:
        doc = copy.deepcopy(last.document)
        doc["retraction"] = {"at": at.isoformat(), "note": note.strip()}
    revision = VerdictRevision.objects.create(
        verdict=verdict,
        number=last.number + 1,
        kind=kind,
        note=note.strip(),
        published_at=at,
        document=doc,
        content_hash=content_hash(doc),
        published_by_id=getattr(user, "pk", None),
        approved_by=[],
        watermarks=watermarks(),
    )
    refresh_published([verdict.claim_id])
    reindex_claims([verdict.claim_id])
    _tell(verdict, revision)
    return revision


# The document's references that go with its appearances, entry by entry or claim by claim.
APPEARANCE_REFS = ("appearance_speakers", "appearance_claims", "appearance_entry_claims")
WITHHELD_NOTE = (
    "An appearance of this claim listed under “Also said by” was taken down: it is no "
    "longer shown."
)


def revisions_withholding(*, claim_id: int, user: Any, at: datetime) -> list[VerdictRevision]:
    """After a takedown of a verdict on ``claim_id``: each public verdict of ours whose
    latest revision lists that claim among where else its claim was said (claim
    families) gets a revision that no longer does: its last published document (never
    the working copy, which may hold unreviewed edits) without that claim's appearances,
    published at ``at`` by ``user`` as an update with a note that names nobody. The
    digests of what it withheld are kept in it (``refs.appearances_withheld``), so that
    its history no longer shows them either (``claims.selectors.public.revision_history``).
    A verdict whose next revision comes from the working copy leaves the claim out by
    itself: a claim with a verdict taken down is never shown."""
    revisions = []
    for verdict_id in verdicts_showing(claim_id):
        verdict = Verdict.objects.select_for_update().get(pk=verdict_id)
        last = latest_revision(verdict)
        if last is None or "appearances" not in last.document:
            continue
        doc = _without_claim(copy.deepcopy(last.document), claim_id)
        if doc is None:
            continue
        revision = VerdictRevision.objects.create(
            verdict=verdict,
            number=last.number + 1,
            kind=VerdictRevision.Kind.UPDATE,
            note=WITHHELD_NOTE,
            published_at=at,
            document=doc,
            content_hash=content_hash({"content": doc, "kind": "update", "note": WITHHELD_NOTE}),
            published_by_id=getattr(user, "pk", None),
            approved_by=[],
            watermarks=watermarks(),
        )
        refresh_published([verdict.claim_id])
        reindex_claims([verdict.claim_id])
        _tell(verdict, revision)
        revisions.append(revision)
    return revisions


def _without_claim(doc: dict[str, Any], claim_id: int) -> dict[str, Any] | None:
    """``doc`` without the appearances of ``claim_id``, or None when it lists none. A
    document from before entries named their claim (``appearance_entry_claims``) loses
    every repeat: what a takedown hides must not be guessed at; the others come back
    with the verdict's next update, reviewed as usual."""
    entries: list[dict[str, Any]] = doc["appearances"]
    refs = doc["refs"]
    owners = refs.get("appearance_entry_claims")
    if isinstance(owners, list) and len(owners) == len(entries):
        drop = [owner == claim_id for owner in owners]
        kept_claims = [pk for pk in refs.get("appearance_claims", []) if pk != claim_id]
    else:
        drop = [bool(entry.get("repeat")) for entry in entries]
        kept_claims = []
    if not any(drop):
        return None
    keep = [i for i, dropped in enumerate(drop) if not dropped]
    refs[WITHHELD] = [
        *refs.get(WITHHELD, []),
        *(appearance_digest(entries[i]) for i, dropped in enumerate(drop) if dropped),
    ]
    if not keep:
        doc.pop("appearances")
        for key in APPEARANCE_REFS:
            refs.pop(key, None)
        return doc
    doc["appearances"] = [entries[i] for i in keep]
    for key in ("appearance_speakers", "appearance_entry_claims"):
        if isinstance(refs.get(key), list) and len(refs[key]) == len(entries):
            refs[key] = [refs[key][i] for i in keep]
    refs["appearance_claims"] = kept_claims
    return doc


def rebuild_revisions(
    verdict_model: Any, revision_model: Any, *, batch: int = 500, first_pk: int = 0
) -> int:
    """Give every published, retracted or taken-down verdict without revisions the
    revisions readers saw: first publication, each correction (with the rating it
    recorded), then the retraction or takedown. The latest content is the working row's;
    the text of earlier revisions was never recorded, and they say so
    (``text_recorded=False``) rather than show an empty diff.

    Takes the model classes, so that the upgrade migration can run it on its historical
    models; ``first_pk`` limits it to a bulk load's own rows. Returns how many verdicts it
    rebuilt."""
    rows = verdict_model.objects.filter(
        status__in=["published", "retracted", "withdrawn"],
        revisions__isnull=True,
        pk__gte=first_pk,
    ).order_by("pk")
    rows = rows.select_related(*_RELATED).prefetch_related(
        *document_prefetches(verdict_model), "corrections", "reviews__reviewer", "events"
    )
    marks = watermarks(revision_model.objects.db)
    done = 0
    pending: list[Any] = []
    claims: set[int] = set()
    for verdict in rows.iterator(chunk_size=batch):
        pending.extend(_rebuilt(verdict, revision_model, marks))
        claims.add(verdict.claim_id)
        done += 1
        if len(pending) >= batch:
            _flush(pending, claims, revision_model, verdict_model)
            pending, claims = [], set()
    _flush(pending, claims, revision_model, verdict_model)
    return done


def _flush(
    revisions: list[Any], claims: set[int], revision_model: Any, verdict_model: Any
) -> None:
    revision_model.objects.bulk_create(revisions)
    # The public index is built with today's models; the upgrade migration that runs this
    # on historical ones (0015) predates the index, which its own migration fills.
    if verdict_model is Verdict:
        refresh_published(claims)


def _rebuilt(verdict: Any, revision_model: Any, marks: dict[str, int]) -> list[Any]:
    corrections = sorted(verdict.corrections.all(), key=lambda c: (c.published_at, c.pk))
    approvers = {r.reviewer for r in verdict.reviews.all() if r.decision == "approved"}
    current = document(verdict, approvers=approvers)
    # The rating each revision showed: the first correction that changed it recorded the
    # one before; every later change its new one.
    ratings = [c for c in corrections if c.new_rating_id is not None]
    entries: list[tuple[str, str, Any, Any]] = []
    first_rating = ratings[0].previous_rating if ratings else verdict.rating
    entries.append(("published", "", verdict.published_at, first_rating))
    shown = first_rating
    for correction in corrections:
        shown = correction.new_rating if correction.new_rating_id is not None else shown
        entries.append((correction.kind, correction.note, correction.published_at, shown))
    events = sorted(verdict.events.all(), key=lambda e: e.pgh_id)
    made = []
    for number, (kind, note, at, rating) in enumerate(entries, start=1):
        doc = copy.deepcopy(current)
        last = number == len(entries)
        if rating is not None and rating.pk != verdict.rating_id:
            doc["verdict"]["rating"] = _rebuilt_rating(rating, verdict)
        # The verdict's own words as the audit history recorded them at that moment.
        recorded = last or _words_then(doc, events, at)
        made.append(
            revision_model(
                verdict_id=verdict.pk,
                number=number,
                kind=kind,
                note=note,
                published_at=at,
                document=doc,
                content_hash=content_hash(doc),
                approved_by=sorted(user.pk for user in approvers),
                watermarks=marks,
                text_recorded=recorded,
            )
        )
    for kind, at, note in (
        ("retraction", verdict.retracted_at, verdict.retraction_note),
        ("takedown", verdict.withdrawn_at, verdict.withdrawal_note),
    ):
        if at is None:
            continue
        doc = (
            {"takedown": {"at": at.isoformat(), "note": note}}
            if kind == "takedown"
            else {**copy.deepcopy(current), "retraction": {"at": at.isoformat(), "note": note}}
        )
        made.append(
            revision_model(
                verdict_id=verdict.pk,
                number=len(made) + 1,
                kind=kind,
                note=note,
                published_at=at,
                document=doc,
                content_hash=content_hash(doc),
                approved_by=[],
                watermarks=marks,
            )
        )
    return made


def _words_then(doc: dict[str, Any], events: list[Any], at: Any) -> bool:
    """Put into ``doc`` the headline, summary, body and response the verdict had at
    ``at``, from its audit events; False when none was recorded by then (e.g. data
    loaded after the fact)."""
    before = [event for event in events if event.pgh_created_at <= at]
    if not before:
        return False
    then = before[-1]
    for field in ("headline", "summary", "body", "speaker_response"):
        doc["verdict"][field] = getattr(then, field)
    return True


def _rebuilt_rating(rating: Any, verdict: Any) -> dict[str, Any] | None:
    return rating_document(rating, list(verdict.rating.scale.ratings.all()))
