"""Staff reads of the working copy: the public document a verdict would have if it were
published now, its hash, who changed what since its last published revision, and the
rows the staff API edits and picks related records from (drafts included).

The document is built from the newsroom's rows; the revision services freeze it. It is
written as plain attribute reads so that the upgrade migration can build documents
from its historical models with the same function.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import Max, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone

from claims.models import (
    AboutSection,
    Claim,
    ClaimTopic,
    Rating,
    RatingScale,
    RatingTranslation,
    Speaker,
    Topic,
    Verdict,
    VerdictReview,
    VerdictRevision,
    VerdictSource,
)
from claims.selectors.diffs import changes
from claims.selectors.families import family_document, family_event_sources
from claims.selectors.public import ServedVerdict
from sources.models import Article, Outlet, Source

# The rows a document reads, so that a batch of verdicts costs a fixed number of queries.
DOCUMENT_RELATED = (
    "claim__speaker",
    "claim__article__outlet",
    "claim__appeared_in",
    "rating__scale",
    "publisher",
    "author",
)

# Fields of a verdict's own row that are part of what the public reads; the others are
# workflow bookkeeping (status, dates of steps, rounds), changed by reviewers too.
VERDICT_CONTENT_FIELDS = (
    "claim_id",
    "publisher_id",
    "slug",
    "rating_id",
    "headline",
    "summary",
    "body",
    "author_id",
    "external_url",
    "claim_reviewed",
    "language",
    "their_review",
    "speaker_contacted_at",
    "speaker_response",
)
CLAIM_CONTENT_FIELDS = (
    "text",
    "quote",
    "speaker_id",
    "article_id",
    "appeared_in_id",
    "url",
    "archived_url",
    "claimed_on",
    "context",
    "language",
)


def display_name(user: Any) -> str:
    """The public byline of a staff member: the name they gave, never their username."""
    if user is None:
        return ""
    # Fields, not get_full_name(): the upgrade migration's historical users have no methods.
    name = f"{user.first_name} {user.last_name}".strip()
    return name or "the editorial team"


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _outlet(outlet: Any) -> dict[str, Any] | None:
    if outlet is None:
        return None
    return {"slug": outlet.slug, "name": outlet.name, "domain": outlet.domain, "url": outlet.url}


def _speaker(speaker: Any) -> dict[str, Any] | None:
    if speaker is None:
        return None
    return {
        "slug": speaker.slug,
        "name": speaker.name,
        "kind": speaker.kind,
        "title": speaker.title,
        "affiliation": speaker.affiliation,
        "country": speaker.country,
        "description": speaker.description,
        "same_as": list(speaker.same_as),
    }


def _translations(rating: Any) -> list[Any]:
    # getattr: the upgrade migration 0015 builds documents from models that predate them.
    rows = getattr(rating, "translations", None)
    return list(rows.all()) if rows is not None else []


def rating_document(rating: Any, scale_ratings: list[Any]) -> dict[str, Any] | None:
    """The rating as a revision publishes it: its label and definition in English, and,
    when it has translations, its label (``labels``) and definition (``definitions``, the
    languages with one) in each language it is translated into, as they are when the
    revision is published. A rating without translations keeps the document (and hash)
    it had before there were any."""
    if rating is None:
        return None
    positions = [r.position for r in scale_ratings if r.position is not None]
    doc = {
        "slug": rating.slug,
        "label": rating.label,
        "position": rating.position,
        "definition": rating.definition,
        "colour": rating.colour,
        "best": max(positions) if positions else None,
        "worst": min(positions) if positions else None,
        "scale": {
            "slug": rating.scale.slug,
            "name": rating.scale.name,
            "size": len(positions),
            "description": rating.scale.description,
        },
    }
    translations = _translations(rating)
    if translations:
        doc["labels"] = {t.language: t.label for t in translations}
        doc["definitions"] = {t.language: t.definition for t in translations if t.definition}
    return doc


def document(verdict: Any, *, approvers: Iterable[Any] = ()) -> dict[str, Any]:
    """Everything the public would see of ``verdict`` if it were published now.

    Expects the relations of ``DOCUMENT_RELATED`` loaded, and ``verdict.claim.topics``,
    ``verdict.verdict_sources`` (with ``source``) and ``verdict.rating.scale.ratings``
    prefetched (``with_document_rows``) when building many at once."""
    claim = verdict.claim
    article = claim.article
    scale_ratings = list(verdict.rating.scale.ratings.all()) if verdict.rating else []
    lines = sorted(verdict.verdict_sources.all(), key=lambda row: (row.position, row.pk))
    doc: dict[str, Any] = {
        "claim": {
            "slug": claim.slug,
            "text": claim.text,
            "quote": claim.quote,
            "speaker": _speaker(claim.speaker),
            "article": None
            if article is None
            else {
                "slug": article.slug,
                "title": article.title,
                "url": article.url,
                "published_on": _day(article.published_on),
                "outlet": _outlet(article.outlet),
            },
            "appeared_in": _outlet(claim.appeared_in),
            "url": claim.url,
            "archived_url": claim.archived_url,
            "claimed_on": _day(claim.claimed_on),
            "context": claim.context,
            "language": claim.language,
            "topics": sorted(
                ({"slug": t.slug, "name": t.name} for t in claim.topics.all()),
                key=lambda t: t["name"],
            ),
        },
        "verdict": {
            "slug": verdict.slug,
            "headline": verdict.headline,
            "summary": verdict.summary,
            "body": verdict.body,
            "rating": rating_document(verdict.rating, scale_ratings),
            "publisher": _outlet(verdict.publisher),
            "external_url": verdict.external_url,
            "claim_reviewed": verdict.claim_reviewed,
            "speaker_contacted_at": _moment(verdict.speaker_contacted_at),
            "speaker_response": verdict.speaker_response,
            "author": display_name(verdict.author),
        },
        "sources": [
            {
                "title": line.source.title,
                "url": line.source.url,
                "archived_url": line.source.archived_url,
                "publisher": line.source.publisher,
                "published_on": _day(line.source.published_on),
                "kind": line.source.kind,
                "note": line.note,
            }
            for line in lines
        ],
        "reviewers": sorted(display_name(user) for user in approvers),
        # What the public index files it under (speaker, topics, outlets, rating), by id,
        # as published: never shown, but part of what was approved.
        "refs": {
            "claim": claim.pk,
            "speaker": claim.speaker_id,
            "article": claim.article_id,
            "outlets": sorted(
                {pk for pk in (claim.appeared_in_id, article.outlet_id if article else None) if pk}
            ),
            "topics": sorted(t.pk for t in claim.topics.all()),
            "rating": verdict.rating_id,
            "publisher": verdict.publisher_id,
        },
    }
    if verdict.publisher_id is not None:
        # Another publisher's review: its own language and what their ClaimReview said
        # that has no column here, served back as theirs. Ours carry neither, so the
        # documents (and hashes) editors approve are as they were.
        # (getattr: the upgrade migration 0015 runs this on models that predate them.)
        doc["verdict"]["language"] = getattr(verdict, "language", "")
        doc["verdict"]["their_review"] = getattr(verdict, "their_review", None)
    translation = _translation(verdict)
    if translation is not None:
        # A translation: its language, the original it translates (one revision of it)
        # and the claim in its words; part of what the approving editor approves.
        doc["verdict"]["language"] = verdict.language
        doc["translation"] = translation
    family = family_document(verdict)
    # Only what there is: a verdict whose claim has no other appearance keeps the
    # document (and hash) it had before claim families.
    if family is not None and family.appearances:
        doc["appearances"] = family.appearances
        doc["refs"]["appearance_speakers"] = family.speakers
        doc["refs"]["appearance_claims"] = family.claims
        doc["refs"]["appearance_entry_claims"] = family.entry_claims
    if family is not None and family.reviews:
        doc["family_reviews"] = family.reviews
    return doc


def _translation(verdict: Any) -> dict[str, Any] | None:
    # (getattr: the upgrade migration 0015 runs ``document`` on models that predate it.)
    original_id = getattr(verdict, "translation_of_id", None)
    if original_id is None:
        return None
    original = type(verdict).objects.filter(pk=original_id).values("slug").get()
    return {
        "of": original["slug"],
        "revision": verdict.translated_revision,
        "claim_wording": verdict.claim_wording,
    }


def content_hash(doc: dict[str, Any]) -> str:
    """The hash of a document, independent of key order: what an approval is an approval of."""
    canonical = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


# Plain lookups (no querysets), so that the migration's historical models can use them.
RATING_TRANSLATIONS = "rating__translations"
DOCUMENT_PREFETCHED = (
    "claim__topics",
    "rating__scale__ratings",
    RATING_TRANSLATIONS,
    "verdict_sources__source",
)


def document_prefetches(verdict_model: Any) -> tuple[str, ...]:
    """``DOCUMENT_PREFETCHED`` for ``verdict_model``: a historical model of the upgrade
    migration 0015 has no translations of ratings (claims migration 0025) to prefetch."""
    rating_model = verdict_model._meta.get_field("rating").related_model
    translated = any(
        relation.get_accessor_name() == "translations"
        for relation in rating_model._meta.related_objects
    )
    return tuple(
        lookup for lookup in DOCUMENT_PREFETCHED if translated or lookup != RATING_TRANSLATIONS
    )


def with_document_rows(verdicts: QuerySet[Verdict]) -> QuerySet[Verdict]:
    """``verdicts`` with every row their documents read, in a fixed number of queries."""
    return verdicts.select_related(*DOCUMENT_RELATED).prefetch_related(*DOCUMENT_PREFETCHED)


def proposal(verdict: Verdict) -> dict[str, Any]:
    """What publishing ``verdict`` now would make public, and what an approval approves:
    its document (before reviewers are added), the kind of revision and its public note
    (a first publication has none)."""
    fresh = with_document_rows(Verdict.objects.filter(pk=verdict.pk)).get()
    pending = fresh.status == Verdict.Status.PUBLISHED and fresh.proposed_at is not None
    return {
        "content": document(fresh),
        "kind": fresh.proposal_kind if pending else "published",
        "note": fresh.proposal_note if pending else "",
    }


def proposal_hash(verdict: Verdict) -> str:
    return content_hash(proposal(verdict))


def is_under_review(verdict: Verdict) -> bool:
    """In review for its first publication, or published with a proposed revision."""
    return verdict.status == Verdict.Status.IN_REVIEW or (
        verdict.status == Verdict.Status.PUBLISHED and verdict.proposed_at is not None
    )


def unpublished_changes(verdict: Verdict) -> Any:
    """What the working copy of a published verdict would change for readers, against
    its latest revision (``claims.selectors.diffs.Changes``); None before publication."""
    last = latest_revision(verdict)
    if last is None:
        return None
    return changes(last.document, proposal(verdict)["content"])


def changed_since_approval(verdict: Verdict, user: Any) -> Any:
    """What changed in the proposal since ``user`` last approved it, when it did (their
    approval then no longer counts); None when they have not approved, or nothing did."""
    review = (
        verdict.reviews.filter(decision=VerdictReview.Decision.APPROVED, reviewer_id=user.pk)
        .exclude(approved_document=None)
        .order_by("-created_at", "-pk")
        .first()
    )
    if review is None or review.content_hash == proposal_hash(verdict):
        return None
    approved: Any = review.approved_document
    return changes(approved["content"], proposal(verdict)["content"])


def latest_revision(verdict: Verdict) -> VerdictRevision | None:
    return verdict.revisions.order_by("-number").first()


def approver_users(ids: Iterable[int]) -> list[Any]:
    return list(get_user_model().objects.filter(pk__in=list(ids)).order_by("pk"))


# Fields that record an event rather than content, left out when deciding whether an
# audit event changed what the public would read.
_BOOKKEEPING = {"id", "created_at", "updated_at", "version", "search", "public_text"}


def _content_fields(event_model: Any) -> list[str]:
    return [
        field.attname
        for field in event_model._meta.concrete_fields
        if not field.name.startswith("pgh_") and field.name not in _BOOKKEEPING
    ]


def _editors_of(events: QuerySet[Any], fields: Iterable[str], after: int) -> set[int]:
    """Users whose audit events (oldest first) changed one of ``fields``, among the events
    numbered above ``after`` (the watermark of the last published revision). Adding or
    removing a row (a source line, a topic) is a change: a delete event repeats the row's
    last values, so it is counted by its label, not by a difference."""
    fields = list(fields)
    rows = events.order_by("pgh_id").values(
        "pgh_id",
        "pgh_obj_id",
        "pgh_label",
        *fields,
        user=KeyTextTransform("user", "pgh_context__metadata"),
    )
    users: set[int] = set()
    previous: dict[Any, dict[str, Any]] = {}
    for row in rows:
        before = previous.get(row["pgh_obj_id"])
        changed = (
            before is None
            or row["pgh_label"] in ("insert", "delete")
            or any(row[f] != before[f] for f in fields)
        )
        previous[row["pgh_obj_id"]] = row
        if changed and row["pgh_id"] > after and row["user"]:
            users.add(int(row["user"]))
    return users


# The audit tables of everything a verdict's document reads. A revision records how far
# each had got when it was published (its watermarks): events numbered above them are
# changes to what the next revision would publish. Event numbers, unlike times, keep
# their order inside one transaction and do not depend on any machine's clock.
EVENT_TABLES = {
    "verdict": "claims_verdictevent",
    "verdictsource": "claims_verdictsourceevent",
    "claim": "claims_claimevent",
    "claimtopic": "claims_claimtopicevent",
    "speaker": "claims_speakerevent",
    "topic": "claims_topicevent",
    "source": "sources_sourceevent",
    "article": "sources_articleevent",
    "outlet": "sources_outletevent",
    # The rating as published carries its definition, colour and scale: an edit of them
    # changes the document like any other.
    "rating": "claims_ratingevent",
    "ratingscale": "claims_ratingscaleevent",
    # Its label and definition in other languages (RatingTranslation).
    "ratingtranslation": "claims_ratingtranslationevent",
    # A claim's family and appearances (claims.selectors.families.family_document).
    "claimfamilymember": "claims_claimfamilymemberevent",
    "appearance": "claims_appearanceevent",
}


def watermarks(using: str = "default") -> dict[str, int]:
    """The newest event number of each audit table (those that exist: an upgrade runs
    this before some are created), in one query."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND relname = ANY(%s)",
            [list(EVENT_TABLES.values())],
        )
        present = {name for (name,) in cursor.fetchall()}
        keys = [key for key, table in EVENT_TABLES.items() if table in present]
        if not keys:
            return {}
        columns = ", ".join(
            f"(SELECT coalesce(max(pgh_id), 0) FROM {EVENT_TABLES[key]})" for key in keys
        )
        cursor.execute(f"SELECT {columns}")
        return dict(zip(keys, cursor.fetchone(), strict=True))


