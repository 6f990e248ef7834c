"""The job worker: ``manage.py procrastinate worker`` (``run_worker``), which starts again by
itself when its database went away and came back; and a worker beside the development
server (``manage.py quickstart``), the same command in a child process that stops with its
parent."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings

WORKER_COMMAND = ["procrastinate", "worker"]
_PR_SET_PDEATHSIG = 1


def _stop_with_parent() -> None:
    """Linux: the child gets SIGTERM when its parent dies, even by SIGKILL, so no worker
    outlives the quickstart that started it (elsewhere it stops when told, below)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def start_worker() -> subprocess.Popen[bytes]:
    """Start ``manage.py procrastinate worker`` with this process's environment; its log
    goes to the same terminal."""
    manage = Path(settings.BASE_DIR) / "manage.py"
    return subprocess.Popen(
        [sys.executable, str(manage), *WORKER_COMMAND],
        cwd=settings.BASE_DIR,
        preexec_fn=_stop_with_parent,
    )


def stop_worker(worker: subprocess.Popen[bytes], *, grace: float = 15) -> None:
    """Ask it to stop (it finishes the job in hand), then insist after ``grace`` seconds:
    a job cut off there runs again later, as after any crash."""
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(grace)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


# -- The worker that outlives a database restart --------------------------------------------

logger = logging.getLogger("factcheck.jobs.worker")

# Seconds a worker's database pool waits for a connection before giving up: a worker whose
# database went away stops this soon (Procrastinate's default is 30 s), and starts again
# as soon as the database answers (``run_worker``).
POOL_TIMEOUT = 10
# Seconds between tries while the database does not answer.
RETRY_EVERY = 1.0


def _connector() -> Any:
    """A worker's own connections (a pool, and one for LISTEN), to the database Django's
    ``default`` names: read afresh each time, so an embedded server that was started
    again, on another socket, is found."""
    from procrastinate.contrib.django.utils import connector_params
    from procrastinate.psycopg_connector import PsycopgConnector

    return PsycopgConnector(kwargs=connector_params("default"), timeout=POOL_TIMEOUT)


async def _database_answers() -> bool:
    from procrastinate.contrib.django.utils import connector_params

    try:
        # Building the parameters starts the embedded server again if it is down.
        params = await asyncio.to_thread(connector_params, "default")
        connection = await psycopg.AsyncConnection.connect(**params, connect_timeout=5)
    except (psycopg.Error, OSError):
        return False
    await connection.close()
    return True


async def _one_worker(options: dict[str, Any]) -> None:
    from procrastinate.contrib.django import app

    with app.replace_connector(_connector()):
        async with app.open_async():
            await app.run_worker_async(**options, install_signal_handlers=False)


async def _serve(options: dict[str, Any]) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    stopping = asyncio.create_task(stop.wait())
    while True:
        worker = asyncio.create_task(_one_worker(options))
        await asyncio.wait({worker, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if stop.is_set():
            # Asked to stop: the worker finishes the jobs in hand, then stops.
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await worker
            return
        failure = worker.exception()
        if options.get("wait") is False or not _lost_database(failure):
            if failure is not None:
                raise failure  # not the database's doing: a bug, for the log and the exit code
            return  # --one-shot: done when the queue is
        # Procrastinate stops a worker whose database connection broke (a restart, a
        # failover): wait for the database, then take jobs again. A job cut off meanwhile
        # runs again once the stalled-job bound has passed.
        logger.warning(
            "The job worker stopped (%s); it starts again as soon as the database answers.",
            failure or "the database went away",
        )
        while not stop.is_set() and not await _database_answers():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), RETRY_EVERY)
        if stop.is_set():
            return
        logger.warning("The database answers again: the job worker starts again.")
        await asyncio.sleep(RETRY_EVERY)  # never a busy loop, whatever the database says


def _lost_database(failure: BaseException | None) -> bool:
    """Whether the worker stopped because its database went away: by itself with no error
    (a side task lost its connection, and the worker stopped cleanly), or with a database
    error."""
    from procrastinate.exceptions import ConnectorException

    return failure is None or isinstance(failure, ConnectorException | psycopg.Error | OSError)


def run_worker(options: dict[str, Any]) -> None:
    """``manage.py procrastinate worker``: Procrastinate's worker with ``options`` (its
    command line's), started again whenever it stops by itself (its database went away)
    until it is asked to stop (SIGTERM, Ctrl-C)."""
    asyncio.run(_serve(options))
