"""Without DATABASE_URL, an embedded PostgreSQL starts, is reused, and stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = """
from pathlib import Path
import sys
import psycopg
from factcheck.base.embedded import ensure_server
server = ensure_server(Path(sys.argv[1]), "factcheck")
with psycopg.connect(host=server.socket_dir, port=server.port, user=server.user, dbname="factcheck") as conn:
    conn.execute("CREATE TABLE IF NOT EXISTS kept (n int)")
    conn.execute("INSERT INTO kept VALUES (1)")
    print(conn.execute("SELECT count(*) FROM kept").fetchone()[0], flush=True)
if len(sys.argv) > 2:
    import time
    time.sleep(float(sys.argv[2]))
"""


@pytest.fixture
def data_dir() -> Path:
    # Under the project, as in real use: the server's system user must reach it.
    base = ROOT / ".data"
    base.mkdir(exist_ok=True)
    path = base / f"test-embedded-{os.getpid()}"
    yield path
    subprocess.run(["rm", "-rf", str(path)], check=False)


def test_server_starts_keeps_data_and_stops_when_the_process_ends(data_dir):
    def run() -> str:
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(data_dir)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert run() == "1"
    assert (data_dir / "PG_VERSION").exists()
    assert not (data_dir / "postmaster.pid").exists(), "the server was not stopped cleanly"
    assert run() == "2"  # same data folder, reused


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="this pass runs on DATABASE_URL's server"
)
@pytest.mark.django_db
def test_tests_run_on_the_embedded_server_when_database_url_is_unset():
    from django.db import connection

    assert connection.vendor == "postgresql"
    assert connection.settings_dict["ENGINE"] == "factcheck.base.embedded"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        assert int(cursor.fetchone()[0]) >= 150000


def test_a_terminated_process_still_stops_its_server(data_dir):
    process = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(data_dir), "60"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "1"
    assert (data_dir / "postmaster.pid").exists()
    process.send_signal(signal.SIGTERM)
    process.wait(30)
    assert not (data_dir / "postmaster.pid").exists(), "SIGTERM left the server running"
