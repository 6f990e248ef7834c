"""Keeping claim vectors equal to the words they stand for.

- A claim written alone (the claim services, one imported review) gets its vectors in the
  transaction that writes it: ``claim_vectors_refresh``.
- A claim's row in the public index gets vectors of its *published* words when the
  revision services write that row: ``published_vectors_refresh``, called by
  ``claims.services.published`` only. Public matching reads nothing else, so it can never
  reveal wording that was not published.
- Bulk paths (LIAR and ClaimReview imports of many reviews, demo data) run inside
  ``embedding_deferred()``, or write rows without the services at all, and stay as fast as
  they were: ``manage.py embed_claims`` (``embed_backfill``) embeds what they left, in
  batches, resumably.

A vector whose words changed is deleted in the same transaction even when it is not
computed again (deferred, or the model missing), so no vector ever stands for words a
claim no longer has. A vector of another model version is replaced the same way.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from tqdm import tqdm

from claims.matching import embedding
from claims.models import Claim, ClaimVector, PublishedClaim, PublishedClaimVector
from claims.models.vectors import install_vector_storage
from claims.selectors.vectors import (
    Wordings,
    claim_wordings,
    claims_missing_vectors,
    count_missing,
    digest,
    forget_vector_state,
    model_state,
    published_missing_vectors,
    published_wordings,
    storage_ready,
)

_deferred: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "embedding_deferred", default=False
)


@contextmanager
def embedding_deferred() -> Iterator[None]:
    """Writes inside leave their new vectors to ``embed_claims`` (stale ones are still
    deleted): for bulk paths, where ~10-30 ms a claim would be most of the work."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def _version_to_compute() -> str | None:
    """The model version to compute vectors with now, or None when they are left for
    later (deferred, switched off, or the model cannot run here)."""
    if _deferred.get() or not settings.FACTCHECK_EMBED_ON_WRITE:
        return None
    if not settings.FACTCHECK_CLAIM_VECTORS:
        return None
    state = model_state()
    return state.model_version if state.on else None


def _sync(
    model: type[ClaimVector] | type[PublishedClaimVector],
    wordings: Wordings,
    claim_ids: Iterable[int],
    *,
    version: str | None,
) -> int:
    """Make ``model``'s rows for ``claim_ids`` the vectors of ``wordings`` (a claim absent
    from it has none): stale rows deleted, missing ones computed when ``version`` is
    given. Returns how many vectors were computed."""
    ids = sorted(set(claim_ids) | set(wordings))
    if not ids:
        return 0
    wanted = {
        (claim_id, digest(words)): (kind, words)
        for claim_id, listed in wordings.items()
        for kind, words in listed
    }
    stale: list[int] = []
    current: set[tuple[int, str]] = set()
    rows = model.objects.filter(claim_id__in=ids).values_list(
        "pk", "claim_id", "digest", "model_version"
    )
    for pk, claim_id, row_digest, row_version in rows:
        key = (claim_id, row_digest)
        if key not in wanted or (version is not None and row_version != version):
            stale.append(pk)
        else:
            current.add(key)
    if stale:
        model.objects.filter(pk__in=stale).delete()
    missing = [key for key in wanted if key not in current]
    if version is None or not missing:
        return 0
    vectors = embedding.embed_many([wanted[key][1] for key in missing])
    rows_to_add: list[Any] = [
        model(
            claim_id=claim_id,
            kind=wanted[(claim_id, row_digest)][0],
            wording=wanted[(claim_id, row_digest)][1],
            digest=row_digest,
            model_version=version,
            embedding=vector,
        )
        for (claim_id, row_digest), vector in zip(missing, vectors, strict=True)
    ]
    # A backfill and a save may embed the same words at once: the same claim and digest
    # is the same vector, so the second one is dropped rather than failing the save.
    model.objects.bulk_create(rows_to_add, ignore_conflicts=True)
    return len(missing)


def _alias() -> str:
    return "default"


def claim_vectors_refresh(*, claim_ids: Iterable[int], new: bool = False) -> int:
    """The working copy's vectors of these claims, after their words changed (``new``:
    just created, so there is nothing stale to delete). Runs in the caller's transaction;
    nothing happens where the tables do not exist."""
    ids = sorted(set(claim_ids))
    if not ids or not storage_ready(_alias()):
        return 0
    version = _version_to_compute()
    if version is None and new:
        return 0
    return _sync(ClaimVector, claim_wordings(ids), ids, version=version)


