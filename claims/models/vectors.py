"""Claim vectors (issue 19): one row per wording of a claim (its text, its quote, another
publisher's ``claimReviewed`` when it differs), a pgvector ``halfvec(384)`` from
``claims.matching.embedding`` with the model version that computed it.

Two tables, both optional. pgvector is not on every PostgreSQL (Debian's 15 has no
package; creating the extension needs a superuser), so neither table is created by
Django's own operations: ``install_vector_storage`` creates them (migration 0021, and
``manage.py embed_claims`` once the extension appears later), and where it cannot, the
tables do not exist and matching falls back to words. Hence ``managed = False``: Django
never creates, flushes, serialises or alters them, and a later change to these models
needs a migration that calls ``install_vector_storage`` (or SQL of its own) rather than an
``AlterField``, which would fail where the tables are missing.

- ``claims_claimvector``: the newsroom's working copy (drafts and archive references
  included), read only by staff matching.
- ``claims_publishedclaimvector``: part of the public index, computed from the published
  revisions' words (never the working copy) and read by public matching.

No foreign keys in the database: the public index's rows are rewritten on every
publication (a key would take the vectors with them), and a key to ``claims_claim`` would
stop the test runner's ``TRUNCATE`` of claims. Triggers take a deleted claim's vectors
along and empty the vectors with their table; readers join on the claim besides, so a
vector of a claim that is gone is never shown.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import DatabaseError, models, transaction
from pgvector.django import HalfVectorField, HnswIndex

from factcheck.base.db import Timestamped, choices_constraint

logger = logging.getLogger(__name__)

DIMENSIONS = 384  # claims.matching.embedding.DIMENSIONS, held equal by a test


class Wording(models.TextChoices):
    TEXT = "text", "Claim as checked"
    QUOTE = "quote", "Verbatim quote"
    REVIEWED = "reviewed", "Another publisher's wording (claimReviewed)"


class _Vector(Timestamped):
    kind = models.CharField(
        max_length=10, choices=Wording.choices, help_text="Which wording of the claim."
    )
    wording = models.TextField(help_text="The words the vector was computed from.")
    digest = models.CharField(
        max_length=32, help_text="md5 of the wording: a changed wording needs a new vector."
    )
    model_version = models.CharField(
        max_length=100,
        help_text="The sentence model that computed it; vectors of another are recomputed.",
    )
    embedding = HalfVectorField(dimensions=DIMENSIONS, help_text="Unit vector (cosine).")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of claim {self.claim_id}"  # type: ignore[attr-defined]


class ClaimVector(_Vector):
    """A vector of one wording of a claim as the newsroom holds it now."""

    claim = models.ForeignKey(
        "claims.Claim",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="The claim (working copy).",
    )

    class Meta:
        managed = False
        db_table = "claims_claimvector"
        ordering = ["claim_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "digest"], name="claimvector_claim_wording"),
            choices_constraint("kind", Wording, "claimvector_kind_valid"),
        ]
        indexes = [
            HnswIndex(
                name="claimvector_embedding_hnsw",
                fields=["embedding"],
                m=16,
                ef_construction=64,
                opclasses=["halfvec_cosine_ops"],
            ),
        ]


class PublishedClaimVector(_Vector):
    """A vector of one wording of a claim as it was published (the public index)."""

    claim = models.ForeignKey(
        "claims.PublishedClaim",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="The claim's row in the public index.",
    )

    class Meta:
        managed = False
        db_table = "claims_publishedclaimvector"
        ordering = ["claim_id", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "digest"], name="publishedclaimvector_claim_wording"
            ),
            choices_constraint("kind", Wording, "publishedclaimvector_kind_valid"),
        ]
        indexes = [
            HnswIndex(
                name="publishedclaimvector_hnsw",
                fields=["embedding"],
                m=16,
                ef_construction=64,
                opclasses=["halfvec_cosine_ops"],
            ),
        ]


VECTOR_MODELS: tuple[type[_Vector], ...] = (ClaimVector, PublishedClaimVector)


def _table_sql(model: type[_Vector]) -> list[str]:
    """The DDL of ``model``'s table as its fields and Meta say, each statement idempotent.
    Written out rather than left to the schema editor, which skips unmanaged models'
    indexes; tests/test_claim_vectors.py holds the columns equal to the model's."""
    table = model._meta.db_table
    kinds = ", ".join(f"'{value}'" for value in Wording.values)
    (unique, check) = model._meta.constraints
    return [
        f"""CREATE TABLE IF NOT EXISTS {table} (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            created_at timestamp with time zone NOT NULL,
            updated_at timestamp with time zone NOT NULL,
            claim_id bigint NOT NULL,
            kind varchar(10) NOT NULL,
            wording text NOT NULL,
            digest varchar(32) NOT NULL,
            model_version varchar(100) NOT NULL,
            embedding halfvec({DIMENSIONS}) NOT NULL,
            CONSTRAINT {unique.name} UNIQUE (claim_id, digest),
            CONSTRAINT {check.name} CHECK (kind IN ({kinds}))
        )""",
        hnsw_index_sql(model),
    ]


