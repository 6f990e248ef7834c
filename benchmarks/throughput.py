"""Requests per second under gunicorn (the project's own config, ``factcheck/gunicorn.py``)
with wrk as the load generator on loopback."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from benchmarks.archive import ROOT


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def gunicorn(env: dict[str, str], workers: int) -> Iterator[str]:
    port = _free_port()
    child = {**env, "WEB_CONCURRENCY": str(workers), "GUNICORN_BIND": f"127.0.0.1:{port}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:factcheck.gunicorn", "factcheck.wsgi"],
        cwd=ROOT,
        env=child,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/bench/bare/", timeout=2).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    err = process.stderr.read().decode() if process.stderr else ""
                    raise SystemExit(f"gunicorn did not start:\n{err[-2000:]}") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def wrk(url: str, *, seconds: int, connections: int) -> dict[str, float]:
    """Requests per second and latency percentiles; refuses a run with errors."""
    # A short warm-up, so each worker has its connection and caches before the count.
    subprocess.run(["wrk", "-t1", "-c1", "-d1s", url], capture_output=True, check=True)
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx or 3xx responses" in out or "Socket errors" in out:
        raise SystemExit(f"wrk saw errors on {url}:\n{out}")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.MULTILINE))
    if rate is None:
        raise SystemExit(f"could not read wrk's output for {url}:\n{out}")
    return {
        "requests_per_s": round(float(rate.group(1)), 1),
        **{f"p{k}_ms": _ms(v) for k, v in latency.items()},
    }


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
    return round(float(number) * _UNITS[unit], 2)
