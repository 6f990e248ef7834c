"""The docker compose deployment: its settings are valid production settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.docker_recipe import (
    COMPOSE_OWNED,
    MissingSetting,
    compose,
    documented_settings,
    interpolate,
    read_env_file,
    web_environment,
)

ROOT = Path(__file__).resolve().parent.parent


# What an administrator pastes into .env (README, "Running with Docker Compose").
SECRETS = {
    "SECRET_KEY": "Zq8-wX3_vB6nM1kJ9hG4fD7sA2pL5oI0uY8tR3eW6qZ1xC4vB7n",
    "POSTGRES_PASSWORD": "pV3_kL9-xQ2mN7bR4tY8",
}


def _filled_env_example(*, uncomment: bool) -> dict[str, str]:
    example = read_env_file((ROOT / ".env.example").read_text(), uncomment=uncomment)
    return {**example, **SECRETS}


@pytest.mark.parametrize("uncomment", [False, True], ids=["as-given", "every-example-value"])
def test_compose_web_settings_pass_the_deployment_checks(uncomment):
    """The web container's environment, from .env.example with its secrets filled in
    (and with every example value switched on), is valid production settings."""
    compose_file = compose()
    assert "pg_isready" in " ".join(compose_file["services"]["db"]["healthcheck"]["test"])
    assert compose_file["services"]["web"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert "postgres-data" in compose_file["volumes"]
    env = web_environment(_filled_env_example(uncomment=uncomment))
    assert env["DEBUG"] == "0"
    assert env["TRUSTED_PROXY_COUNT"] == "1"
    # Compose's own Redis host exists only inside compose's network.
    env.pop("REDIS_URL")
    base = {k: v for k, v in os.environ.items() if k not in env and k != "REDIS_URL"}
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


def test_env_example_holds_every_setting_and_compose_passes_each_through():
    example = (ROOT / ".env.example").read_text()
    listed = set(read_env_file(example, uncomment=True))
    # The container has no embedded server, and compose sets its own few.
    expected = documented_settings() - COMPOSE_OWNED - {"EMBEDDED_POSTGRES_DIR"}
    assert expected - listed == set(), "missing from .env.example"
    assert "POSTGRES_PASSWORD" in listed
    web = compose()["services"]["web"]
    assert [entry["path"] for entry in web["env_file"]] == [".env"]
    # What compose sets itself is either its own or the .env value passed on, never a
    # value of its own that would hide the administrator's.
    for name, value in web["environment"].items():
        assert name in COMPOSE_OWNED or str(value).startswith(f"${{{name}:"), name
    # Every line of .env reaches the app; compose's own win.
    dotenv = {name: f"value-of-{name}" for name in listed}
    env = web_environment(dotenv)
    for name in listed - COMPOSE_OWNED:
        assert env[name] == dotenv[name], name
    assert env["DEBUG"] == "0"
    assert (
        env["DATABASE_URL"] == "postgres://factcheck:value-of-POSTGRES_PASSWORD@db:5432/factcheck"
    )


@pytest.mark.parametrize("missing", ["POSTGRES_PASSWORD", "SECRET_KEY"])
def test_compose_refuses_to_start_without_a_database_password_or_key(missing):
    """No default password or key: .env.example as copied, before the generated values
    are pasted in, stops `docker compose up` with a message saying what to set."""
    assert "${POSTGRES_PASSWORD:-" not in (ROOT / "docker-compose.yml").read_text()
    given = _filled_env_example(uncomment=False)
    given[missing] = ""
    services = compose()["services"]
    entries = [*services["db"]["environment"].values(), *services["web"]["environment"].values()]
    with pytest.raises(MissingSetting, match=f"requires {missing}: set {missing} in .env"):
        interpolate("\n".join(str(value) for value in entries), given)


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
@pytest.mark.parametrize(
    ("redis_url", "healthy", "answer"),
    [
        ("redis://127.0.0.1:6379/0", True, '"status": "ok"'),
        # Nothing listens on 6390: readers are served, the container shows unhealthy.
        ("redis://127.0.0.1:6390/0", False, '"status": "degraded"'),
    ],
)
def test_the_compose_health_check_against_the_app(db, redis_url, healthy, answer):
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
        REDIS_URL=redis_url,
    )
    with app_server(env) as base:
        port = base.rsplit(":", 1)[1]
        script = check[3].replace("127.0.0.1:8000", f"127.0.0.1:{port}")
        result = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
        )
    assert (result.returncode == 0) is healthy, result.stderr
    assert answer in result.stdout  # what `docker inspect` shows of the check