def contributors(verdict: Verdict) -> set[int]:
    """Everyone who changed anything in what ``verdict`` would publish, since its last
    published revision (or ever, before its first): its author, the proposer of a
    correction, and whoever edited the verdict, its sources, the claim, its topics, the
    speaker, the article, the outlets, the cited sources or the rating (its translations
    included) and its scale, in any status and any round
    (the audit history records every path, so none can be forgotten). None of them is a
    second pair of eyes on the proposal."""
    last = latest_revision(verdict)
    marks: dict[str, int] = dict(last.watermarks) if last is not None else {}

    def after(key: str) -> int:
        return marks.get(key, 0)

    def _since(rows: Any, key: str) -> int:
        """Where the counting starts: the last revision's watermark; before the first,
        the shared scale (ratings, scales) counts only from the verdict's creation, not
        every edit the newsroom ever made to it."""
        if last is not None or key not in ("rating", "ratingscale", "ratingtranslation"):
            return after(key)
        created = verdict.created_at
        if key == "ratingtranslation":
            # By the database's clock, as the events are dated (the transaction's start):
            # an edit in the transaction that created the verdict counts as after it.
            created = _created_in_database(verdict) or created
        earlier = rows.filter(pgh_created_at__lt=created).aggregate(top=Max("pgh_id"))
        return int(earlier["top"] or 0)

    scales = _scale_ids(verdict.rating_id)

    claim = verdict.claim
    users = {verdict.author_id} if verdict.author_id else set()
    if verdict.proposed_by_id is not None and verdict.proposed_at is not None:
        users.add(verdict.proposed_by_id)  # they wrote the public note
    events: Any = Verdict.pgh_event_model.objects  # type: ignore[attr-defined]
    users |= _editors_of(
        events.filter(pgh_obj_id=verdict.pk), VERDICT_CONTENT_FIELDS, after("verdict")
    )
    line_events = VerdictSource.pgh_event_model.objects.filter(verdict_id=verdict.pk)  # type: ignore[attr-defined]
    users |= _editors_of(line_events, ("source_id", "position", "note"), after("verdictsource"))
    claim_events: Any = type(claim).pgh_event_model.objects  # type: ignore[attr-defined]
    users |= _editors_of(
        claim_events.filter(pgh_obj_id=claim.pk), CLAIM_CONTENT_FIELDS, after("claim")
    )
    topic_links = ClaimTopic.pgh_event_model.objects.filter(claim_id=claim.pk)
    users |= _editors_of(topic_links, ("topic_id",), after("claimtopic"))
    related: list[tuple[Any, list[Any], str]] = [
        (Speaker, [claim.speaker_id], "speaker"),
        (Topic, list(claim.topics.values_list("pk", flat=True)), "topic"),
        (Source, list(verdict.verdict_sources.values_list("source_id", flat=True)), "source"),
        (Article, [claim.article_id], "article"),
        (Outlet, _outlet_ids(claim), "outlet"),
        (RatingScale, scales, "ratingscale"),
    ]
    for model, ids, key in related:
        ids = [pk for pk in ids if pk]
        if ids:
            rows = model.pgh_event_model.objects.filter(pgh_obj_id__in=ids)
            users |= _editors_of(rows, _content_fields(rows.model), _since(rows, key))
    # The rating as published carries its scale's ends and size: an edit of any rating of
    # the scale (added, moved, removed) changes the document too.
    rating_events: Any = Rating.pgh_event_model.objects  # type: ignore[attr-defined]
    rows = rating_events.filter(Q(pgh_obj_id=verdict.rating_id) | Q(scale_id__in=scales))
    users |= _editors_of(rows, _content_fields(rows.model), _since(rows, "rating"))
    # And its label or definition in another language: the revision publishes those too.
    translation_events: Any = RatingTranslation.pgh_event_model.objects  # type: ignore[attr-defined]
    rows = translation_events.filter(rating_id=verdict.rating_id)
    users |= _editors_of(rows, _content_fields(rows.model), _since(rows, "ratingtranslation"))
    # Linking a claim as a repeat, or editing a repeat or an appearance, changes what the
    # next revision would show of the claim's family.
    for family_rows, fields, key in family_event_sources(verdict):
        users |= _editors_of(family_rows, fields, after(key))
    return users


