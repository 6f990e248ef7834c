"""The load test of ``benchmarks/load.py``, for 8 seconds: readers on pages and the API
under gunicorn while editors publish and correct through the services. Zero errors, and
every write read back through the public API (no lost writes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.databases import benchmark_template, server_url

pytestmark = pytest.mark.heavy
ROOT = Path(__file__).resolve().parent.parent


def test_eight_seconds_of_readers_and_editors_lose_nothing(
    tmp_path: Path, django_db_setup: None, django_db_blocker: Any
) -> None:
    out = tmp_path / "load.json"
    command = [sys.executable, "-m", "benchmarks.load", "--seconds", "8", "--claims", "300"]
    command += ["--readers", "16", "--editors", "3", "--workers", "3", "--json", str(out)]
    with django_db_blocker.unblock():
        server = server_url()
    # Its database is a copy of the run's migrated template (tests/databases.py).
    with benchmark_template(server) as template:
        result = subprocess.run(
            command,
            cwd=ROOT,
            env={**os.environ, **template},
            capture_output=True,
            text=True,
            timeout=600,
        )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    run = json.loads(out.read_text())
    assert run["errors"] == 0, run["first_errors"]
    assert run["statuses"] == {"200": run["requests"]}
    assert run["requests"] > 100
    writes = run["writes"]
    assert writes["written"] >= 5  # publish-and-correct cycles completed under load
    assert writes["lost"] == 0
    assert writes["read_back"] == writes["written"]
