"""Speakers' records, read from the public index: what they said that we published,
counted by rating as published (the speaker page, the API's speaker list and detail)."""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet, Value
from django.utils.translation import gettext_noop

from claims.models import (
    PublishedClaim,
    PublishedRepeat,
    PublishedVerdict,
    Rating,
    Speaker,
    Verdict,
)
from sources.models import Outlet

RECORD_NOTE = gettext_noop(
    "Claims are chosen for checking because they are newsworthy or widely shared, not "
    "sampled at random: this record does not measure how often the speaker is accurate."
)


def records(speaker_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Each speaker's record, from the public index in one query: our published verdicts
    per rating (retracted ones left out) and the period they span; other publishers'
    reviews counted apart. Counted under the speaker each claim was published with; a
    speaker with others merged into them: ``merged_records``."""
    return merged_records({pk: [pk] for pk in speaker_ids})


def _empty_record() -> dict[str, Any]:
    return {
        "verdicts": 0,
        "by_rating": [],
        "first": None,
        "last": None,
        "note": RECORD_NOTE,
        "other_publishers": [],
    }


def merged_records(groups: dict[int, list[int]]) -> dict[int, dict[str, Any]]:
    """The record (see ``records``) of each speaker of ``groups`` over the claims published
    under any of its ids (the speaker's own, then those of the speakers merged into them),
    from the public index: counted by the speaker, rating and publisher each verdict was
    published with. Their names are the rows': a rating in use cannot be relabelled (a
    trigger refuses it), and publishers are named as they are now; each rating also
    carries its labels in other languages as they are now (``labels``: the speaker page
    shows the record in the page's language, the API leaves them out).

    Three queries: the counts by ids alone, which the covering index answers without
    reading the rows (a busy speaker has six figures of them), then the names of the few
    ratings (with their translations) and publishers counted."""
    owner = {pk: kept for kept, ids in groups.items() for pk in ids}
    counted = list(
        PublishedVerdict.objects.filter(speaker_id__in=list(owner))
        .values("speaker_id", "ours", "status", "publisher_id", "rating_id")
        .annotate(count=Count("*"), first=Min("first_published"), last=Max("first_published"))
        .order_by()
    )
    # With their labels in the interface's other languages as they are today, like the
    # labels themselves (in the same query).
    translated = Q(translations__isnull=False)
    named_ratings = {
        row["pk"]: row
        for row in Rating.objects.filter(pk__in={row["rating_id"] for row in counted})
        .values("pk", "slug", "label", "position", "sort_order", "scale_id")
        .annotate(
            languages=ArrayAgg(
                "translations__language",
                filter=translated,
                order_by="translations__language",
                default=Value([]),
            ),
            translated_labels=ArrayAgg(
                "translations__label",
                filter=translated,
                order_by="translations__language",
                default=Value([]),
            ),
        )
    }
    labels = {
        pk: dict(zip(row["languages"], row["translated_labels"], strict=True))
        for pk, row in named_ratings.items()
    }
    publishers = {row["publisher_id"] for row in counted if not row["ours"]}
    named_publishers: dict[int, dict[str, Any]] = {
        row["pk"]: dict(row)
        for row in (
            Outlet.objects.filter(pk__in=publishers).values("pk", "slug", "name")
            if publishers
            else []
        )
    }
    rows = []
    for row in counted:
        rating = named_ratings[row["rating_id"]]
        publisher: dict[str, Any] = named_publishers.get(row["publisher_id"], {})
        rows.append(
            row
            | {
                "publisher_slug": publisher.get("slug"),
                "publisher_name": publisher.get("name"),
                "rating_slug": rating["slug"],
                "rating_label": rating["label"],
                "rating_labels": labels.get(row["rating_id"], {}),
                "rating_position": rating["position"],
                # The scale's order of the ratings: how a scorecard lists them.
                "rating_order": rating["sort_order"],
                "rating_scale": rating["scale_id"],
            }
        )
    result = {kept: _empty_record() for kept in groups}
    ratings: dict[int, dict[int, dict[str, Any]]] = {kept: {} for kept in groups}
    others: dict[int, dict[Any, dict[str, Any]]] = {kept: {} for kept in groups}
    for row in rows:
        kept = owner[row["speaker_id"]]
        if not row["ours"]:
            other = others[kept].setdefault(
                row["publisher_id"],
                {"publisher": row["publisher_name"], "slug": row["publisher_slug"], "count": 0},
            )
            other["count"] += row["count"]
            continue
        if row["status"] != Verdict.Status.PUBLISHED:
            continue  # a retracted verdict is not part of the record
        record = result[kept]
        record["verdicts"] += row["count"]
        record["first"] = min(filter(None, [record["first"], row["first"]]))
        record["last"] = max(filter(None, [record["last"], row["last"]]))
        entry = ratings[kept].setdefault(
            row["rating_id"],
            {
                "slug": row["rating_slug"],
                "label": row["rating_label"],
                "labels": row["rating_labels"],
                "position": row["rating_position"],
                "count": 0,
                "_order": (row["rating_scale"], row["rating_order"]),
            },
        )
        entry["count"] += row["count"]
    for kept, record in result.items():
        by_rating = sorted(ratings[kept].values(), key=lambda entry: entry["_order"])
        record["by_rating"] = [
            {key: entry[key] for key in ("slug", "label", "labels", "position", "count")}
            for entry in by_rating
        ]
        record["other_publishers"] = sorted(
            (
                {key: o[key] for key in ("publisher", "slug", "count")}
                for o in others[kept].values()
            ),
            key=lambda entry: entry["publisher"],
        )
    return result


def named_publicly() -> Q:
    """For a queryset of speakers, those the public index names: a claim was published
    under them, or one of our public verdicts names them among those who also said its
    claim (claim families: the public index of repeats, from the published revisions).
    One index probe each. What gives a speaker a public page (``speaker_at``), a place in
    the API's list (``listed_speakers``) and in the sitemap (``speaker_pages``)."""
    return Q(Exists(PublishedClaim.objects.filter(speaker_id=OuterRef("pk")))) | Q(
        Exists(PublishedRepeat.objects.filter(speaker_id=OuterRef("pk")))
    )


def named_publicly_through_merged() -> Q:
    """For a queryset of speakers, those into whom a speaker the public index names was
    merged (their page carries that speaker's claims and repeats)."""
    return Q(Exists(PublishedClaim.objects.filter(speaker__merged_into=OuterRef("pk")))) | Q(
        Exists(PublishedRepeat.objects.filter(speaker__merged_into=OuterRef("pk")))
    )


def listed_speakers() -> QuerySet[Speaker]:
    """Speakers with a public page: the public index names them or a speaker merged into
    them, whose claims they now carry (a merged speaker is not listed itself); a speaker
    named only as having said a claim again is listed with an empty record. Each with
    ``merged_ids``, the speakers merged into them, for ``merged_records``."""
    merged = Speaker.objects.filter(merged_into=OuterRef("pk")).order_by("pk").values("pk")
    return (
        Speaker.objects.current()
        .filter(named_publicly() | named_publicly_through_merged())
        .annotate(merged_ids=ArraySubquery(merged))
    )


def speaker_ids(slug: str) -> QuerySet[Speaker, Any]:
    """The ids (``values("pk")``) that claims of the speaker at ``slug`` were published
    under: theirs, and those of the speakers merged into them."""
    return Speaker.objects.filter(Q(slug=slug) | Q(merged_into__slug=slug)).values("pk")