def _created_in_database(verdict: Verdict) -> datetime | None:
    """When the database recorded ``verdict``'s creation (its first audit event)."""
    events: Any = Verdict.pgh_event_model.objects  # type: ignore[attr-defined]
    first = events.filter(pgh_obj_id=verdict.pk).order_by("pgh_id").first()
    return first.pgh_created_at if first is not None else None


def _scale_ids(rating_id: int | None) -> list[int]:
    if rating_id is None:
        return []
    return list(Rating.objects.filter(pk=rating_id).values_list("scale_id", flat=True))


def _outlet_ids(claim: Any) -> list[int]:
    article_outlet = Article.objects.filter(pk=claim.article_id).values_list(
        "outlet_id", flat=True
    )
    return [claim.appeared_in_id, *article_outlet]


def approvals(verdict: Verdict, current_hash: str | None = None) -> set[int]:
    """Editors whose approval counts now: given to this submission, of exactly the
    content that would be published (``current_hash``), by someone who changed none of it."""
    current_hash = current_hash or proposal_hash(verdict)
    rows = verdict.reviews.filter(
        decision=VerdictReview.Decision.APPROVED, content_hash=current_hash
    )
    # Given to this submission or this proposal, not an earlier one.
    since = verdict.proposed_at if verdict.status == Verdict.Status.PUBLISHED else None
    since = since or verdict.submitted_at
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    return set(rows.values_list("reviewer_id", flat=True)) - contributors(verdict)


