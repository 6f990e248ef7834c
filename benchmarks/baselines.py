"""What the API is measured against, mounted only in the benchmark's URLconf:

- ``raw/claims/``: one SQL statement building the API claims page (the same fields, the
  same public gate, the same order) as JSON in PostgreSQL, handed out as bytes: the
  fastest this page can be produced;
- ``bare/``: a Django ``JsonResponse`` with no database work: the framework's floor;
- ``drf/claims/``: the peer, a plain DRF ``ListAPIView`` with the API's own nested
  ``ModelSerializer`` (the same document) over the same models, as the DRF docs write
  it (``select_related``, ``prefetch_related``, cursor pages of 50), with no hand tuning.

They read through ``Claim.objects.public()``'s rule (a public verdict exists), so they
serve what the API serves, never more.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework import generics
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny

from claims.models import Claim
from claims.selectors import public
from factcheck.api.serializers import ClaimSerializer

PUBLIC = "('published', 'retracted')"

# The API claims page (factcheck.api.serializers.ClaimSerializer) built in SQL.
CLAIMS_PAGE_SQL = f"""
WITH page AS (
  SELECT c.* FROM claims_claim c
  WHERE c.published_at IS NOT NULL
    AND EXISTS (SELECT 1 FROM claims_verdict v WHERE v.claim_id = c.id AND v.status IN {PUBLIC})
  ORDER BY c.published_at DESC, c.id DESC
  LIMIT %(limit)s
),
bounds AS (
  SELECT scale_id, min(position) AS worst, max(position) AS best FROM claims_rating GROUP BY 1
)
SELECT coalesce(json_agg(json_build_object(
  'slug', p.slug,
  'url', %(api)s || p.slug || '/',
  'text', p.text, 'quote', p.quote,
  'speaker', (SELECT json_build_object('slug', s.slug, 'name', s.name, 'kind', s.kind,
                                       'title', s.title)
              FROM claims_speaker s WHERE s.id = p.speaker_id),
  'article', (SELECT json_build_object('slug', a.slug, 'title', a.title, 'url', a.url,
                'published_on', a.published_on,
                'outlet', (SELECT json_build_object('slug', o.slug, 'name', o.name,
                                                    'domain', o.domain)
                           FROM sources_outlet o WHERE o.id = a.outlet_id))
              FROM sources_article a WHERE a.id = p.article_id),
  'outlet', (SELECT json_build_object('slug', o.slug, 'name', o.name, 'domain', o.domain)
             FROM sources_outlet o WHERE o.id = p.appeared_in_id),
  'appearance_url', p.url, 'archived_url', p.archived_url,
  'claimed_on', p.claimed_on, 'context', p.context,
  'topics', (SELECT coalesce(json_agg(json_build_object('slug', t.slug, 'name', t.name)
                                      ORDER BY t.name), '[]')
             FROM claims_claim_topics ct JOIN claims_topic t ON t.id = ct.topic_id
             WHERE ct.claim_id = p.id),
  'language', p.language,
  'verdicts', (SELECT coalesce(json_agg(json_build_object(
      'slug', v.slug, 'status', v.status,
      'publisher', CASE WHEN pub.id IS NULL
                   THEN json_build_object('name', %(name)s, 'url', %(home)s, 'ours', true)
                   ELSE json_build_object('name', pub.name, 'url', pub.url, 'ours', false) END,
      'rating', json_build_object('slug', r.slug, 'label', r.label, 'position', r.position,
                                  'best', b.best, 'worst', b.worst, 'scale', sc.slug),
      'headline', v.headline, 'summary', v.summary,
      'page_url', CASE WHEN v.publisher_id IS NULL THEN %(pages)s || p.slug || '/'
                  ELSE v.external_url END,
      'first_published', factcheck_iso_instant(v.published_at, %(zone)s),
      'last_updated', factcheck_iso_instant(greatest(v.published_at, corr.latest), %(zone)s),
      'corrections', coalesce(corr.n, 0),
      'retraction', CASE WHEN v.status = 'retracted'
                    THEN json_build_object('date', factcheck_iso_instant(v.retracted_at, %(zone)s),
                                           'note', v.retraction_note)
                    END
    ) ORDER BY v.publisher_id, v.id), '[]')
    FROM claims_verdict v
    JOIN claims_rating r ON r.id = v.rating_id
    JOIN claims_ratingscale sc ON sc.id = r.scale_id
    JOIN bounds b ON b.scale_id = r.scale_id
    LEFT JOIN sources_outlet pub ON pub.id = v.publisher_id
    LEFT JOIN LATERAL (SELECT count(*) AS n, max(k.published_at) AS latest
                       FROM claims_correction k WHERE k.verdict_id = v.id) corr ON true
    WHERE v.claim_id = p.id AND v.status IN {PUBLIC})
) ORDER BY p.published_at DESC, p.id DESC), '[]'),
  (SELECT json_build_array(min(published_at), min(id)) FROM (
     SELECT published_at, id FROM page ORDER BY published_at, id LIMIT 1) last)
FROM page p
"""


def raw_claims(request: HttpRequest) -> HttpResponse:
    size = 50
    base = settings.FACTCHECK_PUBLISHER_URL.rstrip("/")
    with connection.cursor() as cursor:
        cursor.execute(
            CLAIMS_PAGE_SQL,
            {
                "limit": size + 1,
                "api": request.build_absolute_uri("/api/v1/claims/"),
                "name": settings.FACTCHECK_PUBLISHER_NAME,
                "home": settings.FACTCHECK_PUBLISHER_URL,
                "pages": f"{base}/claims/",
                "zone": settings.TIME_ZONE,
            },
        )
        results, last = cursor.fetchone()
    # The driver hands json back parsed; the page is re-encoded once, as the API does.
    more = len(results) > size
    cursor_token = signing.dumps({"v": last}, compress=True) if more else None
    following = request.build_absolute_uri(f"?cursor={cursor_token}") if cursor_token else None
    return JsonResponse({"next": following, "results": results[:size]})


def bare(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"next": None, "results": []})


class _Pages(CursorPagination):
    page_size = 50
    ordering = ("-published_at", "-id")


class DrfClaims(generics.ListAPIView[Claim]):
    """The same documents through DRF as its docs write it: the API's ModelSerializer,
    the selector's select_related and prefetch_related, DRF's cursor pagination."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes: list[Any] = []
    serializer_class = ClaimSerializer
    pagination_class = _Pages
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        return public.claims()


def ilike_search(word: str) -> int:
    """What finding the matches costs without the index: ``icontains`` over the searched
    texts, as a plain ORM search runs it. Ranking needs every match, so all are read."""
    pattern = f"%{word}%"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id FROM claims_claim c LEFT JOIN claims_speaker s ON s.id = c.speaker_id"
            " WHERE c.published_at IS NOT NULL"
            " AND (c.text ILIKE %s OR c.quote ILIKE %s OR s.name ILIKE %s)",
            [pattern, pattern, pattern],
        )
        return len(cursor.fetchall())
