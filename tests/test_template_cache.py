"""The suite's migrated template, kept between runs (tests/database_template.py): named
for what it depends on, and a file that does not restore whole is dropped, never used."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests import database_template


@pytest.mark.django_db
def test_the_fingerprint_is_stable_and_names_the_rows_loaded_after_the_migrations():
    creation: Any = connection.creation
    with creation._nodb_cursor() as cursor:
        _, server = database_template.describe_server(cursor)
    first = database_template._fingerprint(creation, b"scale one", server)
    assert first == database_template._fingerprint(creation, b"scale one", server)
    assert first != database_template._fingerprint(creation, b"scale two", server)


@pytest.mark.django_db
def test_a_dump_that_does_not_restore_is_deleted_and_leaves_no_database(tmp_path: Path):
    creation: Any = connection.creation
    dump = tmp_path / "broken.dump"
    dump.write_bytes(b"PGDMP not really a dump")
    name = "factcheck_broken_template_check"
    with creation._nodb_cursor() as cursor:
        major, _ = database_template.describe_server(cursor)
    assert not database_template._restore(creation, name, dump, major)
    assert not dump.exists()
    assert not database_template._exists(creation, name)
    # No file at all: nothing to restore, nothing made.
    assert not database_template._restore(creation, name, dump, major)
    assert not database_template._exists(creation, name)