def preview_verdicts(claim_slug: str) -> list[ServedVerdict]:
    """For signed-in staff only: every verdict of a claim, drafts included, as it would be
    published now, so its page can be previewed before it is."""
    # Translations are not verdicts of their own on the page: the admin previews them.
    originals = Verdict.objects.filter(claim__slug=claim_slug, translation_of__isnull=True)
    rows = with_document_rows(originals).order_by("publisher_id", "pk")
    now = timezone.now()
    return [
        ServedVerdict(
            verdict_id=verdict.pk,
            slug=verdict.slug,
            status=verdict.status,
            document=document(verdict),
            first_published=verdict.published_at or now,
            last_updated=verdict.published_at or now,
        )
        for verdict in rows
    ]


# The working rows as the staff API reads them: records to edit by id, related records to
# pick by slug (or id), and the querysets its uniqueness checks search. Every row, drafts
# and unpublished ones included: only signed-in staff reach these.


def claims() -> QuerySet[Claim]:
    return Claim.objects.all()


def verdicts() -> QuerySet[Verdict]:
    return Verdict.objects.all()


def speakers() -> QuerySet[Speaker]:
    """Every speaker record, merged ones too: a slug stays taken after a merge, since the
    merged speaker's address redirects."""
    return Speaker.objects.all()


