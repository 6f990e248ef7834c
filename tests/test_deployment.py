"""The docker compose deployment: its settings are valid production settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error}, enough for our file."""

    def replace(match: re.Match[str]) -> str:
        name, op, arg = match.group(1), match.group(2), match.group(3)
        if env.get(name):
            return env[name]
        if op == ":?":
            raise AssertionError(f"compose requires {name}: {arg}")
        return arg or ""

    return re.sub(r"\$\{(\w+)(:-|:\?)?([^}]*)\}", replace, value)


def test_compose_web_settings_pass_the_deployment_checks():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert "pg_isready" in " ".join(compose["services"]["db"]["healthcheck"]["test"])
    assert compose["services"]["web"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert "postgres-data" in compose["volumes"]
    given = {
        "SECRET_KEY": "Zq8-wX3_vB6nM1kJ9hG4fD7sA2pL5oI0uY8tR3eW6qZ1xC4vB7n",
        "ALLOWED_HOSTS": "factcheck.example.org",
        "FACTCHECK_PUBLISHER_NAME": "Example Fact Check",
        "FACTCHECK_PUBLISHER_URL": "https://factcheck.example.org/",
    }
    env = {
        k: _interpolate(str(v), given)
        for k, v in compose["services"]["web"]["environment"].items()
    }
    assert env["DEBUG"] == "0"
    base = {k: v for k, v in os.environ.items() if k not in env}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_dockerfile_serves_with_gunicorn_after_migrating():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11" in dockerfile
    assert (
        "manage.py migrate --noinput && exec gunicorn -c python:factcheck.gunicorn factcheck.wsgi"
        in dockerfile
    )
    assert "collectstatic" in dockerfile


def _gunicorn_config(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """gunicorn's own check of factcheck/gunicorn.py, printing the settings it resolved."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--check-config",
            "-c",
            "python:factcheck.gunicorn",
            "--print-config",
            "factcheck.wsgi",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("concurrency", "workers"),
    [("4", 4), (None, 2 * (os.cpu_count() or 1) + 1), ("0", None)],
)
def test_the_gunicorn_config_loads_and_refuses_a_bad_worker_count(concurrency, workers):
    env = {k: v for k, v in os.environ.items() if k != "WEB_CONCURRENCY"}
    result = _gunicorn_config({**env, **({"WEB_CONCURRENCY": concurrency} if concurrency else {})})
    if workers:
        assert result.returncode == 0, result.stderr
        assert re.search(rf"^workers\s+= {workers}$", result.stdout, re.M), result.stdout
    else:
        assert result.returncode != 0
        assert "WEB_CONCURRENCY must be a whole number" in result.stderr + result.stdout


@pytest.mark.parametrize(("value", "recycled_after"), [("0", 0), ("500", 500), ("soon", None)])
def test_worker_recycling_is_configurable_and_checked(value, recycled_after):
    result = _gunicorn_config({**os.environ, "GUNICORN_MAX_REQUESTS": value})
    if recycled_after is None:
        assert result.returncode != 0
        assert "GUNICORN_MAX_REQUESTS must be a whole number" in result.stderr + result.stdout
    else:
        assert result.returncode == 0, result.stderr
        assert re.search(rf"^max_requests\s+= {recycled_after}$", result.stdout, re.M)


@pytest.mark.heavy
def test_the_compose_health_check_passes_against_the_app(db):
    from tests.databases import server_url
    from tests.servers import app_env, app_server

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    check = compose["services"]["web"]["healthcheck"]["test"]
    assert check[:3] == ["CMD", "python", "-c"]
    env = app_env(
        DATABASE_URL=f"{server_url()}/postgres",
        DEBUG="0",
        SECRET_KEY="Zq8-wX3_vB6nM1kJ9hG4fD7sA2pL5oI0uY8tR3eW6qZ1xC4vB7n",
        ALLOWED_HOSTS="factcheck.example.org",
        FACTCHECK_PUBLISHER_NAME="Example Fact Check",
        FACTCHECK_PUBLISHER_URL="https://factcheck.example.org/",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    with app_server(env) as base:
        port = base.rsplit(":", 1)[1]
        script = check[3].replace("127.0.0.1:8000", f"127.0.0.1:{port}")
        result = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
        )
    assert result.returncode == 0, result.stderr
