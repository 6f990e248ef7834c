"""Public reads for the API and the public pages, each starting from a public gate
(Claim.objects.public(), Verdict.objects.public() or a selector built on them), with what
a page needs fetched in a fixed number of queries, whatever its length."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Count, F, FloatField, Max, Min, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce

from claims.models import Claim, Correction, Rating, RatingScale, Speaker, Topic, Verdict
from claims.selectors import public_articles, public_outlets, public_speakers, public_topics
from sources.models import Article, Outlet


def _bound(aggregate: Any) -> Subquery:
    ratings = Rating.objects.filter(scale=OuterRef("rating__scale")).order_by()
    return Subquery(ratings.values("scale").annotate(bound=aggregate).values("bound")[:1])


def verdicts() -> QuerySet[Verdict]:
    """Public verdicts with their rating, its scale's bounds, publisher and corrections."""
    return annotated(Verdict.objects.public())


def annotated(rows: QuerySet[Verdict]) -> QuerySet[Verdict]:
    # Correlated subqueries rather than a join and GROUP BY: a page of the newest
    # verdicts then reads only that page, not every public verdict.
    corrections = Correction.objects.filter(verdict=OuterRef("pk")).order_by()
    return rows.select_related("rating__scale", "publisher").annotate(
        correction_count=Coalesce(
            Subquery(corrections.values("verdict").annotate(n=Count("pk")).values("n")[:1]), 0
        ),
        last_correction=Subquery(corrections.order_by("-published_at").values("published_at")[:1]),
        best=_bound(Max("position")),
        worst=_bound(Min("position")),
    )


def claims() -> QuerySet[Claim]:
    return (
        Claim.objects.public()
        .select_related("speaker", "article__outlet", "appeared_in")
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.order_by("name")),
            Prefetch(
                "verdicts",
                queryset=verdicts().order_by("publisher_id", "pk"),
                to_attr="public_verdicts",
            ),
        )
    )


def verdicts_with_claims() -> QuerySet[Verdict]:
    return verdicts().select_related("claim__speaker")


def speakers() -> QuerySet[Speaker]:
    return public_speakers()


def outlets() -> QuerySet[Outlet]:
    return public_outlets()


def topics() -> QuerySet[Topic]:
    return public_topics()


def articles() -> QuerySet[Article]:
    return (
        public_articles()
        .select_related("outlet")
        .prefetch_related(
            Prefetch(
                "claims",
                queryset=Claim.objects.public().select_related("speaker").order_by("pk"),
                to_attr="public_claims",
            )
        )
    )


def rating_scales() -> QuerySet[RatingScale]:
    ratings: Any = Prefetch("ratings", queryset=Rating.objects.order_by("sort_order", "pk"))
    return RatingScale.objects.prefetch_related(ratings)


RECORD_NOTE = (
    "Claims are chosen for checking because they are newsworthy or widely shared, not "
    "sampled at random: this record does not measure how often the speaker is accurate."
)


def records(speaker_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Each speaker's record, in one query: our published verdicts per rating (retracted
    ones left out) and the period they span; other publishers' reviews counted apart."""
    rows = (
        Verdict.objects.public()
        .filter(claim__speaker_id__in=speaker_ids)
        .values(
            "claim__speaker_id",
            "status",
            "publisher__name",
            "publisher__slug",
            "rating__slug",
            "rating__label",
            "rating__position",
            "rating__sort_order",
        )
        .annotate(count=Count("pk"), first=Min("published_at"), last=Max("published_at"))
        .order_by()
    )
    result: dict[int, dict[str, Any]] = {
        pk: {
            "verdicts": 0,
            "by_rating": [],
            "first": None,
            "last": None,
            "note": RECORD_NOTE,
            "other_publishers": [],
        }
        for pk in speaker_ids
    }
    others: dict[int, dict[str, dict[str, Any]]] = {pk: {} for pk in speaker_ids}
    for row in rows:
        record = result[row["claim__speaker_id"]]
        if row["publisher__slug"] is not None:
            entry = others[row["claim__speaker_id"]].setdefault(
                row["publisher__slug"],
                {"publisher": row["publisher__name"], "slug": row["publisher__slug"], "count": 0},
            )
            entry["count"] += row["count"]
            continue
        if row["status"] != Verdict.Status.PUBLISHED:
            continue  # a retracted verdict is not part of the record
        record["verdicts"] += row["count"]
        record["by_rating"].append(
            {
                "slug": row["rating__slug"],
                "label": row["rating__label"],
                "position": row["rating__position"],
                "count": row["count"],
                "_order": row["rating__sort_order"],
            }
        )
        record["first"] = min(filter(None, [record["first"], row["first"]]))
        record["last"] = max(filter(None, [record["last"], row["last"]]))
    for pk, record in result.items():
        record["by_rating"].sort(key=lambda entry: entry.pop("_order"))
        record["other_publishers"] = sorted(others[pk].values(), key=lambda e: e["publisher"])
    return result


def search(claims: QuerySet[Claim], text: str, *, by_relevance: bool) -> QuerySet[Claim]:
    """Claims matching ``text`` (web-search syntax; any text is searched as text). By
    relevance, only the newest ``FACTCHECK_SEARCH_RANK_WINDOW`` matches are ranked, so that
    a common word stays fast; the rank is annotated as ``rank``."""
    query = SearchQuery(text, search_type="websearch", config="english")
    matches = claims.filter(search=query)
    if not by_relevance:
        return matches
    newest = matches.order_by("-published_at", "-id").values("pk")
    window = newest[: settings.FACTCHECK_SEARCH_RANK_WINDOW]
    return claims.filter(pk__in=window).annotate(
        rank=Cast(SearchRank(F("search"), query, normalization=32), FloatField())
    )
