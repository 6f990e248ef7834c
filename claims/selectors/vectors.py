"""Whether claims are matched by vectors here, and which claims still need theirs.

Vectors need three things: the setting (``FACTCHECK_CLAIM_VECTORS``), the tables of
``claims.models.vectors`` (pgvector in the database, see ``install_vector_storage``), and
a sentence model that runs on this CPU (``claims.matching.embedding``). Missing any one,
every matching surface uses words (trigrams and full text) and says so.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections, router

from claims.matching import embedding
from claims.models import (
    Claim,
    ClaimVector,
    PublishedClaim,
    PublishedClaimVector,
    PublishedVerdict,
    Verdict,
    Wording,
)

# A database found without the tables is asked again after this long (the operator may
# be running `embed_claims` to turn vectors on); found with them, it is not asked again.
RECHECK_SECONDS = 60.0

Wordings = dict[int, list[tuple[str, str]]]


@dataclass(frozen=True)
class VectorState:
    """On, or off with the reason, written for the admin and the system check."""

    on: bool
    reason: str = ""
    model_version: str = ""


_lock = threading.Lock()
_tables: dict[tuple[str, str], tuple[bool, float]] = {}
_model: list[VectorState] = []


def _database_key(alias: str) -> tuple[str, str]:
    return alias, str(connections[alias].settings_dict.get("NAME"))


def storage_ready(alias: str) -> bool:
    """Whether the vector tables exist in ``alias``'s database; a yes is remembered for
    the process, a no for ``RECHECK_SECONDS``."""
    key = _database_key(alias)
    with _lock:
        known = _tables.get(key)
    if known is not None and (known[0] or time.monotonic() - known[1] < RECHECK_SECONDS):
        return known[0]
    tables = [m._meta.db_table for m in (ClaimVector, PublishedClaimVector)]
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(
                "SELECT count(to_regclass(name)) = %s FROM unnest(%s::text[]) AS name",
                [len(tables), tables],
            )
            ready = bool(cursor.fetchone()[0])
    except DatabaseError:
        return False
    with _lock:
        _tables[key] = (ready, time.monotonic())
    return ready


def model_state() -> VectorState:
    """Whether the sentence model runs here (remembered: a CPU does not change)."""
    with _lock:
        if _model:
            return _model[0]
    try:
        state = VectorState(True, model_version=embedding.model_version())
    except embedding.EmbeddingUnavailable as error:
        state = VectorState(False, str(error))
    with _lock:
        _model[:] = [state]
    return state


def forget_vector_state() -> None:
    """Ask again (after the tables were created, and in tests)."""
    with _lock:
        _tables.clear()
        _model.clear()


NO_STORAGE = (
    "the database has no pgvector tables (pgvector is missing, or the database user may "
    "not create its extension)"
)


def vector_state(*, public: bool = False) -> VectorState:
    """Whether matching may use vectors now, on the database a read of the working copy
    (or, with ``public``, of the public index) goes to."""
    if not settings.FACTCHECK_CLAIM_VECTORS:
        return VectorState(False, "FACTCHECK_CLAIM_VECTORS is 0")
    model = PublishedClaimVector if public else ClaimVector
    if not storage_ready(router.db_for_read(model) or "default"):
        return VectorState(False, NO_STORAGE)
    return model_state()


def digest(wording: str) -> str:
    """As PostgreSQL's ``md5(text)`` of the same words (UTF-8)."""
    return hashlib.md5(wording.encode(), usedforsecurity=False).hexdigest()


def wordings_of(text: str, quote: str, reviewed: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The wordings of a claim worth a vector each: the claim as checked, its verbatim
    quote, and other publishers' wording of it (their ``claimReviewed``) where it says
    something else; each distinct text once, as written (its digest is the database's
    ``md5`` of the column)."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for kind, words in [
        (Wording.TEXT, text),
        (Wording.QUOTE, quote),
        *((Wording.REVIEWED, r) for r in reviewed),
    ]:
        words = words or ""
        if words.strip() and words not in seen:
            seen.add(words)
            found.append((str(kind), words))
    return found


