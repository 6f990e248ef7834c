"""Serving from more than one database: anonymous public reads on a read replica,
everything else on the primary (DATABASE_REPLICA_URLS), and psycopg's pool.

A second database on the same server stands in for the replica: it starts as a copy of
the primary, then each is given a published claim the other lacks, so every answer
shows which database it was read from."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from tests import database_template
from tests.databases import drop_database, server_url
from tests.test_settings import clean_environment

ROOT = Path(__file__).resolve().parent.parent
PRIMARY, REPLICA = "factcheck_routing_primary", "factcheck_routing_replica"

PLANT = """
from tests import factories
factories.make_verdict(
    status="published",
    headline="{marker} verdict",
    claim=factories.make_claim(text="{marker} claim."),
)
"""

READ = """
import json
from django.contrib.auth import get_user_model
from django.db import router
from django.test import Client
from claims.models import Claim
from factcheck.base.routing import reading_from_replica

anonymous, staff = Client(), Client()
editor = get_user_model().objects.filter(username="routing-editor").first()
staff.force_login(editor or get_user_model().objects.create_superuser("routing-editor", password=None))
with reading_from_replica():
    chosen = [router.db_for_read(Claim), router.db_for_write(Claim)]
print(json.dumps({
    "api": anonymous.get("/api/v1/claims/").content.decode(),
    "home": anonymous.get("/").content.decode(),
    "staff_api": staff.get("/api/v1/claims/").content.decode(),
    "staff_preview": staff.get("/").content.decode(),
    "outside_a_request": router.db_for_read(Claim),
    "inside_a_public_read": chosen,
}))
"""


def _admin(server: str) -> psycopg.Connection:
    return psycopg.connect(f"{server}/postgres", autocommit=True)


def _run(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


# Built once for the module (two migrated databases take seconds): the tests only read.
@pytest.fixture(scope="module")
def two_databases(django_db_setup) -> Iterator[str]:
    server = server_url()
    env = {**clean_environment(), "DJANGO_SETTINGS_MODULE": "factcheck.settings"}
    for name in (PRIMARY, REPLICA):
        drop_database(server, name)
    primary = {**env, "DATABASE_URL": f"{server}/{PRIMARY}"}
    if not database_template.copy_into(server, PRIMARY):
        with _admin(server) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(PRIMARY)))
        _run(primary, "manage.py", "migrate", "--no-input", "-v0")
        # The template has the rating scale already (tests/conftest.py).
        _run(primary, "manage.py", "loaddata", "fixtures/rating_scale.json", "-v0")
    with _admin(server) as admin:
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(REPLICA), sql.Identifier(PRIMARY)
            )
        )
    _run(primary, "-c", _setup(PLANT.format(marker="PRIMARY-ONLY")))
    _run(
        {**env, "DATABASE_URL": f"{server}/{REPLICA}"},
        "-c",
        _setup(PLANT.format(marker="REPLICA-ONLY")),
    )
    yield server
    for name in (PRIMARY, REPLICA):
        drop_database(server, name)


def _setup(code: str) -> str:
    return "import django; django.setup()\n" + code


@pytest.mark.parametrize("pool_size", ["0", "2"])
def test_public_reads_come_from_the_replica_and_everything_else_from_the_primary(
    two_databases, pool_size
):
    env = {
        **clean_environment(),
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DATABASE_URL": f"{two_databases}/{PRIMARY}",
        "DATABASE_REPLICA_URLS": f"{two_databases}/{REPLICA}",
        "DATABASE_POOL_SIZE": pool_size,
        "PUBLIC_CACHE_SECONDS": "60",
        "ALLOWED_HOSTS": "testserver",
    }
    seen = json.loads(_run(env, "-c", _setup(READ)).strip().splitlines()[-1])
    for anonymous in ("api", "home"):
        assert "REPLICA-ONLY" in seen[anonymous]
        assert "PRIMARY-ONLY" not in seen[anonymous]
    for signed_in in ("staff_api", "staff_preview"):
        assert "PRIMARY-ONLY" in seen[signed_in]
        assert "REPLICA-ONLY" not in seen[signed_in]
    assert seen["outside_a_request"] == "default"
    assert seen["inside_a_public_read"] == ["replica1", "default"]


def test_the_pool_serves_requests(db):
    env = {
        **clean_environment(),
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DATABASE_URL": f"{server_url()}/{connection.settings_dict['NAME']}",
        "DATABASE_POOL_SIZE": "3",
        "ALLOWED_HOSTS": "testserver",
    }
    code = _setup(
        "from django.db import connection\n"
        "from django.test import Client\n"
        "assert Client().get('/api/v1/ratings/').status_code == 200\n"
        "print(connection.pool.max_size, connection.settings_dict['CONN_MAX_AGE'])\n"
    )
    assert _run(env, "-c", code).split() == ["3", "0"]
