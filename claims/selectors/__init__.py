"""Named reads used by the admin, and later by the API and public pages."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db.models import Exists, F, FloatField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Greatest, Upper

from claims import permissions
from claims.models import (
    Claim,
    PublishedClaim,
    PublishedVerdict,
    Speaker,
    Topic,
    Verdict,
    VerdictReview,
)
from factcheck.base.db import within_time
from sources.models import Article, Outlet, Source

# Below this, two claims share words by chance rather than substance.
SIMILARITY_THRESHOLD = 0.2
# How many of the newest claims sharing a word are scored (a common word matches many).
CANDIDATES = 500
# How long the trigram neighbours may take before the hint goes on without them.
NEIGHBOUR_BUDGET_MS = 40
_WORD = re.compile(r"[^\W_]{3,}", re.UNICODE)


def similar_claims(*, text: str, exclude_pk: int | None = None, limit: int = 8) -> QuerySet[Claim]:
    """Claims that look like ``text``, by trigram similarity or shared search terms.

    For staff only: includes claims whose verdicts are still drafts. Each row
    carries ``verdict_status`` and ``rating_label`` of its most advanced verdict.
    """
    words = _WORD.findall(text)[:40]
    if len(text.strip()) < 10 or not words:
        return Claim.objects.none()
    # Any shared word may match; ranking sorts out which matter. Only words
    # reach the raw query, so user input cannot inject tsquery syntax.
    terms = SearchQuery(" | ".join(words), config="english", search_type="raw")
    best_verdict = Verdict.objects.filter(claim=OuterRef("pk")).order_by(
        "-published_at", "-updated_at"
    )
    # Candidates through the indexes, so a keystroke pause does not score every claim:
    # trigram neighbours via the GIN index on UPPER(text) (the % operator, at the
    # pg_trgm default threshold of 0.3), claims holding every word, and the newest
    # claims sharing a word. Their ids are read first, in queries of their own, so the
    # scoring below reads only them (inside one statement the planner scans the table).
    upper = text.upper()
    neighbours = (
        Claim.objects.annotate(upper_text=Upper("text"))
        .filter(upper_text__trigram_similar=upper)
        .order_by()
        .values_list("pk", flat=True)[: limit * 4]
    )
    every_word = SearchQuery(" & ".join(words), config="english", search_type="raw")
    holding = Claim.objects.filter(search=every_word).order_by("-id").values_list("pk", flat=True)
    sharing = Claim.objects.filter(search=terms).order_by("-id").values_list("pk", flat=True)
    # An unusual text has few neighbours, and the planner then reads every claim looking
    # for them: past the budget, the words alone pick the candidates.
    close = within_time(neighbours, milliseconds=NEIGHBOUR_BUDGET_MS) or []
    candidates = {*close, *holding[: limit * 4], *sharing[:CANDIDATES]}
    rows = (
        Claim.objects.filter(pk__in=candidates)
        .annotate(
            similarity=TrigramSimilarity(Upper("text"), upper),
            rank=SearchRank(F("search"), terms, normalization=32),
            score=Greatest("similarity", "rank", output_field=FloatField()),
            verdict_status=Subquery(best_verdict.values("status")[:1]),
            rating_label=Subquery(best_verdict.values("rating__label")[:1]),
        )
        .filter(Q(similarity__gte=SIMILARITY_THRESHOLD) | Q(search=terms, rank__gte=0.05))
        .filter(score__gte=SIMILARITY_THRESHOLD / 2)
        .select_related("speaker")
        .order_by("-score", "-created_at")
    )
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return rows[:limit]


def latest_review(verdict: Verdict) -> VerdictReview | None:
    """The most recent approval or return, with its comment, for the workflow box."""
    return (
        verdict.reviews.exclude(decision=VerdictReview.Decision.EDITED)
        .select_related("reviewer")
        .order_by("-created_at", "-pk")
        .first()
    )


def speakers_named_like(*, name: str, exclude_pk: int | None = None) -> QuerySet[Speaker]:
    """Speakers on file with the same name (case-insensitive), to warn about duplicates."""
    rows = Speaker.objects.current().filter(name__iexact=name.strip())
    return rows.exclude(pk=exclude_pk) if exclude_pk else rows


def workflow_steps(user: Any, verdict: Verdict) -> list[str]:
    """The workflow steps ``user`` may take on ``verdict`` now, so that the admin offers
    only those; the services enforce the same rules when a step is taken."""
    from claims.selectors.newsroom import contributors, is_under_review

    status = verdict.status
    steps = []
    if status == Verdict.Status.DRAFT and user.has_perm(permissions.WRITE_VERDICT):
        steps.append("submit")
    if is_under_review(verdict) and user.has_perm(permissions.REVIEW_VERDICT):
        required = settings.FACTCHECK_REVIEWERS_REQUIRED
        independent = required == 0 or user.pk not in contributors(verdict)
        if independent and required > 1:
            steps.append("approve")
        if independent:
            steps.append("publish")
        if verdict.author_id != user.pk or status == Verdict.Status.PUBLISHED:
            steps.append("return")
    if status == Verdict.Status.PUBLISHED and user.has_perm(permissions.CORRECT_RECORD):
        steps.append("retract")
    if verdict.is_public and verdict.is_ours and user.has_perm(permissions.TAKEDOWN_VERDICT):
        steps.append("takedown")
    return steps


# Related records are public only through a published revision that names them: each
# gate below reads the public index (PublishedClaim, PublishedVerdict), which only the
# revision services write.


def public_speakers() -> QuerySet[Speaker]:
    return Speaker.objects.filter(Exists(PublishedClaim.objects.filter(speaker_id=OuterRef("pk"))))


def public_topics() -> QuerySet[Topic]:
    return Topic.objects.filter(
        Exists(PublishedClaim.objects.filter(topics__contains=[OuterRef("pk")]))
    )


def public_articles() -> QuerySet[Article]:
    return Article.objects.filter(Exists(PublishedClaim.objects.filter(article_id=OuterRef("pk"))))


def public_outlets() -> QuerySet[Outlet]:
    """Outlets a public claim appeared in or was reported by, and publishers of public reviews."""
    return Outlet.objects.filter(
        Exists(PublishedClaim.objects.filter(outlets__contains=[OuterRef("pk")]))
        | Exists(PublishedVerdict.objects.filter(publisher_id=OuterRef("pk")))
    )


def public_sources() -> QuerySet[Source]:
    return Source.objects.filter(
        Exists(Verdict.objects.public().filter(verdict_sources__source=OuterRef("pk")))
    )
