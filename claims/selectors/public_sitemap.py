"""The sitemap's reads (``factcheck.web.sitemaps``): which public pages exist, in ranges
of ids, and when each last changed, each from an index whatever the archive's size."""

from __future__ import annotations

from datetime import datetime

from django.db import connection
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from claims.models import PublishedClaim, PublishedRepeat, Speaker
from claims.selectors.public_records import named_publicly
from sources.models import Article


def claim_pages() -> QuerySet[PublishedClaim]:
    """The address of every public claim's page and when it last changed."""
    return PublishedClaim.objects.only("slug", "last_updated").order_by("pk")


def claim_pages_changed() -> datetime | None:
    """When any public claim's page last changed (an index's first entry)."""
    rows = PublishedClaim.objects.order_by("-last_updated")
    return rows.values_list("last_updated", flat=True).first()


# The first id at or above a bound, one index probe per step: the ranges of ``size`` ids
# that hold at least one row, at the cost of one probe per range, however many rows.
_RANGES_SQL = """
WITH RECURSIVE ranges(n) AS (
  SELECT (SELECT min({column}) FROM claims_publishedclaim) / %(size)s
  UNION ALL
  SELECT (SELECT min({column}) FROM claims_publishedclaim
          WHERE {column} >= (ranges.n + 1) * %(size)s) / %(size)s
  FROM ranges WHERE ranges.n IS NOT NULL
)
SELECT n FROM ranges WHERE n IS NOT NULL
"""


def _id_ranges(column: str, size: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(_RANGES_SQL.format(column=column), {"size": size})
        return [row[0] for row in cursor.fetchall()]


def claim_page_ranges(size: int) -> list[int]:
    """Which ranges of ``size`` claim ids (id // size) hold a public claim."""
    return _id_ranges("claim_id", size)


def article_page_ranges(size: int) -> list[int]:
    """Which ranges of ``size`` article ids hold an article with a public page."""
    return _id_ranges("article_id", size)


def speaker_page_ranges(size: int) -> list[int]:
    """Which ranges of ``size`` speaker ids hold a speaker with a public page."""
    return sorted({pk // size for pk in speaker_pages().values_list("pk", flat=True)})


def _newest(rows: QuerySet[PublishedClaim]) -> Subquery:
    return Subquery(rows.order_by("-last_updated").values("last_updated")[:1])


def _newest_repeated(rows: QuerySet[PublishedRepeat]) -> Subquery:
    """When the latest of the claims these repeats are of last changed (a repeat is
    rewritten with its claim's row of the public index)."""
    return Subquery(rows.order_by("-claim__last_updated").values("claim__last_updated")[:1])


def speaker_pages() -> QuerySet[Speaker]:
    """Speakers with a public page (``speaker_at``: the public index names them, as the
    speaker of a published claim or as one who said it again), merged ones left out, each
    with ``lastmod``: their details' or the latest change of the claims they said or
    repeated. Which speakers are listed does not depend on ``lastmod``, so counting them
    computes none."""
    # A speaker the public index names, or the one they were merged into: two probes each.
    listed = Speaker.objects.filter(named_publicly()).values(page=Coalesce("merged_into", "pk"))
    own = _newest(PublishedClaim.objects.filter(speaker_id=OuterRef("pk")))
    merged = _newest(PublishedClaim.objects.filter(speaker__merged_into=OuterRef("pk")))
    repeated = _newest_repeated(PublishedRepeat.objects.filter(speaker_id=OuterRef("pk")))
    repeated_merged = _newest_repeated(
        PublishedRepeat.objects.filter(speaker__merged_into=OuterRef("pk"))
    )
    return (
        Speaker.objects.current()
        .filter(pk__in=listed)
        .only("slug", "updated_at")
        .annotate(lastmod=Greatest("updated_at", own, merged, repeated, repeated_merged))
        .order_by("pk")
    )


def speaker_pages_changed() -> datetime | None:
    """The latest ``lastmod`` of ``speaker_pages()``, from three index reads: every public
    claim with a speaker, and every repeat naming one, is on a listed speaker's page
    (theirs, or the one they were merged into)."""
    details = speaker_pages().order_by("-updated_at").values_list("updated_at", flat=True)
    claims = PublishedClaim.objects.filter(speaker_id__isnull=False).order_by("-last_updated")
    repeats = PublishedRepeat.objects.filter(speaker_id__isnull=False).order_by(
        "-claim__last_updated"
    )
    return _latest_of(
        details.first(),
        claims.values_list("last_updated", flat=True).first(),
        repeats.values_list("claim__last_updated", flat=True).first(),
    )


def article_pages() -> QuerySet[Article]:
    """Articles with a public page, each with ``lastmod``: the article's or its published
    claims' latest change."""
    listed = PublishedClaim.objects.filter(article_id__isnull=False).values("article_id")
    claims = _newest(PublishedClaim.objects.filter(article_id=OuterRef("pk")))
    return (
        Article.objects.filter(pk__in=listed)
        .only("slug", "updated_at")
        .annotate(lastmod=Greatest("updated_at", claims))
        .order_by("pk")
    )


def article_pages_changed() -> datetime | None:
    """The latest ``lastmod`` of ``article_pages()``, from two index reads."""
    details = article_pages().order_by("-updated_at").values_list("updated_at", flat=True)
    claims = PublishedClaim.objects.filter(article_id__isnull=False).order_by("-last_updated")
    return _latest_of(details.first(), claims.values_list("last_updated", flat=True).first())


def _latest_of(*moments: datetime | None) -> datetime | None:
    return max(filter(None, moments), default=None)