def claim_wordings(claim_ids: Iterable[int]) -> Wordings:
    """The working copy's wordings of these claims (drafts and references included)."""
    ids = sorted(set(claim_ids))
    reviewed: dict[int, list[str]] = {}
    theirs = Verdict.objects.filter(claim_id__in=ids, publisher__isnull=False).exclude(
        claim_reviewed=""
    )
    for claim_id, words in theirs.order_by("pk").values_list("claim_id", "claim_reviewed"):
        reviewed.setdefault(claim_id, []).append(words)
    return {
        pk: wordings_of(text, quote, reviewed.get(pk, []))
        for pk, text, quote in Claim.objects.filter(pk__in=ids).values_list("pk", "text", "quote")
    }


def published_wordings(claim_ids: Iterable[int]) -> Wordings:
    """The wordings of these claims as published: the public index's words and the
    ``claimReviewed`` of other publishers' public reviews, from their revisions."""
    ids = sorted(set(claim_ids))
    reviewed: dict[int, list[str]] = {}
    theirs = PublishedVerdict.objects.filter(claim_id__in=ids, ours=False).values_list(
        "claim_id", "revision__document__verdict__claim_reviewed"
    )
    for claim_id, words in theirs.order_by("pk"):
        if isinstance(words, str):
            reviewed.setdefault(claim_id, []).append(words)
    rows = PublishedClaim.objects.filter(claim_id__in=ids).values_list(
        "claim_id", "document__text", "document__quote"
    )
    return {
        pk: wordings_of(text or "", quote or "", reviewed.get(pk, [])) for pk, text, quote in rows
    }


# Claims whose wordings lack a vector of the current model: the backfill's work list, in id
# order from ``after`` (so an interrupted run goes on where it stopped). Each NOT EXISTS
# probes the (claim_id, digest) unique index; the quote only when there is one.
_MISSING_CLAIMS = """
SELECT c.id FROM claims_claim c
WHERE c.id > %(after)s AND (
    NOT EXISTS (SELECT 1 FROM claims_claimvector v WHERE v.claim_id = c.id
                AND v.digest = md5(c.text) AND v.model_version = %(version)s)
    OR (c.quote ~ '[^[:space:]]' AND NOT EXISTS (
        SELECT 1 FROM claims_claimvector v WHERE v.claim_id = c.id
        AND v.digest = md5(c.quote) AND v.model_version = %(version)s))
)
ORDER BY c.id LIMIT %(limit)s
"""
_MISSING_PUBLISHED = """
SELECT p.claim_id FROM claims_publishedclaim p
WHERE p.claim_id > %(after)s AND (
    NOT EXISTS (SELECT 1 FROM claims_publishedclaimvector v WHERE v.claim_id = p.claim_id
                AND v.digest = md5(p.document->>'text') AND v.model_version = %(version)s)
    OR (coalesce(p.document->>'quote', '') ~ '[^[:space:]]' AND NOT EXISTS (
        SELECT 1 FROM claims_publishedclaimvector v WHERE v.claim_id = p.claim_id
        AND v.digest = md5(p.document->>'quote') AND v.model_version = %(version)s))
)
ORDER BY p.claim_id LIMIT %(limit)s
"""


def _ids(sql: str, *, after: int, version: str, limit: int | None) -> list[int]:
    with connections["default"].cursor() as cursor:
        cursor.execute(sql, {"after": after, "version": version, "limit": limit})
        return [row[0] for row in cursor.fetchall()]


def claims_missing_vectors(*, version: str, after: int = 0, limit: int | None = None) -> list[int]:
    """Ids of claims (working copy) with a wording that has no vector of ``version``."""
    return _ids(_MISSING_CLAIMS, after=after, version=version, limit=limit)


def published_missing_vectors(
    *, version: str, after: int = 0, limit: int | None = None
) -> list[int]:
    """Ids of public claims with a published wording that has no vector of ``version``."""
    return _ids(_MISSING_PUBLISHED, after=after, version=version, limit=limit)


def count_missing(*, version: str) -> tuple[int, int]:
    """How many claims and public claims the backfill has to do."""
    with connections["default"].cursor() as cursor:
        counts = []
        for sql in (_MISSING_CLAIMS, _MISSING_PUBLISHED):
            cursor.execute(
                f"SELECT count(*) FROM ({sql}) AS missing",
                {"after": 0, "version": version, "limit": None},
            )
            counts.append(cursor.fetchone()[0])
        return counts[0], counts[1]
