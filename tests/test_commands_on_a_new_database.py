"""Every command over the project's data, run on a database that was never migrated (or
cannot be reached), says what to do instead of failing with a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.databases import fresh_database, manage, server_url

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
    with fresh_database(server, "factcheck_unmigrated") as url:
        yield url


@pytest.mark.parametrize("arguments", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_command_on_an_unmigrated_database_says_to_migrate_first(empty_database, arguments):
    done = manage(empty_database, *arguments, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "lacks" in done.stderr
    assert "python manage.py migrate` first" in done.stderr


def test_a_command_on_an_unreachable_database_says_so(django_db_blocker):
    # A port nothing listens on: the connection is refused at once.
    done = manage("postgres://postgres@127.0.0.1:9/none", "export_claimreview", check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "Cannot reach the database (none on 127.0.0.1)" in done.stderr
