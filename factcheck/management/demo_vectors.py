"""Synthetic claim vectors for the demo archive (``generate_demo_data``), so that the
million-claim benchmark measures the HNSW query of "Already checked?" and "Has this been
checked?" without embedding a million texts (~3 to 12 hours on two cores).

They are synthetic, not the model's: each claim's vector is a shared direction, plus the
centre of its cluster (claims generated from the same subject, verb, place and time),
plus noise, normalised. With the weights below two claims of one cluster score about
0.93 and two of different clusters about 0.85, as the model scores a repeat and an
unrelated claim (docs/matching.md). Stamped with the current model version so the
selectors read them; a real query is then near no cluster in particular, which is what
an archive of other claims looks like to it. `embed_claims` never replaces them (their
words and version are current): on a demo database they stand for the real vectors.
"""

from __future__ import annotations

import hashlib
import time
import zlib
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt
from django.db import connection
from django.utils import timezone
from tqdm import tqdm

from claims.models import ClaimVector, PublishedClaimVector
from claims.models.vectors import DIMENSIONS, hnsw_index_sql

CLUSTER_WEIGHT = 0.31
NOISE_WEIGHT = 0.29
CHUNK = 10_000
_HEADER = np.array([DIMENSIONS, 0], dtype=">u2").tobytes()  # pgvector's halfvec binary form


def _unit(rows: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return (rows / norms).astype(np.float32)


class Clusters:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        shared = np.random.default_rng([seed, 0]).standard_normal(DIMENSIONS)
        self.shared = (shared / np.linalg.norm(shared)).astype(np.float32)
        self.centres: dict[str, npt.NDArray[np.float32]] = {}

    def centre(self, key: str) -> npt.NDArray[np.float32]:
        found = self.centres.get(key)
        if found is None:
            rng = np.random.default_rng([self.seed, zlib.crc32(key.encode())])
            raw = rng.standard_normal(DIMENSIONS)
            found = self.centres[key] = (raw / np.linalg.norm(raw)).astype(np.float32)
        return found

    def vectors(self, texts: list[str], noise: np.random.Generator) -> npt.NDArray[np.float32]:
        # A demo claim reads "<subject> <verb> <place> <when>, by N percent to M.": the
        # part before the comma is its cluster.
        centres = np.stack([self.centre(text.split(",", 1)[0]) for text in texts])
        jitter = noise.standard_normal((len(texts), DIMENSIONS)).astype(np.float32)
        jitter /= np.linalg.norm(jitter, axis=1, keepdims=True)
        return _unit(self.shared + CLUSTER_WEIGHT * centres + NOISE_WEIGHT * jitter)


def _claims(first_id: int) -> Iterator[list[tuple[int, str]]]:
    """The demo claims from ``first_id`` on that have no vector yet, a chunk at a time. Only
    the demo's own (their slug says so): a real claim never gets a synthetic vector."""
    with connection.cursor() as cursor:
        after = first_id - 1
        while True:
            cursor.execute(
                "SELECT c.id, c.text FROM claims_claim c WHERE c.id > %s "
                "AND c.slug LIKE 'demo-claim-%%' AND NOT EXISTS "
                f"(SELECT 1 FROM {ClaimVector._meta.db_table} v WHERE v.claim_id = c.id) "
                "ORDER BY c.id LIMIT %s",
                [after, CHUNK],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            yield rows
            after = rows[-1][0]


def any_claim_lacks_a_vector() -> bool:
    """Whether a demo claim has no vector yet (the archive's indexes are rebuilt only then:
    an HNSW build at a million claims takes many minutes)."""
    return next(_claims(1), None) is not None


def load_synthetic_vectors(
    *, first_claim_id: int, total: int | None, seed: int, version: str, progress: bool
) -> int:
    """COPY a synthetic vector for each demo claim from ``first_claim_id`` on that has none
    into the working copy's table (binary COPY: the halfvec goes as pgvector's binary
    form); returns how many."""
    added = 0
    clusters = Clusters(seed)
    noise = np.random.default_rng([seed, 1])
    now = timezone.now()
    bar = tqdm(total=total, unit=" vectors", desc="Synthetic vectors", disable=not progress)
    columns = "created_at, updated_at, claim_id, kind, wording, digest, model_version, embedding"
    statement = f"COPY {ClaimVector._meta.db_table} ({columns}) FROM STDIN (FORMAT BINARY)"
    # One COPY per chunk: the connection runs nothing else while a COPY is open, and the
    # next chunk is read between them.
    for rows in _claims(first_claim_id):
        texts = [text for _, text in rows]
        halves = clusters.vectors(texts, noise).astype(">f2")
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            copy.set_types(
                ["timestamptz", "timestamptz", "int8", "text", "text", "text", "text", "bytea"]
            )
            for (pk, text), half in zip(rows, halves, strict=True):
                digest = hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()
                copy.write_row(
                    (now, now, pk, "text", text, digest, version, _HEADER + half.tobytes())
                )
        bar.update(len(rows))
        added += len(rows)
    bar.close()
    return added


def copy_to_public_index(*, first_claim_id: int) -> None:
    """The public claims' vectors: their published words are the claims' (the demo writes
    its revisions from them), so the synthetic vectors are copied over in SQL."""
    working, public = ClaimVector._meta.db_table, PublishedClaimVector._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {public} (created_at, updated_at, claim_id, kind, wording, digest, "
            "model_version, embedding) "
            "SELECT v.created_at, v.updated_at, v.claim_id, v.kind, v.wording, v.digest, "
            f"v.model_version, v.embedding FROM {working} v "
            "JOIN claims_publishedclaim p ON p.claim_id = v.claim_id "
            "WHERE v.claim_id >= %s AND p.document->>'text' = v.wording "
            "ON CONFLICT DO NOTHING",
            [first_claim_id],
        )


def drop_hnsw_indexes() -> None:
    """Before a bulk load: the graph is built once afterwards, much faster than row by row."""
    with connection.cursor() as cursor:
        for model in (ClaimVector, PublishedClaimVector):
            (index,) = model._meta.indexes
            cursor.execute(f"DROP INDEX IF EXISTS {index.name}")


def build_hnsw_indexes() -> float:
    """Build the HNSW indexes again; returns the seconds it took (measured apart from the
    rest of the load, as issue 19 asks)."""
    began = time.monotonic()
    with connection.cursor() as cursor:
        # The graph of a million halfvec(384) is about a gigabyte: built in memory when it
        # fits, many times faster than spilling (pgvector's notice says so).
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for model in (ClaimVector, PublishedClaimVector):
            cursor.execute(hnsw_index_sql(model))
    return time.monotonic() - began
