"""One migrated test database per run, cloned for each pytest-xdist worker.

Each worker used to build its own test database by running every migration (about 20 s
on 2 cores, both workers at once). The first worker to get here now builds a template
database that way; every worker then copies it with ``CREATE DATABASE … TEMPLATE``
(under a second). Every migration still runs on the server, once a run.
"""

from __future__ import annotations

import fcntl
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.postgresql.creation import DatabaseCreation
from psycopg import sql

_build = DatabaseCreation.create_test_db
# This worker's run's template (its name, the run's id), once its database was copied.
_active: tuple[str, str] | None = None


@contextmanager
def _locked(run_id: str) -> Iterator[None]:
    """Workers of one run take turns: a template is copied only when nobody is using it."""
    path = Path(tempfile.gettempdir()) / f"factcheck-test-template-{run_id}.lock"
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _template_name(test_name: str, worker: str, run_id: str) -> str:
    # PostgreSQL keeps 63 bytes of a name: the run's id goes first to stay whole.
    return f"tpl_{run_id[:12]}_{test_name.removesuffix('_' + worker)}"[:63]


def _exists(creation: DatabaseCreation, name: str) -> bool:
    with creation._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def install(*, worker: str, run_id: str, prepare: Callable[[], None]) -> None:
    """Make the default database's ``create_test_db`` copy the run's template, which
    ``prepare`` fills once after the migrations (rows every test starts with)."""

    def create_test_db(
        self: DatabaseCreation,
        verbosity: int = 1,
        autoclobber: bool = False,
        serialize: bool = True,
        keepdb: bool = False,
    ) -> str:
        if self.connection.alias != DEFAULT_DB_ALIAS or keepdb:
            return _build(self, verbosity, autoclobber, serialize, keepdb)
        name = self._get_test_db_name()
        template = _template_name(name, worker, run_id)
        quote = self.connection.ops.quote_name
        with _locked(run_id):
            if not _exists(self, template):
                test_settings = self.connection.settings_dict["TEST"]
                saved = test_settings.get("NAME")
                test_settings["NAME"] = template
                try:
                    _build(self, verbosity, autoclobber=True, serialize=False, keepdb=False)
                    prepare()
                finally:
                    test_settings["NAME"] = saved
                # A template must have no sessions while it is copied.
                connections.close_all()
            with self._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
                cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(template)}")
        settings.DATABASES[self.connection.alias]["NAME"] = name
        self.connection.settings_dict["NAME"] = name
        self.connection.close()
        global _active
        _active = (template, run_id)
        return name

    DatabaseCreation.create_test_db = create_test_db  # type: ignore[method-assign,assignment]


def drop(*, worker: str, run_id: str) -> None:
    """After this worker's own database is gone: drop the template (a worker that has not
    copied it yet builds it again)."""
    creation: Any = connections[DEFAULT_DB_ALIAS].creation
    template = _template_name(creation._get_test_db_name(), worker, run_id)
    with _locked(run_id), creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {creation.connection.ops.quote_name(template)}")


def copy_into(server: str, name: str) -> bool:
    """Make the new database ``name`` on ``server`` (the suite's) a copy of the run's
    migrated template, for tests that need a migrated database of their own: False when
    there is none (a run in one process, or the template was dropped already)."""
    if _active is None:
        return False
    template, run_id = _active
    with _locked(run_id), psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
        if found.fetchone() is None:
            return False
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )
    return True
