"""Every command over the project's data, run on a database that was never migrated (or
cannot be reached), says what to do instead of failing with a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.databases import drop_database, server_url

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = [
    ("generate_demo_data", "--claims", "10"),
    ("import_article", "README.md", "--as", "editor"),
    ("import_claimreview", "-", "--as", "editor"),
    ("import_liar", "README.md", "--as", "editor"),
    ("export_claimreview",),
    ("rebuild_public_index", "--no-progress"),
    ("two_factor", "editor"),
]


@pytest.fixture(scope="module")
def empty_database(django_db_blocker: Any) -> Iterator[str]:
    with django_db_blocker.unblock():
        server = server_url()
    name = f"factcheck_unmigrated_{os.getpid()}"
    drop_database(server, name)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        drop_database(server, name)


def _manage(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        input="",
        timeout=120,
    )


@pytest.mark.parametrize("arguments", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_command_on_an_unmigrated_database_says_to_migrate_first(empty_database, arguments):
    done = _manage(empty_database, *arguments)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "lacks" in done.stderr
    assert "python manage.py migrate` first" in done.stderr


def test_a_command_on_an_unreachable_database_says_so(django_db_blocker):
    # A port nothing listens on: the connection is refused at once.
    done = _manage("postgres://postgres@127.0.0.1:9/none", "export_claimreview")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "Cannot reach the database (none on 127.0.0.1)" in done.stderr
