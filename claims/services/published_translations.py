"""Keeping the public index of translations (``PublishedTranslation``) equal to the latest
revisions, for the claims whose index rows ``refresh_published`` and
``bulk_refresh_published`` have just rewritten, in their transaction: a translation's own
revision and every revision of its original refresh their claim, so the rows follow a
correction of either, a retraction and a takedown. Nothing else writes these rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import connection

from factcheck.base.http import site_url

# One statement for a batch of claims (``%(ids)s``), read from revisions only: a
# translation whose latest revision is a published one (not retracted, not taken down) of
# a public verdict of ours that is not retracted (``claims_publishedverdict``, just
# written). Its page is its claim's page in its language (factcheck.claimreview's
# ``translation_url``); its rating's label the one its revision published in its language
# (``claims.selectors.public.rating_label``); ``current`` whether it translates the
# original's served revision (``claims.selectors.public._current_translations``).
WRITE = """
INSERT INTO claims_publishedtranslation (
    created_at, updated_at, translation_id, original_id, claim_id, revision_id, language,
    url, headline, claim_text, rating_label, search_extra, first_published, last_updated,
    current)
SELECT now(), now(), t.id, o.verdict_id, o.claim_id, r.id, r.language,
    %(base)s::text || CASE WHEN r.language = %(default)s::text THEN '' ELSE r.language || '/' END
        || 'claims/' || c.slug || '/',
    r.dv->>'headline',
    coalesce(nullif(r.tr->>'claim_wording', ''), c.document->>'text'),
    left(coalesce(nullif(r.dv->'rating'->'labels'->>lower(split_part(r.language, '-', 1)), ''),
                  r.dv->'rating'->>'label', ''), 100),
    concat_ws(' ', nullif(r.dv->>'headline', ''), nullif(r.dv->>'summary', ''),
              nullif(c.document->'speaker'->>'name', '')),
    first.at, r.published_at,
    coalesce((r.tr->>'revision')::int >= served.number, false)
FROM claims_publishedverdict o
JOIN claims_publishedclaim c ON c.claim_id = o.claim_id
JOIN claims_verdictrevision served ON served.id = o.revision_id
JOIN claims_verdict t ON t.translation_of_id = o.verdict_id
JOIN LATERAL (
    SELECT id, kind, published_at, document ? 'retraction' AS retracted,
           document->'verdict' AS dv, document->'translation' AS tr,
           document->'verdict'->>'language' AS language
    FROM claims_verdictrevision WHERE verdict_id = t.id ORDER BY number DESC LIMIT 1
) AS r ON true
JOIN LATERAL (
    SELECT published_at AS at FROM claims_verdictrevision
    WHERE verdict_id = t.id ORDER BY number LIMIT 1
) AS first ON true
WHERE o.claim_id = ANY(%(ids)s) AND o.ours AND o.status = 'published'
  AND r.kind <> 'takedown' AND NOT r.retracted AND coalesce(r.language, '') <> ''
"""

FORGET = "DELETE FROM claims_publishedtranslation WHERE claim_id = ANY(%s)"


def published_translations_forget(*, claim_ids: Sequence[int]) -> None:
    """Before these claims' index rows are rewritten (their translations' rows point at
    them)."""
    with connection.cursor() as cursor:
        cursor.execute(FORGET, [list(claim_ids)])


def published_translations_write(*, claim_ids: Sequence[int]) -> None:
    """The translations' rows of these claims, once their index rows are written."""
    params: dict[str, Any] = {
        "ids": list(claim_ids),
        "base": site_url(),
        "default": settings.LANGUAGE_CODE,
    }
    with connection.cursor() as cursor:
        cursor.execute(WRITE, params)
