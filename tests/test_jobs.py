"""The job queue: on the primary database, through Django's own connection, with workers
configured from one bound on how long a dead worker's job waits, and a worker service in
the compose file."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.db import connection
from procrastinate.contrib.django import app
from procrastinate.contrib.django.django_connector import DjangoConnector
from procrastinate.contrib.django.models import ProcrastinateJob

from claims.models import Claim
from factcheck.base import routing
from factcheck.jobs.tasks import every
from factcheck.notify.models import WebhookDelivery
from tests.docker_recipe import compose
from tests.test_deployment import ROOT
from tests.webhook_parts import clear_queue, queued, run_jobs


def test_jobs_are_written_through_djangos_connection_to_the_primary():
    """So a job deferred in a transaction is part of it (tests/test_webhooks.py: a
    publish that rolls back enqueues nothing)."""
    assert isinstance(app.connector, DjangoConnector)
    assert app.connector.alias == "default"


def test_the_queue_and_the_deliveries_are_never_read_from_a_replica(monkeypatch):
    monkeypatch.setattr(routing, "replicas", lambda: ["replica1"])
    router = routing.ReplicaRouter()
    with routing.reading_from_replica():
        assert router.db_for_read(Claim) == "replica1"  # what the public reads may lag
        assert router.db_for_read(ProcrastinateJob) == "default"
        assert router.db_for_read(WebhookDelivery) == "default"
    assert router.allow_migrate("replica1", "procrastinate") is False


def _worker_defaults(stalled: str) -> dict:
    code = (
        "import json; from django.conf import settings; "
        "from factcheck.jobs.tasks import every; "
        "d = dict(settings.PROCRASTINATE_WORKER_DEFAULTS); "
        "d['check'] = every(settings.FACTCHECK_JOBS_STALLED_SECONDS // 4); print(json.dumps(d))"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={
            **{k: v for k, v in __import__("os").environ.items() if k != "DATABASE_URL"},
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
            "FACTCHECK_JOBS_STALLED_SECONDS": stalled,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("stalled", "check_every"), [("60", 15), ("6", 1)])
def test_a_dead_workers_jobs_run_again_within_the_stated_bound(stalled, check_every):
    """Silent for half the bound: taken for dead; its jobs looked for every quarter;
    picked up within an eighth (or at once, by NOTIFY). Together, under the bound."""
    d = _worker_defaults(stalled)
    bound = int(stalled)
    assert d["check"] == f"* * * * * */{check_every}"
    assert d["update_heartbeat_interval"] * 3 <= d["stalled_worker_timeout"]
    waited = d["stalled_worker_timeout"] + check_every + d["fetch_job_polling_interval"]
    assert waited < bound
    assert d["delete_jobs"] == "successful"


def test_the_check_runs_every_few_minutes_for_long_bounds():
    assert every(15) == "* * * * * */15"
    assert every(150) == "*/2 * * * *"


def test_a_bad_bound_stops_start_up():
    from tests.test_settings import load_settings

    result = load_settings({"FACTCHECK_JOBS_STALLED_SECONDS": "2"})
    assert result.returncode != 0
    assert "FACTCHECK_JOBS_STALLED_SECONDS must be at least 4" in result.stderr


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_job_of_a_worker_that_stopped_beating_is_put_back_and_run():
    clear_queue()
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO procrastinate_workers (last_heartbeat) "
                "VALUES (NOW() - INTERVAL '1 hour') RETURNING id"
            )
            (dead,) = cursor.fetchone()
        # A delivery job that worker had taken when it died (its delivery is gone too).
        app.configure_task("notify.deliver", queue="webhooks").defer(delivery_id=987654)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s "
                "WHERE task_name = 'notify.deliver'",
                [dead],
            )
        assert [j["status"] for j in queued()] == ["doing"]
        app.configure_task("jobs.retry_stalled_jobs").defer(timestamp=0)
        run_jobs()
        # Put back, run, finished (and so deleted from the queue's table).
        assert queued() == []
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM procrastinate_workers WHERE id = %s", [dead])
            assert cursor.fetchone() == (0,)  # the dead worker is forgotten
    finally:
        clear_queue()


def test_compose_runs_a_worker_from_the_same_image_and_settings():
    services = compose()["services"]
    web, worker = services["web"], services["worker"]
    assert worker["build"] == web["build"]
    assert worker["env_file"] == web["env_file"]
    assert worker["depends_on"]["db"]["condition"] == "service_healthy"
    assert "procrastinate worker" in " ".join(worker["command"])
    assert "migrate" in " ".join(worker["command"])  # never on an older schema than the code
    shared = {k: v for k, v in web["environment"].items() if k != "GUNICORN_BIND"}
    assert worker["environment"] == shared
    assert "ports" not in worker  # nothing listens


def test_the_worker_starts_again_only_when_its_database_went_away():
    """``manage.py procrastinate worker`` waits for a database that went away (and then
    takes jobs again: tests/test_jobs_database_restart.py); any other error stops it."""
    import psycopg
    from procrastinate.exceptions import ConnectorException

    from factcheck.jobs.worker import _lost_database

    assert _lost_database(None)  # stopped by itself: a side task lost its connection
    assert _lost_database(ConnectorException())
    assert _lost_database(psycopg.OperationalError("the database system is shutting down"))
    assert not _lost_database(ImportError("No module named 'factcheck.typo'"))
