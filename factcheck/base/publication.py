"""The publication generation: one counter every write service bumps in its own
transaction, so a cached public response keyed on it can never outlive a change.

A response cached under generation N is only ever served while the database still says
N; the bump commits with the publish, correction, retraction or takedown it stands for,
so every process, on every machine, stops serving the old response at the same moment.
The counter is read before the page's own queries: a page built from newer rows may
land under an older key, never the other way round.
"""

from __future__ import annotations

from django.db import connection, connections, models, router

from factcheck.base.db import Timestamped


class PublicationGeneration(Timestamped):
    """A single row (id 1). Not edited by hand; the write services bump it."""

    value = models.BigIntegerField(
        default=0, help_text="Bumped by every write that can change what the public sees."
    )

    class Meta:
        app_label = "factcheck"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=1), name="publication_generation_single_row"
            )
        ]

    def __str__(self) -> str:
        return f"publication generation {self.value}"


_TABLE = "factcheck_publicationgeneration"


def publication_generation() -> int:
    """The current generation; 0 before the first write. Read where the request's other
    reads go (a replica for public reads), so it is never newer than the page's data."""
    with connections[router.db_for_read(PublicationGeneration)].cursor() as cursor:
        cursor.execute(f"SELECT value FROM {_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def bump_publication_generation() -> None:
    """Call inside the write's transaction: the new value is seen when it commits."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_TABLE} (id, value, created_at, updated_at)"
            " VALUES (1, 1, now(), now())"
            f" ON CONFLICT (id) DO UPDATE SET value = {_TABLE}.value + 1, updated_at = now()"
        )


def set_publication_generation(value: int) -> None:
    """After a restore, which brings back an old value: set past every value ever used,
    so no response cached before the restore is served after it."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_TABLE} (id, value, created_at, updated_at)"
            " VALUES (1, %s, now(), now())"
            f" ON CONFLICT (id) DO UPDATE SET value = GREATEST({_TABLE}.value, %s),"
            " updated_at = now()",
            [value, value],
        )
