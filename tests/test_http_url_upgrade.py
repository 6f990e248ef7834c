"""Upgrading a database through the original migrations.

A database at ``claims`` 0019 and ``sources`` 0004 whose rows hold addresses that are not
http(s) (written before ``claims`` 0020 and ``sources`` 0005 constrained them): the
migrations do not stop; they blank such addresses, drop a speaker's such links, and
point an imported verdict at its publisher's home page (README, "Imports and exports").

The same database, at the end, has the schema, roles and permissions that a new database
gets from the squashed migration ``claims`` 0001_squashed_0024 (docs/operations.md,
"Upgrades")."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.databases import (
    fresh_database,
    manage,
    migrate_along_the_chain,
    migrated_database,
    round_tripped_snapshot,
    server_url,
)

ROOT = Path(__file__).resolve().parent.parent
NOW = "now(), now()"


@pytest.fixture(scope="module")
def server(django_db_blocker: Any) -> str:
    with django_db_blocker.unblock():
        return server_url()


@pytest.fixture(scope="module")
def upgraded(server: str) -> Iterator[str]:
    """A database at claims 0019 and sources 0004 holding old addresses, then migrated."""
    with fresh_database(server, "factcheck_url_upgrade") as url:
        migrate_along_the_chain(url, "claims.0019", "sources.0004")
        with psycopg.connect(url, autocommit=True) as db:
            outlet = db.execute(
                "INSERT INTO sources_outlet (created_at, updated_at, name, slug, domain, kind,"
                " country, url, description, version) VALUES"
                f" ({NOW}, 'Checks', 'checks', 'checks.example.org', 'fact_checker', '',"
                " 'javascript:alert(1)', '', 1) RETURNING id"
            ).fetchone()[0]  # type: ignore[index]
            speaker = db.execute(
                "INSERT INTO claims_speaker (created_at, updated_at, name, slug, kind, title,"
                " affiliation, country, description, same_as, version) VALUES"
                f" ({NOW}, 'Jo', 'jo', 'person', '', '', '', '',"
                " ARRAY['https://a.example/jo', 'data:text/html,x'], 1) RETURNING id"
            ).fetchone()[0]  # type: ignore[index]
            claim = db.execute(
                "INSERT INTO claims_claim (created_at, updated_at, slug, text, quote, url,"
                " context, language, version, archived_url, public_text, speaker_id) VALUES"
                f" ({NOW}, 'c', 'A claim.', '', 'javascript:alert(1)', '', 'en', 1,"
                " 'https://archive.example/c', '', %s) RETURNING id",
                [speaker],
            ).fetchone()[0]  # type: ignore[index]
            db.execute(
                "INSERT INTO claims_verdict (created_at, updated_at, slug, status, headline,"
                " summary, body, external_url, speaker_response, retraction_note,"
                " review_round, version, claim_id, submission_round, withdrawal_note,"
                " external_id, claim_reviewed, proposal_kind, proposal_note, publisher_id)"
                f" VALUES ({NOW}, 'v', 'draft', 'H', '', '', 'ftp://checks.example.org/v', '',"
                " '', 0, 1, %s, 0, '', '', '', '', '', %s)",
                [claim, outlet],
            )
        manage(url, "migrate")
        yield url


@pytest.mark.heavy
def test_upgrading_blanks_non_http_addresses_instead_of_failing(upgraded: str) -> None:
    with psycopg.connect(upgraded) as db:
        assert db.execute("SELECT url FROM sources_outlet").fetchone() == ("",)
        assert db.execute("SELECT same_as FROM claims_speaker").fetchone() == (
            ["https://a.example/jo"],
        )
        assert db.execute("SELECT url, archived_url FROM claims_claim").fetchone() == (
            "",
            "https://archive.example/c",
        )
        # Must link somewhere: its publisher's home page (the outlet's URL was blanked).
        assert db.execute("SELECT external_url FROM claims_verdict").fetchone() == (
            "https://checks.example.org/",
        )


@pytest.mark.heavy
def test_the_original_migrations_and_the_squashed_one_give_the_same_schema(
    upgraded: str, server: str
) -> None:
    with migrated_database(server, "factcheck_squashed") as squashed:
        new = round_tripped_snapshot(server, squashed)
    old = round_tripped_snapshot(server, upgraded)
    for part in new:
        assert new[part], f"no {part} read: the snapshot's query is wrong"
        missing = [row for row in new[part] if row not in old[part]]
        extra = [row for row in old[part] if row not in new[part]]
        assert not missing, f"{part} only from the squashed migration: {missing[:5]}"
        assert not extra, f"{part} only from the original migrations: {extra[:5]}"
