"""Claim families as the newsroom reads them: a claim's family and what its verdict's next
revision would say of it (the appearances readers may see), who changed any of that, the
matcher's repeats above the high threshold, and the editorial queue's "Repeats of checked
claims". Staff reads of the working copy; the public reads them only from revisions
(``claims.selectors.public_families``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps as global_apps
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KT

from claims.matching import embedding
from claims.matching.match import LIKELY_SAME, Candidate, match
from claims.models import (
    Appearance,
    Claim,
    ClaimFamilyMember,
    PublishedVerdict,
    RepeatSuggestion,
    Speaker,
    Verdict,
    VerdictRevision,
)
from claims.models.families import ACTIVE_STATUSES
from sources.models import Article, Outlet

# What the API's claim document carries of each appearance (claims.services.published);
# the revision's own entries also say, for another publisher's review, which one it named
# first and which it listed, to give its ClaimReview back as it was.
API_KEYS = ("text", "quote", "speaker", "outlet", "article", "date", "url", "repeat")
PUBLIC_STATUSES = (Verdict.Status.PUBLISHED, Verdict.Status.RETRACTED)


def family_claim_ids(claim_id: int) -> list[int]:
    """Every claim in ``claim_id``'s family, itself included (just itself when it has
    none), oldest link first."""
    family = ClaimFamilyMember.objects.filter(claim_id=claim_id).values("family_id")
    ids = list(
        ClaimFamilyMember.objects.filter(family_id__in=family)
        .order_by("created_at", "pk")
        .values_list("claim_id", flat=True)
    )
    return ids or [claim_id]


def family_id_of(claim_id: int) -> int | None:
    return (
        ClaimFamilyMember.objects.filter(claim_id=claim_id)
        .values_list("family_id", flat=True)
        .first()
    )


def our_active_verdicts(claim_ids: Iterable[int]) -> QuerySet[Verdict]:
    """Our verdicts on these claims that count towards a family's one: not retracted or
    taken down."""
    return Verdict.objects.ours().filter(claim_id__in=list(claim_ids), status__in=ACTIVE_STATUSES)


def verdicts_showing(claim_id: int) -> list[int]:
    """Our public verdicts (published or retracted) whose latest revision lists
    ``claim_id`` among where else their claim was said: on claims of every family
    ``claim_id`` has been in (a revision shows a repeat until the next one, even once
    unlinked), by id."""
    link_events: Any = ClaimFamilyMember.pgh_event_model.objects  # type: ignore[attr-defined]
    families = link_events.filter(claim_id=claim_id).values("family_id")
    claims = link_events.filter(family_id__in=families).values("claim_id")
    return list(
        PublishedVerdict.objects.filter(ours=True, claim_id__in=claims)
        .exclude(claim_id=claim_id)
        .filter(revision__document__refs__appearance_claims__contains=[claim_id])
        .order_by("verdict_id")
        .values_list("verdict_id", flat=True)
    )


def _shown(rows: QuerySet[Any], claim_field: str) -> QuerySet[Any]:
    """Rows of claims whose every verdict is public (published or retracted): never a
    reference record (LIAR's), a claim taken down, or one whose verdict is still a draft or
    in review. A claim with no verdict at all is the newsroom's own entry, reviewed as
    part of the revision that shows it."""
    hidden = Verdict.objects.filter(claim=OuterRef(claim_field)).exclude(
        status__in=PUBLIC_STATUSES
    )
    return rows.exclude(Exists(hidden))


# Documents: what a revision says of a claim's appearances. ---------------------------


def _speaker(speaker: Speaker | None) -> dict[str, Any] | None:
    if speaker is None:
        return None
    return {
        "slug": speaker.slug,
        "name": speaker.name,
        "kind": speaker.kind,
        "title": speaker.title,
    }


def _outlet(outlet: Outlet | None) -> dict[str, Any] | None:
    if outlet is None:
        return None
    return {"slug": outlet.slug, "name": outlet.name, "domain": outlet.domain}


def _article(article: Article | None) -> dict[str, Any] | None:
    if article is None:
        return None
    return {
        "slug": article.slug,
        "title": article.title,
        "url": article.url,
        "published_on": article.published_on.isoformat() if article.published_on else None,
        "outlet": _outlet(article.outlet),
    }


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True)
class FamilyDocument:
    """The parts of a verdict's document about its claim's other appearances: each entry
    (``API_KEYS``), the speaker id of each (for the public index of repeats), and the
    slugs of other publishers' public reviews of the family's other claims."""

    appearances: list[dict[str, Any]]
    speakers: list[int | None]
    reviews: list[str]
    claims: list[int]  # the family's other claims it shows
    # Whose appearance each entry is (the verdict's claim, or one of ``claims``): what a
    # takedown of that claim's verdict withholds (claims.services.revisions).
    entry_claims: list[int]


def _appearance_rows(claim_ids: list[int]) -> QuerySet[Appearance]:
    """The newsroom's appearances of these claims, and those a public review listed."""
    return (
        Appearance.objects.filter(claim_id__in=claim_ids)
        .filter(Q(reported_by__isnull=True) | Q(reported_by__status__in=PUBLIC_STATUSES))
        .select_related("speaker", "outlet", "article__outlet")
        .order_by("claim_id", "position", "said_on", "pk")
    )


def _row_entry(row: Appearance, *, text: str, quote: str, repeat: bool) -> dict[str, Any]:
    return {
        "text": text,
        "quote": quote,
        "speaker": _speaker(row.speaker),
        "outlet": _outlet(row.outlet),
        "article": _article(row.article),
        "date": _day(row.said_on),
        "url": row.url,
        "repeat": repeat,
    }


def family_document(verdict: Any) -> FamilyDocument | None:
    """What ``verdict``'s next revision would say of its claim's appearances, or None when
    there is nothing to say. Ours: the claim's further appearances and every other claim
    of its family that may be shown (``_shown``), with theirs, dated, oldest first.
    Another publisher's: the appearances its own ClaimReview listed, in its order.

    None for the historical models of an upgrade migration, which predate families."""
    claim = verdict.claim
    if claim._meta.apps is not global_apps:
        return None
    if verdict.publisher_id is not None:
        rows = (
            Appearance.objects.filter(reported_by_id=verdict.pk)
            .select_related("speaker", "outlet", "article__outlet")
            .order_by("position", "pk")
        )
        entries = [
            {
                **_row_entry(row, text="", quote="", repeat=False),
                "first": row.first,
                "listed": row.listed,
            }
            for row in rows
        ]
        speakers = [row.speaker_id for row in rows]
        if not entries:
            return None
        return FamilyDocument(entries, speakers, [], [], [claim.pk] * len(entries))
    others = [pk for pk in family_claim_ids(claim.pk) if pk != claim.pk]
    # Most claims have no family: no query (and no query to compile) for its members.
    members = (
        list(
            _shown(Claim.objects.filter(pk__in=others), "pk")
            .select_related("speaker", "appeared_in", "article__outlet")
            .order_by("pk")
        )
        if others
        else []
    )
    found: list[tuple[dict[str, Any], int | None, int]] = []
    texts = {claim.pk: ("", ""), **{m.pk: (m.text, m.quote) for m in members}}
    for member in members:
        entry = {
            "text": member.text,
            "quote": member.quote,
            "speaker": _speaker(member.speaker),
            "outlet": _outlet(member.appeared_in or (member.article and member.article.outlet)),
            "article": _article(member.article),
            "date": _day(member.claimed_on),
            "url": member.url,
            "repeat": True,
        }
        found.append((entry, member.speaker_id, member.pk))
    for row in _appearance_rows(list(texts)):
        text, quote = texts[row.claim_id]
        entry = _row_entry(row, text=text, quote=quote, repeat=row.claim_id != claim.pk)
        found.append((entry, row.speaker_id, row.claim_id))
    # Oldest first; undated ones after, in the order they were linked or entered.
    found.sort(key=lambda pair: (pair[0]["date"] is None, pair[0]["date"] or ""))
    reviews = (
        list(
            Verdict.objects.public()
            .filter(claim_id__in=[m.pk for m in members], publisher__isnull=False)
            .order_by("pk")
            .values_list("slug", flat=True)
        )
        if members
        else []
    )
    if not found and not reviews:
        return None
    return FamilyDocument(
        [e for e, _, _ in found],
        [s for _, s, _ in found],
        reviews,
        [m.pk for m in members],
        [c for _, _, c in found],
    )


def family_event_sources(verdict: Any) -> list[tuple[QuerySet[Any], tuple[str, ...], str]]:
    """The audit events of everything ``family_document`` reads for ``verdict``, each with
    the fields that matter and its watermark's key (``claims.selectors.newsroom.
    EVENT_TABLES``): whoever linked or unlinked a claim of the family, edited one of its
    claims, their verdicts' status, an appearance, or a speaker, outlet or article they
    name, changed what the next revision would publish."""
    if verdict.claim._meta.apps is not global_apps or verdict.publisher_id is not None:
        # Another publisher's appearances change only by the import, which publishes them.
        return []
    claim_id = verdict.claim_id
    ids = family_claim_ids(claim_id)
    others = [pk for pk in ids if pk != claim_id]
    link_events: Any = ClaimFamilyMember.pgh_event_model.objects  # type: ignore[attr-defined]
    # Every family the claim has been in, not only today's: whoever unlinked a repeat the
    # last revision showed changed what the next one shows, even once that family was
    # dissolved or the claim moved to another (the watermark drops the older events).
    families = link_events.filter(claim_id=claim_id).values("family_id")
    linked = Q(claim_id__in=ids) | Q(family_id__in=families)
    appearance_events: Any = Appearance.pgh_event_model.objects  # type: ignore[attr-defined]
    sources: list[tuple[QuerySet[Any], tuple[str, ...], str]] = [
        (link_events.filter(linked), ("family_id", "claim_id"), "claimfamilymember"),
        (
            appearance_events.filter(claim_id__in=ids),
            ("claim_id", "speaker_id", "outlet_id", "article_id", "said_on", "url"),
            "appearance",
        ),
    ]
    speakers: set[Any] = set()
    outlets: set[Any] = set()
    articles: set[Any] = set()
    # An appearance's article is shown with its outlet: that outlet's edits count too.
    for speaker, outlet, article, article_outlet in Appearance.objects.filter(
        claim_id__in=ids
    ).values_list("speaker_id", "outlet_id", "article_id", "article__outlet_id"):
        speakers.add(speaker)
        articles.add(article)
        outlets |= {outlet, article_outlet}
    if others:
        claim_events: Any = Claim.pgh_event_model.objects  # type: ignore[attr-defined]
        verdict_events: Any = Verdict.pgh_event_model.objects  # type: ignore[attr-defined]
        claim_fields = ("text", "quote", "speaker_id", "article_id", "appeared_in_id", "url")
        sources += [
            (claim_events.filter(pgh_obj_id__in=others), (*claim_fields, "claimed_on"), "claim"),
            (verdict_events.filter(claim_id__in=others), ("status", "slug"), "verdict"),
        ]
        for speaker, article, outlet, article_outlet in Claim.objects.filter(
            pk__in=others
        ).values_list("speaker_id", "article_id", "appeared_in_id", "article__outlet_id"):
            speakers.add(speaker)
            articles.add(article)
            outlets |= {outlet, article_outlet}
    named: list[tuple[Any, set[Any], tuple[str, ...], str]] = [
        (Speaker, speakers, ("slug", "name", "kind", "title"), "speaker"),
        (Outlet, outlets, ("slug", "name", "domain"), "outlet"),
        (Article, articles, ("slug", "title", "url", "published_on", "outlet_id"), "article"),
    ]
    for model, pks, fields, key in named:
        pks = {pk for pk in pks if pk}
        if pks:
            sources.append((model.pgh_event_model.objects.filter(pgh_obj_id__in=pks), fields, key))
    return sources


# The newsroom's pages: a claim's family, and the queue. ------------------------------


@dataclass(frozen=True)
class FamilyPanel:
    """What a claim's admin page shows of its family."""

    members: list[Claim]
    ours: Verdict | None
    reviews: list[Verdict]
    suggestions: list[RepeatSuggestion]


def family_panel(claim: Claim) -> FamilyPanel:
    """The claim's family (the other claims, our one verdict, every other publisher's
    review of any of them) and the open suggestions that it repeats, or is repeated by,
    another claim."""
    ids = family_claim_ids(claim.pk)
    members = list(
        Claim.objects.filter(pk__in=[pk for pk in ids if pk != claim.pk])
        .select_related("speaker")
        .order_by("claimed_on", "pk")
    )
    verdicts = list(
        Verdict.objects.filter(claim_id__in=ids)
        .select_related("publisher", "rating", "claim")
        .order_by(F("publisher_id").asc(nulls_first=True), "pk")
    )
    ours = next(
        (v for v in verdicts if v.publisher_id is None and v.status in ACTIVE_STATUSES), None
    )
    suggestions = list(
        RepeatSuggestion.objects.filter(status=RepeatSuggestion.Status.OPEN)
        .filter(Q(claim=claim) | Q(of=claim))
        .select_related("claim__speaker", "of__speaker")
        .order_by("-score", "pk")[:10]
    )
    return FamilyPanel(
        members=members,
        ours=ours,
        reviews=[v for v in verdicts if v.publisher_id is not None],
        suggestions=suggestions,
    )


def _family_of(field: str) -> Subquery:
    """The family id of the claim at ``field`` of the outer row (NULL without one)."""
    rows = ClaimFamilyMember.objects.filter(claim_id=OuterRef(field)).values("family_id")
    return Subquery(rows[:1])


# Our public verdicts, filed by the family of their claim.
_IN_FAMILY = "claim__claim__family_member__family_id"


def _ours_public() -> QuerySet[PublishedVerdict]:
    return PublishedVerdict.objects.filter(ours=True, status="published")


def repeats_of_checked() -> QuerySet[RepeatSuggestion]:
    """The queue's "Repeats of checked claims": open suggestions that a claim repeats one
    whose family (or itself) holds a public verdict of ours, most alike first."""
    ours = _ours_public()
    return (
        RepeatSuggestion.objects.filter(status=RepeatSuggestion.Status.OPEN)
        .annotate(of_family=_family_of("of_id"))
        .filter(
            Exists(ours.filter(claim_id=OuterRef("of_id")))
            | Exists(ours.filter(**{_IN_FAMILY: OuterRef("of_family")}))
        )
        .select_related("claim__speaker", "of__speaker")
        .order_by("-score", "created_at", "pk")
    )


def linked_awaiting_update(limit: int) -> list[ClaimFamilyMember]:
    """Claims linked into the family of one of our published verdicts that its latest
    revision does not show yet (an update of the verdict would publish them), newest
    first, each with ``verdict_id``: the verdict to propose the update on. Claims that are
    never shown (reference records, claims taken down, drafts) are left out. Two queries
    however many: the links, then what their verdicts' revisions show."""
    ours = _ours_public()
    family_verdicts = ours.filter(**{_IN_FAMILY: OuterRef("family_id")}).order_by(
        "-first_published"
    )
    rows = list(
        _shown(ClaimFamilyMember.objects.filter(Exists(family_verdicts)), "claim_id")
        .exclude(Exists(ours.filter(claim_id=OuterRef("claim_id"))))
        .annotate(
            verdict_id=Subquery(family_verdicts.values("verdict_id")[:1]),
            revision_id=Subquery(family_verdicts.values("revision_id")[:1]),
        )
        .select_related("claim__speaker", "linked_by")
        .order_by("-created_at", "-pk")[: limit * 4]
    )
    shown = dict(
        VerdictRevision.objects.filter(pk__in={r.revision_id for r in rows}).values_list(
            "pk", KT("document__refs__appearance_claims")
        )
    )
    waiting = [
        row for row in rows if row.claim_id not in json.loads(shown.get(row.revision_id) or "[]")
    ]
    return waiting[:limit]


def covered_by_family_verdict() -> Exists:
    """For a queryset of claims: the claim is linked into a family holding an active
    verdict of ours on another of its claims."""
    family = ClaimFamilyMember.objects.filter(claim_id=OuterRef(OuterRef("pk"))).values(
        "family_id"
    )[:1]
    return Exists(
        Verdict.objects.ours()
        .filter(status__in=ACTIVE_STATUSES, claim__family_member__family_id=Subquery(family))
        .exclude(claim_id=OuterRef("pk"))
    )


def checked_claim_ids(claim_ids: list[int]) -> set[int]:
    """Those of ``claim_ids`` whose family (or the claim itself) holds a public verdict
    of ours."""
    ours = _ours_public()
    rows = (
        Claim.objects.filter(pk__in=claim_ids)
        .annotate(family_of_claim=_family_of("pk"))
        .filter(
            Exists(ours.filter(claim_id=OuterRef("pk")))
            | Exists(ours.filter(**{_IN_FAMILY: OuterRef("family_of_claim")}))
        )
    )
    return set(rows.values_list("pk", flat=True))


def family_verdict_of(claim_id: int) -> Verdict | None:
    """Our public verdict in ``claim_id``'s family, for the links the queue offers."""
    return (
        Verdict.objects.public()
        .ours()
        .filter(claim_id__in=family_claim_ids(claim_id))
        .order_by("-published_at")
        .first()
    )


# The matcher. --------------------------------------------------------------------------

# Lexical candidates scored by the sentence model: enough to find a rewording.
CANDIDATES = 8


@dataclass(frozen=True)
class LikelyRepeat:
    claim: Claim
    score: float


def likely_repeats(
    *,
    text: str,
    exclude_pk: int | None = None,
    limit: int = 5,
    checked_only: bool = False,
    vectors: dict[int, Any] | None = None,
) -> list[LikelyRepeat]:
    """Claims the matcher labels *likely the same claim* as ``text`` (above the high
    threshold, with no different figure or opposite wording), best first; with
    ``checked_only``, only claims whose family holds a public verdict of ours. Never a
    link: a person confirms each one.

    The one place that asks. Where claim vectors are on, the staff matcher's answer
    (``similar_claims_for_staff``, stored vectors: run ``embed_claims`` after a bulk
    load). Where they are off, the lexical candidates of ``similar_claims`` embedded on
    the spot and labelled by the same matcher. Without the sentence model (no AVX2, no
    package), nothing is suggested: shared words do not make the same claim.
    ``vectors`` keeps the vectors computed on the spot, by claim id, for a caller that
    asks about many claims (``manage.py suggest_families``)."""
    from claims.selectors.newsroom_similar import similar_claims_for_staff

    wanted = CANDIDATES * 2 if checked_only else CANDIDATES
    found = similar_claims_for_staff(text=text, exclude_pk=exclude_pk, limit=wanted)
    if found.lexical:
        hits = _embedded_on_the_spot(
            text, exclude_pk=exclude_pk, wanted=wanted, vectors={} if vectors is None else vectors
        )
    else:
        hits = [(c.claim_id, c.score) for c in found.candidates if c.label == LIKELY_SAME]
    return _repeats({0: hits}, limit=limit, checked_only=checked_only)[0]


def likely_repeats_of_claims(
    claims: Sequence[Claim],
    *,
    limit: int = 5,
    checked_only: bool = False,
    vectors: dict[int, Any] | None = None,
) -> dict[int, list[LikelyRepeat]]:
    """``likely_repeats`` of each of these claims on file, by claim id: from the vectors
    already stored for their texts where claim vectors are on (nothing embedded again,
    one statement for them all: ``similar_to_claims_on_file``), through ``likely_repeats``
    for the others."""
    from claims.selectors.newsroom_similar import similar_to_claims_on_file

    wanted = CANDIDATES * 2 if checked_only else CANDIDATES
    stored = similar_to_claims_on_file([claim.pk for claim in claims], limit=wanted)
    hits = {
        pk: [(c.claim_id, c.score) for c in candidates if c.label == LIKELY_SAME]
        for pk, candidates in stored.items()
    }
    found = _repeats(hits, limit=limit, checked_only=checked_only)
    for claim in claims:
        if claim.pk not in found:
            found[claim.pk] = likely_repeats(
                text=claim.text,
                exclude_pk=claim.pk,
                limit=limit,
                checked_only=checked_only,
                vectors=vectors,
            )
    return found


def _repeats(
    hits: dict[int, list[tuple[int, float]]], *, limit: int, checked_only: bool
) -> dict[int, list[LikelyRepeat]]:
    """The claims of each key's hits, best first (with ``checked_only``, those whose
    family holds a public verdict of ours), in two queries however many keys."""
    every = sorted({pk for found in hits.values() for pk, _ in found})
    if not every:
        return {key: [] for key in hits}
    if checked_only:
        checked = checked_claim_ids(every)
        hits = {key: [hit for hit in found if hit[0] in checked] for key, found in hits.items()}
    claims = Claim.objects.select_related("speaker").in_bulk(every)
    return {
        key: [LikelyRepeat(claims[pk], score) for pk, score in found if pk in claims][:limit]
        for key, found in hits.items()
    }


def _embedded_on_the_spot(
    text: str, *, exclude_pk: int | None, wanted: int, vectors: dict[int, Any]
) -> list[tuple[int, float]]:
    from claims.selectors import similar_claims
    from claims.selectors.similar import thresholds

    pool = list(similar_claims(text=text, exclude_pk=exclude_pk, limit=wanted))
    if not pool:
        return []
    try:
        query = embedding.embed(text)
        missing = [claim for claim in pool if claim.pk not in vectors]
        if missing:
            new = embedding.embed_many([claim.text for claim in missing])
            vectors.update(zip([claim.pk for claim in missing], new, strict=True))
    except embedding.EmbeddingUnavailable:
        return []
    candidates = [
        Candidate(claim.pk, claim.text, vectors[claim.pk], claim.language) for claim in pool
    ]
    found = match(text, query, candidates, thresholds=thresholds(), limit=wanted)
    return [(m.key, m.score) for m in found if m.label == LIKELY_SAME]
