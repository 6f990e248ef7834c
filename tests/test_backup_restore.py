"""``manage.py backup`` and ``restore``: a restore gives back exactly the data backed up,
and a restore that cannot complete changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.databases import fresh_database, migrated_database, server_url

pytestmark = pytest.mark.heavy
ROOT = Path(__file__).resolve().parent.parent
SKIP = {"factcheck_publicationgeneration"}  # a cache counter, moved on by every restore


@pytest.fixture(scope="module")
def database(django_db_blocker: Any) -> Iterator[str]:
    """A database of its own on the suite's server, set up as the quickstart does (once
    for the module: each test takes its own fingerprint before it starts)."""
    with django_db_blocker.unblock():
        server = server_url()
    with migrated_database(server, "factcheck_backup") as url:
        manage(url, "quickstart", "--no-serve")
        yield url


def manage(url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env["DATABASE_URL"] = url
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=check,
    )


def fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of its rows, in a stable order."""
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        prints = {}
        for table in tables:
            if table in SKIP:
                continue
            count, digest = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), ''))"
                f' FROM "{table}" t'
            ).fetchone()
            prints[table] = (count, digest)
        return prints


def test_restore_gives_back_identical_data(database, tmp_path):
    before = fingerprint(database)
    assert before["claims_claim"][0] > 0
    backup = tmp_path / "newsroom.dump"
    out = manage(database, "backup", str(backup)).stdout
    assert f"Backed up to {backup}" in out
    # Then a bad day: rows changed, rows added, a table emptied.
    with psycopg.connect(database) as conn:
        conn.execute("UPDATE sources_source SET title = 'vandalised'")
        conn.execute("DELETE FROM claims_claim_topics")
        conn.execute("DELETE FROM auth_user_groups")
        conn.execute("CREATE TABLE stray (n int)")
    assert fingerprint(database) != before
    out = manage(database, "restore", str(backup), "--noinput").stdout
    assert "Restored" in out
    assert fingerprint(database) == before
    # The app works on the restored database: its checks and its migrations agree.
    assert "No planned migration" in manage(database, "migrate", "--plan").stdout


def test_a_backup_is_not_overwritten_and_a_bad_file_restores_nothing(database, tmp_path):
    backup = tmp_path / "kept.dump"
    manage(database, "backup", str(backup))
    again = manage(database, "backup", str(backup), check=False)
    assert again.returncode == 1
    assert "exists; pass --force" in again.stderr
    before = fingerprint(database)
    bogus = tmp_path / "bogus.dump"
    bogus.write_bytes(b"PGDMP" + os.urandom(4000))
    refused = manage(database, "restore", str(bogus), "--noinput", check=False)
    assert refused.returncode == 1
    assert "is not a backup pg_restore can read" in refused.stderr
    assert "Traceback" not in refused.stderr
    missing = manage(database, "restore", str(tmp_path / "nothing.dump"), "--noinput", check=False)
    assert "is not a file" in missing.stderr
    assert fingerprint(database) == before


def test_a_restore_blocked_by_another_session_is_rolled_back_whole(database, tmp_path):
    backup = tmp_path / "newsroom.dump"
    manage(database, "backup", str(backup))
    with psycopg.connect(database) as conn:
        conn.execute("UPDATE sources_source SET title = 'changed after the backup'")
    before = fingerprint(database)
    with psycopg.connect(database) as reader:
        reader.execute("SELECT count(*) FROM claims_claim")  # holds its lock, in a transaction
        blocked = manage(
            database, "restore", str(backup), "--noinput", "--lock-timeout", "1", check=False
        )
    assert blocked.returncode == 1
    assert "rolled back; the database is unchanged" in blocked.stderr
    assert fingerprint(database) == before


def test_a_backup_restores_into_a_new_empty_database(database, tmp_path):
    """A new machine: the database was just made, nothing migrated (docs/operations.md,
    "On a new machine"); the restore gives back every row, then nothing is left to
    migrate."""
    before = fingerprint(database)
    backup = tmp_path / "newsroom.dump"
    manage(database, "backup", str(backup))
    with fresh_database(server_url_of(database), "factcheck_new_machine") as empty:
        done = manage(empty, "restore", "--noinput", str(backup), check=False)
        assert done.returncode == 0, done.stderr
        assert fingerprint(empty) == before
        assert manage(empty, "migrate", "--check", check=False).returncode == 0


def server_url_of(url: str) -> str:
    return url.rsplit("/", 1)[0]
