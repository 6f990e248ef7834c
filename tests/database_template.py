"""One migrated test database per run, cloned for each pytest-xdist worker.

Each worker used to build its own test database by running every migration (about 20 s
on 2 cores, both workers at once). The first worker to get here now builds a template
database that way; every worker then copies it with ``CREATE DATABASE … TEMPLATE``
(under a second).

The migrated template is also kept between runs, as a pg_dump file in the machine's
cache (``~/.cache/factcheck/test-templates``, beside pip's), named for everything the
migrations' result depends on: every migration file of every installed app, the
installed apps themselves, the installed packages' versions, the rows ``prepare``
loads, and the server's version and extensions. A run whose fingerprint has a file
restores it (about 1 s) rather than migrating (about 7 s, while the other workers
wait); any change to any of those migrates again. ``FACTCHECK_TEST_TEMPLATE_CACHE=0``
always migrates. The migrations from scratch are still what several tests test (the
quickstarts, the upgrades).
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.metadata
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.postgresql.creation import DatabaseCreation
from django.db.migrations.loader import MigrationLoader
from psycopg import sql

from factcheck.management.pgtools import client_binary, libpq_environment

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


def cache_folder(kind: str) -> Path | None:
    """Where the machine keeps databases of ``kind`` between runs, beside pip's cache;
    None when ``FACTCHECK_TEST_TEMPLATE_CACHE=0`` turns the cache off."""
    if os.environ.get("FACTCHECK_TEST_TEMPLATE_CACHE", "1") == "0":
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "factcheck" / kind


def describe_server(cursor: Any) -> tuple[int, str]:
    """The major version of the server ``cursor`` reads (a Django or a psycopg cursor),
    and its version and available extensions as text: part of a cached database's
    fingerprint (a dump restores onto the server it was made on)."""
    cursor.execute(
        "SELECT current_setting('server_version_num'), string_agg(name || "
        "coalesce(default_version, ''), ',' ORDER BY name) FROM pg_available_extensions"
    )
    version, extensions = cursor.fetchone()
    return int(version) // 10000, f"{version} {extensions}"


def _fingerprint(creation: DatabaseCreation, prepared_from: bytes, server: str) -> str:
    """What a migrated template holds depends on, hashed: a new migration, package,
    fixture or server (``describe_server``) makes another file."""
    digest = hashlib.sha256(b"factcheck test template 1\n")
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in sorted(loader.disk_migrations):
        source = sys.modules[loader.disk_migrations[key].__module__].__file__
        digest.update(repr(key).encode() + Path(str(source)).read_bytes())
    # Apps without migrations still get content types and permissions after migrate.
    digest.update("\n".join(settings.INSTALLED_APPS).encode())
    digest.update(packages().encode() + prepared_from + server.encode())
    return digest.hexdigest()[:40]


def _libpq(creation: DatabaseCreation, name: str) -> dict[str, str]:
    env = libpq_environment(creation.connection.alias)
    env["PGDATABASE"] = name
    return env


def packages() -> str:
    """Every installed distribution and its version, one a line: part of a cached
    database's fingerprint, since packages' migrations and triggers shape it."""
    found = {f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()}
    return "\n".join(sorted(found))


def restore_from(dump: Path, *, major: int, dbname: str, env: dict[str, str]) -> bool:
    """Fill the empty database ``dbname`` (a name, or a URL) from ``dump``, in one
    transaction: False when there is no such file, or it does not restore whole (the
    file is then deleted: a cache never serves it again)."""
    if not dump.is_file():
        return False
    command = [
        str(client_binary("pg_restore", major)),
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={dbname}",
        str(dump),
    ]
    if subprocess.run(command, env=env, capture_output=True, check=False).returncode == 0:
        return True
    dump.unlink(missing_ok=True)
    return False


def dump_into(dump: Path, *, major: int, dbname: str, env: dict[str, str]) -> bool:
    """Keep the database ``dbname`` (a name, or a URL) as ``dump``, written whole or not
    at all, and only the newest four files of its folder."""
    dump.parent.mkdir(parents=True, exist_ok=True)
    partial = dump.with_suffix(f".{os.getpid()}.partial")
    command = [
        str(client_binary("pg_dump", major)),
        "--format=custom",
        "--no-owner",
        f"--file={partial}",
        f"--dbname={dbname}",
    ]
    if subprocess.run(command, env=env, capture_output=True, check=False).returncode != 0:
        partial.unlink(missing_ok=True)
        return False
    partial.replace(dump)
    kept = sorted(dump.parent.glob("*.dump"), key=lambda path: path.stat().st_mtime)
    for old in kept[:-4]:
        old.unlink(missing_ok=True)
    return True


def _restore(creation: DatabaseCreation, template: str, dump: Path, major: int) -> bool:
    """``template`` made from the cached ``dump``: False (and nothing left) when there is
    no such file or it does not restore whole."""
    if not dump.is_file():
        return False
    quote = creation.connection.ops.quote_name
    with creation._nodb_cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {quote(template)}")
    if restore_from(dump, major=major, dbname=template, env=_libpq(creation, template)):
        return True
    with creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(template)}")
    return False


def install(
    *, worker: str, run_id: str, prepare: Callable[[], None], prepared_from: bytes
) -> None:
    """Make the default database's ``create_test_db`` copy the run's template, which
    ``prepare`` fills once after the migrations (rows every test starts with; read from
    ``prepared_from``, part of the cached template's fingerprint)."""

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
                dump, major = None, 0
                folder = cache_folder("test-templates")
                if folder is not None:
                    with self._nodb_cursor() as cursor:
                        major, server = describe_server(cursor)
                    dump = folder / f"{_fingerprint(self, prepared_from, server)}.dump"
                if dump is None or not _restore(self, template, dump, major):
                    test_settings = self.connection.settings_dict["TEST"]
                    saved = test_settings.get("NAME")
                    test_settings["NAME"] = template
                    try:
                        _build(self, verbosity, autoclobber=True, serialize=False, keepdb=False)
                        prepare()
                    finally:
                        test_settings["NAME"] = saved
                    # A template must have no sessions while it is copied (or dumped).
                    connections.close_all()
                    if dump is not None:
                        env = _libpq(self, template)
                        dump_into(dump, major=major, dbname=template, env=env)
                # Where it is, for the run's other workers (cached_dump).
                _dump_note(run_id).write_text(str(dump) if dump and dump.is_file() else "")
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


def _dump_note(run_id: str) -> Path:
    return Path(tempfile.gettempdir()) / f"factcheck-test-template-{run_id}.dump-path"


def cached_dump() -> Path | None:
    """The pg_dump file of this run's migrated template (with the rows ``prepare``
    loaded), for a test that needs a migrated database on a cluster of its own; None
    when the cache is off or this process has no template."""
    if _active is None:
        return None
    try:
        written = _dump_note(_active[1]).read_text()
    except FileNotFoundError:
        return None
    return Path(written) if written and Path(written).is_file() else None


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