def hnsw_index_sql(model: type[_Vector]) -> str:
    (hnsw,) = model._meta.indexes
    assert isinstance(hnsw, HnswIndex)
    return (
        f"CREATE INDEX IF NOT EXISTS {hnsw.name} ON {model._meta.db_table} "
        f"USING hnsw (embedding halfvec_cosine_ops) "
        f"WITH (m = {hnsw.m}, ef_construction = {hnsw.ef_construction})"
    )


def vector_extension_status(connection: Any) -> str | None:
    """None when the ``vector`` extension is installed in the database (creating it here
    if this server has it and this user may), else why it is not, for the warning."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'vector'")
        if cursor.fetchone():
            return None
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
        if not cursor.fetchone():
            return "this PostgreSQL server has no pgvector extension"
    try:
        # In a savepoint: a refusal (not a superuser) must not abort the migration's
        # transaction, which goes on without vectors.
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS vector")
    except DatabaseError as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return f"the database user may not create the pgvector extension ({reason})"
    return None


# The vectors follow their claims' rows out: a claim deleted takes its working-copy vectors
# along (the public index's rows are rewritten on every publication, so its vectors are
# kept by claim id and cleared by the services instead), and a table emptied by TRUNCATE
# (the test runner's flush, which leaves unmanaged tables alone) empties its vectors.
_FOLLOW_SQL = [
    """CREATE OR REPLACE FUNCTION claims_vectors_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        EXECUTE format('TRUNCATE %I', TG_ARGV[0]);
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE FUNCTION claims_claimvector_deleted() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM claims_claimvector WHERE claim_id IN (SELECT id FROM gone);
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE TRIGGER claimvector_follows_delete AFTER DELETE ON claims_claim
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT
    EXECUTE FUNCTION claims_claimvector_deleted()""",
    """CREATE OR REPLACE TRIGGER claimvector_follows_truncate AFTER TRUNCATE ON claims_claim
    FOR EACH STATEMENT EXECUTE FUNCTION claims_vectors_truncate('claims_claimvector')""",
    """CREATE OR REPLACE TRIGGER publishedclaimvector_follows_truncate
    AFTER TRUNCATE ON claims_publishedclaim
    FOR EACH STATEMENT EXECUTE FUNCTION claims_vectors_truncate('claims_publishedclaimvector')""",
]


def install_vector_storage(connection: Any) -> str | None:
    """Create the vector tables and their HNSW indexes where pgvector can be had; returns
    None when they exist, else why not (and creates nothing). Idempotent: migration 0021
    runs it, and ``manage.py embed_claims`` again, for a database that gained the
    extension after it was migrated."""
    reason = vector_extension_status(connection)
    if reason is not None:
        logger.warning("Claim vectors are off: %s; matching uses words.", reason)
        return reason
    with connection.cursor() as cursor:
        for model in VECTOR_MODELS:
            for statement in _table_sql(model):
                cursor.execute(statement)
        for statement in _FOLLOW_SQL:
            cursor.execute(statement)
    return None


def drop_vector_storage(connection: Any) -> None:
    """Migration 0021 undone: the tables go (the extension stays, others may use it)."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS claimvector_follows_delete ON claims_claim")
        cursor.execute("DROP TRIGGER IF EXISTS claimvector_follows_truncate ON claims_claim")
        cursor.execute(
            "DROP TRIGGER IF EXISTS publishedclaimvector_follows_truncate ON claims_publishedclaim"
        )
        cursor.execute("DROP FUNCTION IF EXISTS claims_claimvector_deleted()")
        cursor.execute("DROP FUNCTION IF EXISTS claims_vectors_truncate()")
        for model in VECTOR_MODELS:
            cursor.execute(f"DROP TABLE IF EXISTS {model._meta.db_table}")