def published_vectors_refresh(*, wordings: Wordings, claim_ids: Iterable[int]) -> int:
    """The public index's vectors of these claims: ``wordings`` are their published words
    (a claim left out has left the index, and its vectors go)."""
    ids = sorted(set(claim_ids))
    if not ids or not storage_ready(_alias()):
        return 0
    return _sync(PublishedClaimVector, wordings, ids, version=_version_to_compute())


def published_vectors_drop_orphans(*, claim_ids: Iterable[int]) -> None:
    """After a bulk rewrite of the public index (``bulk_refresh_published``): the vectors
    of claims no longer in it go; the others stay (the rewrite changes no revision, so
    the published words are the same)."""
    ids = sorted(set(claim_ids))
    if not ids or not storage_ready(_alias()):
        return
    listed = PublishedClaim.objects.filter(pk=OuterRef("claim_id"))
    PublishedClaimVector.objects.filter(claim_id__in=ids).exclude(Exists(listed)).delete()


BACKFILL_REMINDER = (
    "Their claim vectors are left to `python manage.py embed_claims` (run it to match these "
    "claims by meaning; it can be stopped and run again)."
)


def backfill_reminder(*, claims: int) -> str | None:
    """What a bulk path that wrote ``claims`` claims without vectors tells its user, where
    vectors are on; None elsewhere."""
    if claims <= 0 or not settings.FACTCHECK_CLAIM_VECTORS or not storage_ready(_alias()):
        return None
    return BACKFILL_REMINDER


class VectorsUnavailable(RuntimeError):
    """``embed_claims`` cannot run here; the message says what is missing and what to do."""


@dataclass
class BackfillReport:
    claims: int = 0
    published: int = 0
    vectors: int = 0


def vector_storage_enable() -> None:
    """Create the vector tables if pgvector can be had now (a database that gained the
    extension after it was migrated); ``VectorsUnavailable`` says why not."""
    from django.db import connections

    reason = install_vector_storage(connections[_alias()])
    forget_vector_state()
    if reason is not None:
        raise VectorsUnavailable(
            f"Claim vectors cannot be stored: {reason}. Use PostgreSQL with pgvector (the "
            "pgvector/pgvector:pg17 image, or the embedded server), and have a superuser "
            "run CREATE EXTENSION vector; in this database; then run this command again."
        )


def embed_backfill(
    *,
    batch: int = 64,
    progress: bool = False,
    working_copy: bool = True,
    on_batch: Callable[[int, int], None] | None = None,
) -> BackfillReport:
    """Compute every missing vector: the working copy's (unless ``working_copy`` is
    False), then the public index's. Each batch is a transaction of its own, in id order,
    so an interrupted run keeps what it did and the next one goes on with the claims
    still missing a current vector."""
    vector_storage_enable()
    state = model_state()
    if not state.on:
        raise VectorsUnavailable(f"Claim vectors cannot be computed: {state.reason}.")
    version = state.model_version
    report = BackfillReport()
    # Vectors of claims deleted since, and of claims that left the public index.
    ClaimVector.objects.exclude(Exists(Claim.objects.filter(pk=OuterRef("claim_id")))).delete()
    listed = PublishedClaim.objects.filter(pk=OuterRef("claim_id"))
    PublishedClaimVector.objects.exclude(Exists(listed)).delete()
    todo_claims, todo_published = count_missing(version=version)
    parts = [
        ("Claims", todo_claims, claims_missing_vectors, claim_wordings, ClaimVector, "claims"),
        (
            "Public index",
            todo_published,
            published_missing_vectors,
            published_wordings,
            PublishedClaimVector,
            "published",
        ),
    ]
    for label, total, missing, load, model, attribute in parts[0 if working_copy else 1 :]:
        bar = tqdm(total=total, unit=" claims", desc=label, disable=not progress)
        after = 0
        while True:
            ids = missing(version=version, after=after, limit=batch)
            if not ids:
                break
            with transaction.atomic():
                done = _sync(model, load(ids), ids, version=version)  # type: ignore[arg-type]
            report.vectors += done
            setattr(report, attribute, getattr(report, attribute) + len(ids))
            after = ids[-1]
            bar.update(len(ids))
            if on_batch is not None:
                on_batch(len(ids), done)
        bar.close()
    return report
