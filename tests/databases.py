"""The PostgreSQL server the suite runs on, for tests that make databases of their own."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import psycopg
from django.db import connection
from psycopg import sql

from tests import database_template

ROOT = Path(__file__).resolve().parent.parent


def server_url() -> str:
    """``postgres://user@host:port`` of the test database's server (the embedded one
    included: its host is a socket folder)."""
    params = connection.get_connection_params()
    host = quote(str(params.get("host") or "127.0.0.1"), safe="")
    return f"postgres://{params.get('user') or 'postgres'}@{host}:{params.get('port') or 5432}"


def drop_database(server: str, name: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@contextmanager
def fresh_database(server: str, prefix: str) -> Iterator[str]:
    """An empty database of its own on ``server`` (named for this process, so that xdist
    workers never share one), dropped afterwards; yields its URL."""
    name = f"{prefix}_{os.getpid()}"
    drop_database(server, name)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"{server}/{name}"
    finally:
        drop_database(server, name)


def manage(url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """``manage.py`` of this checkout, in a process of its own on the database at ``url``
    (DEBUG as the settings default it); with ``check``, a failure shows its stderr."""
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env["DATABASE_URL"] = url
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        input="",
        timeout=600,
    )
    if check:
        assert done.returncode == 0, f"manage.py {' '.join(args)}\n{done.stderr[-3000:]}"
    return done


@contextmanager
def migrated_database(server: str, prefix: str) -> Iterator[str]:
    """A migrated database of its own on ``server`` (the suite's), as ``fresh_database``:
    a copy of the run's migrated template when there is one (under a second), else
    migrated here (about 20 s)."""
    name = f"{prefix}_{os.getpid()}"
    drop_database(server, name)
    if not database_template.copy_into(server, name):
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        manage(f"{server}/{name}", "migrate", "--no-input", "-v0")
    try:
        yield f"{server}/{name}"
    finally:
        drop_database(server, name)


@contextmanager
def benchmark_template(server: str) -> Iterator[dict[str, str]]:
    """The environment that has ``python -m benchmarks`` (and ``benchmarks.load``) copy a
    new archive's database from the run's migrated template rather than migrate it
    (``FACTCHECK_BENCHMARK_TEMPLATE``, benchmarks/archive.py): a private copy, which no
    other test copies at the same moment. Empty when the run has no template."""
    name = f"factcheck_bench_template_{os.getpid()}"
    drop_database(server, name)
    if not database_template.copy_into(server, name):
        yield {}
        return
    try:
        yield {"FACTCHECK_BENCHMARK_TEMPLATE": name}
    finally:
        drop_database(server, name)


# Run in a process of its own on the database at DATABASE_URL: apply the migrations up to
# the given targets one by one, as a database that upgraded through each release did,
# rather than the squashed migration Django runs on a new database.
_MIGRATE_ALONG_THE_CHAIN = """
import sys, django
django.setup()
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
executor = MigrationExecutor(connection)
executor.loader = MigrationLoader(connection, replace_migrations=False)
targets = []
for target in sys.argv[1:]:
    app, prefix = target.split(".")
    targets.append((app, executor.loader.get_migration_by_prefix(app, prefix).name))
executor.migrate(targets)
"""


def migrate_along_the_chain(url: str, *targets: str) -> None:
    """Migrate the database at ``url`` to ``targets`` (``"claims.0019"``) through the
    original migrations, not the squashed one that replaces them."""
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="factcheck.settings")
    done = subprocess.run(
        [sys.executable, "-c", _MIGRATE_ALONG_THE_CHAIN, *targets],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"migrating to {targets}\n{done.stderr[-3000:]}"


# What a schema is made of, each as sorted rows that name their object: two databases
# with equal snapshots have the same tables, columns, constraints, indexes, triggers,
# functions, statistics targets and extensions, and the same roles with the same
# permissions, whatever the order their columns were added in.
_SNAPSHOT = {
    "columns": """SELECT table_name, column_name, data_type, is_nullable, column_default,
        character_maximum_length, is_generated, generation_expression, is_identity
        FROM information_schema.columns WHERE table_schema = 'public'""",
    "constraints": """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace""",
    "indexes": """SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid)
        FROM pg_index JOIN pg_class ON pg_class.oid = indrelid
        WHERE pg_class.relnamespace = 'public'::regnamespace""",
    "triggers": """SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid)
        FROM pg_trigger WHERE NOT tgisinternal""",
    "functions": """SELECT proname, pg_get_function_identity_arguments(oid), prosrc
        FROM pg_proc WHERE pronamespace = 'public'::regnamespace""",
    "statistics": """SELECT attrelid::regclass::text, attname, attstattarget::int
        FROM pg_attribute JOIN pg_class ON pg_class.oid = attrelid
        WHERE pg_class.relnamespace = 'public'::regnamespace AND attstattarget > 0""",
    "extensions": "SELECT extname FROM pg_extension",
    "roles": """SELECT g.name, ct.app_label || '.' || p.codename FROM auth_group g
        JOIN auth_group_permissions gp ON gp.group_id = g.id
        JOIN auth_permission p ON p.id = gp.permission_id
        JOIN django_content_type ct ON ct.id = p.content_type_id""",
}


def schema_snapshot(url: str) -> dict[str, list[tuple[object, ...]]]:
    with psycopg.connect(url) as db:
        return {
            part: sorted(db.execute(query).fetchall(), key=repr)
            for part, query in _SNAPSHOT.items()
        }


def round_tripped_snapshot(server: str, url: str) -> dict[str, list[tuple[object, ...]]]:
    """``schema_snapshot`` of a pg_dump and pg_restore copy of ``url``. PostgreSQL prints
    some definitions of a restored database otherwise than those a migration made (a
    migrated ``IN`` list reads ``(ARRAY['a'::varchar])::text[]``, a restored one
    ``ARRAY[('a'::varchar)::text]``), and the run's template may be a restored one
    (tests/database_template.py): two databases are compared as copies restored alike
    (a second round trip prints what the first did)."""
    with psycopg.connect(url) as db:
        major = db.info.server_version // 10000
    name = f"factcheck_round_trip_{os.getpid()}"
    drop_database(server, name)
    with (
        tempfile.TemporaryDirectory() as work,
        psycopg.connect(f"{server}/postgres", autocommit=True) as admin,
    ):
        dump, env = Path(work) / "schema.dump", dict(os.environ)
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            assert database_template.dump_into(dump, major=major, dbname=url, env=env), url
            copy = f"{server}/{name}"
            assert database_template.restore_from(dump, major=major, dbname=copy, env=env), url
            return schema_snapshot(copy)
        finally:
            drop_database(server, name)
