"""The database fails while the app serves: readers get a 503 that says so, never a 500,
and service resumes by itself. Every cluster here is a throwaway one under ``.data/``,
never the server the suite runs on."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest

from factcheck.base.embedded import ensure_server
from tests import database_template
from tests.servers import (
    ROOT,
    app_env,
    app_server,
    cluster_url,
    data_folder,
    get,
    handle_pids,
    postmaster_pid,
    stop_cluster,
    wait_for,
)

pytestmark = pytest.mark.heavy


@pytest.fixture(scope="module")
def migrated_cluster(django_db_setup: None) -> Iterator[Path]:
    """A cluster whose ``factcheck`` database is migrated, stopped: the app tests each run
    on a copy of it (a migration from scratch costs ~15 s of CPU; a copy, a fraction of
    a second). Where the run's migrated template is cached (tests/database_template.py),
    the new cluster gets it by ``manage.py restore``, as a new machine gets a backup
    (~2 s). The run's template is made first (``django_db_setup``)."""
    with data_folder("fault-migrated") as path:
        env = app_env(EMBEDDED_POSTGRES_DIR=str(path))
        dump = database_template.cached_dump()
        if dump is None:
            command = [sys.executable, "manage.py", "migrate", "-v0"]
        else:
            command = [sys.executable, "manage.py", "restore", "--noinput", str(dump)]
        subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=300)
        # The command was the server's only user: it stopped the server as it exited.
        wait_for(lambda: postmaster_pid(path) is None, what="the server to stop")
        yield path


@contextmanager
def copy_of(cluster: Path, name: str) -> Iterator[Path]:
    """A throwaway copy of a stopped cluster (``cp -a`` keeps its files' owner, the
    server's system user)."""
    with data_folder(name) as path:
        subprocess.run(["cp", "-a", str(cluster), str(path)], check=True, timeout=120)
        yield path


def test_an_outage_is_a_503_and_service_resumes_without_restarting_the_app(migrated_cluster):
    with copy_of(migrated_cluster, "fault-outage") as path:
        ensure_server(path, "factcheck")
        env = app_env(DATABASE_URL=cluster_url(path, "factcheck"), DEBUG="0", SECRET_KEY="x" * 50)
        env.update(
            ALLOWED_HOSTS="127.0.0.1", FACTCHECK_PUBLISHER_NAME="Faults", SECURE_SSL_REDIRECT="0"
        )
        env.update(FACTCHECK_PUBLISHER_URL="https://faults.example.org/")
        with app_server(env) as base:
            assert get(base + "/healthz")[0] == 200
            assert get(base + "/api/v1/claims/")[0] == 200

            stop_cluster(path)
            status, headers, body = get(base + "/healthz")
            assert status == 503
            assert json.loads(body)["code"] == "database_unavailable"
            assert headers["Retry-After"] == "5"
            status, headers, body = get(base + "/api/v1/claims/")
            assert status == 503
            assert "not answering right now" in json.loads(body)["detail"]
            status, headers, page = get(base + "/", Accept="text/html")
            assert status == 503
            assert "Temporarily unavailable" in page
            assert "Traceback" not in page
            # The site's own page, on a phone too: its header, the viewport, a way home.
            for piece in ('<header class="site">', 'name="viewport"', 'href="/"'):
                assert piece in page, piece
            status, _, page = get(base + "/no-such-page/", Accept="text/html")
            assert status == 503  # not a 404 nor a 500: the database decides nothing here
            assert "Temporarily unavailable" in page

            ensure_server(path, "factcheck")  # the database comes back; the app is untouched
            status, _, body = get(base + "/healthz")
            assert status == 200, body
            assert json.loads(body) == {"status": "ok", "database": "ok", "cache": "ok"}
            assert get(base + "/api/v1/claims/")[0] == 200
            assert get(base + "/")[0] == 200


def test_a_killed_embedded_server_is_started_again_by_the_next_request(migrated_cluster):
    with copy_of(migrated_cluster, "fault-embedded") as path:
        env = app_env(EMBEDDED_POSTGRES_DIR=str(path))
        assert postmaster_pid(path) is None  # the app starts it, on its first request
        with app_server(env) as base:
            assert get(base + "/healthz")[0] == 200
            first = postmaster_pid(path)
            assert first is not None
            os.kill(first, signal.SIGKILL)
            wait_for(lambda: not psutil.pid_exists(first), what="the postmaster to die")

            seen = []

            def healthy() -> bool:
                seen.append(get(base + "/healthz")[0])
                return seen[-1] == 200

            wait_for(healthy, what="service to resume")
            assert set(seen) <= {200, 503}, seen
            assert postmaster_pid(path) not in (None, first)
            assert get(base + "/api/v1/claims/")[0] == 200
        # The app stopped normally: it was the last user, so the server stopped too.
        wait_for(lambda: postmaster_pid(path) is None, what="the server to stop")


KEEP_ONE_ROW = """
import sys, time
from pathlib import Path
import psycopg
from factcheck.base.embedded import ensure_server
server = ensure_server(Path(sys.argv[1]), "factcheck")
with psycopg.connect(host=server.socket_dir, port=server.port, user=server.user,
                     dbname="factcheck", autocommit=True) as conn:
    conn.execute("CREATE TABLE IF NOT EXISTS kept (n int)")
    conn.execute("INSERT INTO kept VALUES (%s)", [int(sys.argv[2])])
    print(conn.execute("SELECT coalesce(sum(n), 0) FROM kept").fetchone()[0], flush=True)
    time.sleep(float(sys.argv[3]))
"""


def _run(path, value: int, linger: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", KEEP_ONE_ROW, str(path), str(value), str(linger)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_a_process_killed_with_sigkill_loses_nothing_and_is_forgotten():
    with data_folder("fault-sigkill") as path:
        killed = _run(path, 1, 600)
        assert killed.stdout is not None
        assert killed.stdout.readline().strip() == "1"  # committed
        killed.send_signal(signal.SIGKILL)
        killed.wait(30)
        # Its id stays in the library's list of users, and the server keeps running.
        assert killed.pid in handle_pids(path)
        assert postmaster_pid(path) is not None

        after = _run(path, 2, 0)
        out, _ = after.communicate(timeout=120)
        assert out.strip() == "3"  # the killed process's row survived
        assert after.returncode == 0
        # The dead id was dropped, so the last live process stopped the server.
        assert handle_pids(path) == []
        assert postmaster_pid(path) is None


def test_concurrent_first_runs_of_the_quickstart_both_succeed():
    with data_folder("fault-first-run") as path:
        env = app_env(EMBEDDED_POSTGRES_DIR=str(path))
        command = [sys.executable, "manage.py", "quickstart", "--no-serve"]
        runs = [
            subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
            )
            for _ in range(2)
        ]
        outputs = [run.communicate(timeout=300)[0].decode() for run in runs]
        assert [run.returncode for run in runs] == [0, 0], outputs
        both = "\n".join(outputs)
        assert both.count("seed.json: loaded") == 1
        assert both.count("seed.json: already loaded") == 1
        assert both.count("editor (Editor): password") == 1
        wait_for(lambda: postmaster_pid(path) is None, what="the server to stop")
