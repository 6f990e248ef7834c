"""What the API is measured against, mounted only in the benchmark's URLconf:

- ``raw/claims/``: one SQL statement reading the API claims page from the public index
  (the same stored documents, with their URLs, in the same order) as JSON in PostgreSQL,
  handed out as bytes: the fastest this page can be produced;
- ``bare/``: a Django ``JsonResponse`` with no database work: the framework's floor;
- ``drf-stored/claims/``: a plain DRF ``ListAPIView`` with a ``ModelSerializer`` over
  the same stored documents (cursor pages of 50), with no hand tuning: what DRF itself
  adds to the stored documents. The peer the targets name, nested ``ModelSerializer``s
  over the models, is ``benchmarks/drf_models.py`` (``drf/claims/``).

They read the public index (``PublishedClaim``), which only the revision services write,
so they serve what the API serves, never more.
"""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.db import connection
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from rest_framework import generics, serializers
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny

from claims.models import PublishedClaim, PublishedTranslation
from factcheck.base.http import site_url

# The API claims page: the index's stored documents, each with its API URL and the
# published translations of our verdict on it.
CLAIMS_PAGE_SQL = """
WITH page AS (
  SELECT claim_id, slug, published_at, document FROM claims_publishedclaim
  ORDER BY published_at DESC, claim_id DESC
  LIMIT %(limit)s
)
SELECT coalesce(json_agg(document || jsonb_build_object(
    'url', %(api)s || slug || '/',
    'translations', coalesce((
      SELECT jsonb_agg(jsonb_build_object('language', t.language, 'url', t.url,
                                          'headline', t.headline, 'out_of_date', NOT t.current)
                       ORDER BY t.language)
      FROM claims_publishedtranslation t WHERE t.claim_id = page.claim_id), '[]')
  ) ORDER BY published_at DESC, claim_id DESC), '[]'),
  (SELECT json_build_array(min(published_at), min(claim_id)) FROM (
     SELECT published_at, claim_id FROM page ORDER BY published_at, claim_id LIMIT 1) last)
FROM page
"""


def raw_claims(request: HttpRequest) -> HttpResponse:
    size = 50
    with connection.cursor() as cursor:
        cursor.execute(
            CLAIMS_PAGE_SQL,
            {"limit": size + 1, "api": site_url("/api/v1/claims/")},
        )
        results, last = cursor.fetchone()
    # The driver hands json back parsed; the page is re-encoded once.
    more = len(results) > size
    cursor_token = signing.dumps({"v": last}, compress=True) if more else None
    following = site_url(f"{request.path}?cursor={cursor_token}") if cursor_token else None
    return JsonResponse({"next": following, "results": results[:size]})


def bare(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"next": None, "results": []})


class _Pages(CursorPagination):
    page_size = 50
    ordering = ("-published_at", "-claim_id")


class StoredClaimSerializer(serializers.ModelSerializer[PublishedClaim]):
    """A stored claim document with its API URL, as a DRF serializer would send it."""

    class Meta:
        model = PublishedClaim
        fields = ["slug", "document"]

    def to_representation(self, instance: PublishedClaim) -> dict[str, Any]:
        url = reverse("api:claim-detail", args=[instance.slug])
        translations = [
            {
                "language": row.language,
                "url": row.url,
                "headline": row.headline,
                "out_of_date": not row.current,
            }
            for row in instance.translations.all()
        ]
        return {**instance.document, "url": site_url(url), "translations": translations}


class DrfClaims(generics.ListAPIView[PublishedClaim]):
    """The same documents through DRF as its docs write it: a ModelSerializer over the
    public index, DRF's cursor pagination."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes: list[Any] = []
    serializer_class = StoredClaimSerializer
    pagination_class = _Pages
    filter_backends: list[Any] = []
    queryset = PublishedClaim.objects.only(
        "claim_id", "slug", "published_at", "document"
    ).prefetch_related(
        Prefetch("translations", queryset=PublishedTranslation.objects.order_by("language"))
    )


def ilike_search(word: str) -> int:
    """What finding the matches costs without the search index: ``icontains`` over the
    texts the API searches (the public index's published words), as a plain ORM search
    runs it. Ranking needs every match, so all are read."""
    pattern = f"%{word}%"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT claim_id FROM claims_publishedclaim"
            " WHERE search_text ILIKE %s OR search_extra ILIKE %s",
            [pattern, pattern],
        )
        return len(cursor.fetchall())
