"""The public search document of claims: what readers can find a claim by, beyond its own
words. Kept in the transaction of every change that alters it (a verdict published,
corrected, retracted or taken down; a claim's speaker changed; a speaker renamed or
merged), so a search never finds a draft's words and never misses a correction."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from claims.models import Claim

# Only verdicts the public may read contribute; a claim's first public verdict dates it.
REINDEX = """
UPDATE claims_claim AS c
SET public_text = concat_ws(' ', s.name, v.words), published_at = v.first, updated_at = now()
FROM claims_claim AS c2
LEFT JOIN claims_speaker AS s ON s.id = c2.speaker_id
LEFT JOIN LATERAL (
    SELECT min(published_at) AS first,
           string_agg(headline || ' ' || summary, ' ' ORDER BY id) AS words
    FROM claims_verdict
    WHERE claim_id = c2.id AND status IN ('published', 'retracted')
) AS v ON true
WHERE c.id = c2.id AND c.id = ANY(%s)
  AND (c.public_text IS DISTINCT FROM concat_ws(' ', s.name, v.words)
       OR c.published_at IS DISTINCT FROM v.first)
"""


def reindex_claims(claim_ids: Iterable[int]) -> None:
    """Bring the search document and publication date of these claims up to date."""
    ids = sorted(set(claim_ids))
    if ids:
        with connection.cursor() as cursor:
            cursor.execute(REINDEX, [ids])


def reindex_speaker(speaker_id: int) -> None:
    reindex_claims(Claim.objects.filter(speaker_id=speaker_id).values_list("pk", flat=True))
