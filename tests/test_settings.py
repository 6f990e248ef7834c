"""A bad or missing setting stops start-up with a message naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3Yw-9vQ_r8mZt2LpXc7Hb4NfJs6Ud1GaEo5Ri0TyWq8Vn3Mk-pQ2xL9sD4hF",
    "ALLOWED_HOSTS": "factcheck.example.org",
    "FACTCHECK_PUBLISHER_NAME": "Example Fact Check",
    "FACTCHECK_PUBLISHER_URL": "https://factcheck.example.org/",
}


def clean_environment() -> dict[str, str]:
    """This process's environment without the settings the tests choose themselves."""
    return {k: v for k, v in os.environ.items() if k not in {*PRODUCTION, "DATABASE_URL"}}


def load_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = clean_environment()
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "factcheck.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DEBUG": "0"}, "SECRET_KEY"),
        ({"DEBUG": "0", "SECRET_KEY": PRODUCTION["SECRET_KEY"]}, "ALLOWED_HOSTS"),
        ({**PRODUCTION, "FACTCHECK_PUBLISHER_NAME": ""}, "FACTCHECK_PUBLISHER_NAME"),
        ({**PRODUCTION, "FACTCHECK_PUBLISHER_URL": ""}, "FACTCHECK_PUBLISHER_URL"),
        ({"DATABASE_URL": "mysql://root@localhost/factcheck"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://localhost"}, "DATABASE_URL"),
        ({"TIME_ZONE": "Mars/Olympus_Mons"}, "TIME_ZONE"),
        ({"CONN_MAX_AGE": "forever"}, "CONN_MAX_AGE"),
        ({"FACTCHECK_REVIEWERS_REQUIRED": "-1"}, "FACTCHECK_REVIEWERS_REQUIRED"),
        ({"FACTCHECK_REVIEWERS_REQUIRED": "٣"}, "FACTCHECK_REVIEWERS_REQUIRED"),
        ({"CONN_MAX_AGE": "²"}, "CONN_MAX_AGE"),
        ({"FACTCHECK_PUBLISHER_URL": "not a url"}, "FACTCHECK_PUBLISHER_URL"),
        ({"CSRF_TRUSTED_ORIGINS": "factcheck.example.org"}, "CSRF_TRUSTED_ORIGINS"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({**PRODUCTION, "SECURE_HSTS_SECONDS": "-1"}, "SECURE_HSTS_SECONDS"),
        ({"DATABASE_POOL_SIZE": "lots"}, "DATABASE_POOL_SIZE"),
        ({"DATABASE_PREPARED_STATEMENTS": "perhaps"}, "DATABASE_PREPARED_STATEMENTS"),
        ({"DATABASE_REPLICA_URLS": "mysql://replica/factcheck"}, "DATABASE_REPLICA_URLS"),
        ({"DATABASE_REPLICA_URLS": "postgres://replica"}, "DATABASE_REPLICA_URLS"),
    ],
)
def test_bad_setting_fails_naming_the_variable(env, variable):
    result = load_settings(env)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last_line
    assert variable in last_line


def test_production_settings_load_and_are_hardened():
    result = load_settings(
        {**PRODUCTION, "DATABASE_URL": "postgres://u:p@db.example.org:5432/factcheck"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_without_database_url_the_embedded_backend_is_used():
    result = load_settings({})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "factcheck.base.embedded"


def test_check_deploy_is_clean_in_production():
    clean = {k: v for k, v in os.environ.items() if k not in {*PRODUCTION, "DATABASE_URL"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **clean,
            **PRODUCTION,
            "DATABASE_URL": "postgres://u:p@db.example.org:5432/factcheck",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_redis_url_shares_one_cache_between_processes():
    """Two processes given the same REDIS_URL see each other's entries."""
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    env = clean_environment()
    env.update(DJANGO_SETTINGS_MODULE="factcheck.settings", REDIS_URL="redis://127.0.0.1:6379/15")
    token = os.urandom(8).hex()
    code = (
        "import django, sys; django.setup(); from django.core.cache import cache; "
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND']); "
        "cache.set(sys.argv[1], 'shared', 30) if sys.argv[2] == 'set' "
        "else print(cache.get(sys.argv[1]))"
    )
    for step in ("set", "get"):
        done = subprocess.run(
            [sys.executable, "-c", code, f"settings-test-{token}", step],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[0] == "django_redis.cache.RedisCache"
    assert done.stdout.splitlines()[1] == "shared"
