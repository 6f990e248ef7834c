"""The PostgreSQL server the suite runs on, for tests that make databases of their own."""

from __future__ import annotations

import os
import subprocess
import sys
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
