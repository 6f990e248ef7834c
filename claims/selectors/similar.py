"""What the staff and public "already checked?" reads share: the query's limits, the
thresholds from the settings, and the nearest-neighbour query over stored vectors.

One matcher (``claims.matching.match``) labels every candidate, whichever surface asks:
the vectors' HNSW index picks the nearest ``NEIGHBOURS`` wordings, then the matcher
compares figures and wording and applies the two thresholds; below both, nothing is
shown ("not found").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.db import connections, router
from pgvector import Vector

from claims.matching.match import Match, Scored, Thresholds, match_scored
from claims.models import ClaimVector, PublishedClaimVector
from claims.models.vectors import DIMENSIONS

# The wordings the index hands the matcher per query. pgvector's HNSW scan returns at most
# hnsw.ef_search (40 by default) rows, so asking for more would not find more.
NEIGHBOURS = 40
# A claim is a sentence or two; the cap keeps a pasted article from being embedded whole.
QUERY_MAX = 1000
# Shorter than this, a text says too little to be matched ("the", "tax").
QUERY_MIN = 10
BY_MEANING = "meaning"
BY_WORDS = "words"

T = TypeVar("T")


@dataclass(frozen=True)
class Similar(Generic[T]):
    """Candidates, best first, and how they were found: ``by`` is "meaning" (vectors) or
    "words" (trigrams and full text), with ``reason`` saying why words."""

    candidates: list[T] = field(default_factory=list)
    by: str = BY_MEANING
    reason: str = ""

    @property
    def lexical(self) -> bool:
        return self.by == BY_WORDS


def thresholds() -> Thresholds:
    return Thresholds(
        same_claim=settings.FACTCHECK_MATCH_SAME_CLAIM,
        related=settings.FACTCHECK_MATCH_RELATED,
        across_languages=settings.FACTCHECK_MATCH_ACROSS_LANGUAGES,
    )


def query_text(text: str) -> str:
    """The text as matched: trimmed, cut at ``QUERY_MAX``; "" when too short to match."""
    cleaned = " ".join(text.split())[:QUERY_MAX]
    return cleaned if len(cleaned) >= QUERY_MIN else ""


@dataclass(frozen=True)
class Neighbour:
    """A stored wording near a query: its claim, which wording, and the cosine."""

    claim_id: int
    kind: str
    wording: str
    score: float
    language: str


# Per query vector, the nearest wordings of the current model through the HNSW index (a
# LATERAL scan for each), joined to the claim's row: a vector whose claim is gone is
# never returned, and for the public index, neither is one of a claim no longer public.
_NEAREST = """
SELECT q.i, v.claim_id, v.kind, v.wording, 1 - v.distance, c.language
FROM unnest(%(vectors)s::text[]) WITH ORDINALITY AS q(vector, i)
CROSS JOIN LATERAL (
    SELECT claim_id, kind, wording, embedding <=> q.vector::halfvec({dims}) AS distance
    FROM {table}
    WHERE model_version = %(version)s AND claim_id <> ALL(%(exclude)s::bigint[])
    ORDER BY embedding <=> q.vector::halfvec({dims})
    LIMIT %(limit)s
) v
JOIN {claims} c ON c.{key} = v.claim_id
ORDER BY q.i, v.distance
"""


def nearest(
    model: type[ClaimVector] | type[PublishedClaimVector],
    vectors: Sequence[npt.NDArray[np.float32]],
    *,
    version: str,
    exclude: Sequence[int] = (),
    limit: int = NEIGHBOURS,
) -> list[list[Neighbour]]:
    """The nearest stored wordings to each of ``vectors``, in one statement."""
    if not vectors:
        return []
    claims = model._meta.get_field("claim").related_model
    key = "id" if model is ClaimVector else "claim_id"
    sql = _NEAREST.format(
        dims=DIMENSIONS,
        table=model._meta.db_table,
        claims=claims._meta.db_table,  # type: ignore[union-attr]
        key=key,
    )
    found: list[list[Neighbour]] = [[] for _ in vectors]
    alias = router.db_for_read(model) or "default"
    with connections[alias].cursor() as cursor:
        cursor.execute(
            sql,
            {
                "vectors": [Vector(v).to_text() for v in vectors],
                "version": version,
                "exclude": list(exclude),
                "limit": limit,
            },
        )
        for i, claim_id, kind, wording, score, language in cursor.fetchall():
            found[i - 1].append(Neighbour(claim_id, kind, wording, float(score), language))
    return found


def _primary(language: str) -> str:
    return language.split("-")[0].lower()


def best_per_claim(query: str, neighbours: list[Neighbour]) -> list[tuple[Match[int], Neighbour]]:
    """The matcher's labels for ``neighbours``, one per claim (its best wording), best
    first; nothing below the related threshold."""
    scored = [
        # The claim's own language tag for its text; a quote or another publisher's
        # wording may be in another language, so the matcher guesses theirs.
        Scored(i, n.wording, n.score, _primary(n.language) if n.kind == "text" else None)
        for i, n in enumerate(neighbours)
    ]
    matches = match_scored(query, scored, thresholds=thresholds(), limit=len(scored))
    seen: set[int] = set()
    best = []
    for found in matches:
        neighbour = neighbours[found.key]
        if neighbour.claim_id not in seen:
            seen.add(neighbour.claim_id)
            best.append((found, neighbour))
    return best