def current_speakers() -> QuerySet[Speaker]:
    """The speakers a claim may be attributed to: those not merged into another."""
    return Speaker.objects.current()


def topics() -> QuerySet[Topic]:
    return Topic.objects.all()


def articles() -> QuerySet[Article]:
    return Article.objects.all()


def outlets() -> QuerySet[Outlet]:
    return Outlet.objects.all()


def sources() -> QuerySet[Source]:
    return Source.objects.all()


def default_scale_ratings() -> QuerySet[Rating]:
    """The ratings our own verdicts may take: those of the default scale."""
    return Rating.objects.filter(scale__is_default=True)


def assignable_users() -> QuerySet[Any]:
    """Who a claim may be assigned to: any active account."""
    return get_user_model().objects.filter(is_active=True)


# Left in an about section's text where the newsroom must say something only it knows
# (claims/services/about_skeleton.py writes them): a section holding it is not finished.
TO_COMPLETE = "[To complete:"


def about_sections_to_complete() -> list[str]:
    """The about page's commitments still to be written: sections missing, or holding a
    gap of the shipped skeleton (``TO_COMPLETE``), by their public titles (kind labels
    for missing ones), in the page's order."""
    sections = {section.kind: section for section in AboutSection.objects.all()}
    left = []
    for kind, label in AboutSection.Kind.choices:
        section = sections.get(kind)
        if section is None:
            left.append(str(label))
        elif TO_COMPLETE in section.body:
            left.append(section.title)
    return left


def verdict_translations(verdict: Verdict) -> QuerySet[Verdict]:
    """The translations of one of our verdicts, drafts included, by language."""
    return Verdict.objects.filter(translation_of=verdict).order_by("language")


def languages_to_translate_into(verdict: Verdict) -> list[str]:
    """The site's languages ``verdict`` (a published original of ours) may still be
    translated into: not its own, not one it has a translation in."""
    if (
        verdict.publisher_id is not None
        or verdict.translation_of_id is not None
        or verdict.status != Verdict.Status.PUBLISHED
    ):
        return []
    own = (verdict.claim.language or settings.LANGUAGE_CODE).split("-")[0].lower()
    taken = set(verdict_translations(verdict).values_list("language", flat=True))
    return [code for code, _name in settings.LANGUAGES if code != own and code not in taken]


def original_revision(verdict: Verdict) -> int | None:
    """For a translation: the number of its original's latest published revision (a
    larger one than ``translated_revision`` means the original changed since)."""
    if verdict.translation_of_id is None:
        return None
    return (
        VerdictRevision.objects.filter(verdict_id=verdict.translation_of_id)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
