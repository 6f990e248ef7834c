"""A worker beside the development server (``manage.py quickstart``): the same command a
deployment runs on its own (``manage.py procrastinate worker``), in a child process that
stops with its parent."""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys
from pathlib import Path

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
