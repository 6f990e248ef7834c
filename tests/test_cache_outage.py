"""A shared cache (Redis) that stops answering is loud and safe: /healthz says degraded,
start-up warns, the log says so once a minute, readers are still served (their limits
let requests through), and staff protections hold (sign-in lockouts live in the
database; password resets are refused until the cache answers again).

Each test configures the caches exactly as the settings module does for its REDIS_URL:
the Redis on this machine (127.0.0.1:6379, database 13) or a closed port (6390)."""

from __future__ import annotations

import logging
import os
import runpy
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from claims.models import ReaderSuggestion
from factcheck.base import shared_cache
from factcheck.checks import shared_cache_answers
from tests import factories

pytestmark = pytest.mark.django_db
UP = "redis://127.0.0.1:6379/13"
DOWN = "redis://127.0.0.1:6390/0"  # nothing listens there
PASSWORD = "a-long-staff-password-1"
SETTINGS = Path(__file__).resolve().parent.parent / "factcheck" / "settings.py"


def _redis_runs() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def redis_at(settings, monkeypatch):
    """Point the caches at ``url`` as ``REDIS_URL=url`` would (the settings module run
    afresh with it), with an empty store and no failure reported yet."""

    def point(url: str) -> None:
        if url == UP and not _redis_runs():
            pytest.skip("no Redis at 127.0.0.1:6379")
        monkeypatch.setenv("REDIS_URL", url)
        configured = runpy.run_path(str(SETTINGS), run_name="settings_under_test")
        for name in ("REDIS_URL", "CACHES", "DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS"):
            setattr(settings, name, configured[name])
        settings.DJANGO_REDIS_LOGGER = configured["DJANGO_REDIS_LOGGER"]
        shared_cache._forget_reports()
        if url == UP:
            caches["strict"].clear()

    yield point
    shared_cache._forget_reports()


def _cache_reports(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("factcheck.cache")]


def test_healthz_says_degraded_while_the_cache_does_not_answer(redis_at, client):
    redis_at(DOWN)
    response = client.get("/healthz")
    # 200: the site still serves readers; the body says what is wrong.
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unreachable"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_ok_with_redis_answering(redis_at, client):
    redis_at(UP)
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_start_up_warns_about_an_unreachable_redis_url(redis_at):
    redis_at(DOWN)
    [warning] = shared_cache_answers()
    assert warning.id == "factcheck.W010"
    assert "REDIS_URL does not answer" in warning.msg
    redis_at(UP)
    assert shared_cache_answers() == []


def test_a_failing_cache_is_logged_once_a_minute_not_per_request(
    redis_at, client, caplog, monkeypatch
):
    redis_at(DOWN)
    caplog.set_level(logging.INFO)
    for _ in range(10):
        assert client.get("/healthz").status_code == 200
        assert client.get(reverse("api:claim-list")).status_code == 200
    [report] = _cache_reports(caplog)
    assert "The shared cache (REDIS_URL) is not answering" in report
    assert "6390" in report  # what failed, from the error itself
    assert "Exception ignored" not in caplog.text  # django-redis's own line, per request
    # A minute later it is reported again, once.
    now = shared_cache.time.monotonic()
    monkeypatch.setattr(shared_cache.time, "monotonic", lambda: now + 61)
    for _ in range(3):
        client.get("/healthz")
    assert len(_cache_reports(caplog)) == 2


def test_the_api_throttle_lets_readers_through_while_the_cache_is_down(redis_at, monkeypatch, db):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "5/minute", "user": None})
    url = reverse("api:claim-list")
    redis_at(UP)  # the same throttle, with the cache answering, limits
    assert [APIClient().get(url).status_code for _ in range(6)] == [200] * 5 + [429]
    redis_at(DOWN)
    assert [APIClient().get(url).status_code for _ in range(10)] == [200] * 10


@pytest.mark.parametrize("where", [UP, DOWN])
def test_suggestions_are_limited_with_the_cache_and_accepted_without_it(redis_at, settings, where):
    settings.FACTCHECK_SUGGESTIONS_PER_HOUR = 2
    redis_at(where)
    form = {"text": "The mayor said bus fares doubled.", "seen_where": "radio"}
    codes = [Client().post(reverse("web:suggest"), form).status_code for _ in range(4)]
    if where == UP:
        assert codes == [302, 302, 429, 429]
        assert ReaderSuggestion.objects.count() == 2
    else:  # fails open: readers are served
        assert codes == [302] * 4
        assert ReaderSuggestion.objects.count() == 4


@pytest.fixture
def staff():
    user = factories.make_user(username="reporter", email="reporter@example.org")
    user.set_password(PASSWORD)
    user.save()
    return user


def test_password_resets_are_refused_while_the_cache_cannot_count_them(redis_at, staff):
    redis_at(DOWN)
    response = Client().post("/admin/password_reset/", {"email": "reporter@example.org"})
    assert response.status_code == 503
    assert "Password resets are paused" in response.content.decode()
    assert mail.outbox == []
    redis_at(UP)  # back: served, and counted
    sent = Client().post("/admin/password_reset/", {"email": "reporter@example.org"})
    assert sent.status_code == 302
    assert len(mail.outbox) == 1


def test_password_resets_are_limited_through_redis(redis_at, staff, settings):
    settings.FACTCHECK_PASSWORD_RESETS_PER_HOUR = 2
    redis_at(UP)
    codes = [
        Client().post("/admin/password_reset/", {"email": "reporter@example.org"}).status_code
        for _ in range(3)
    ]
    assert codes == [302, 302, 429]
    assert len(mail.outbox) == 2


def test_sign_in_lockouts_hold_while_the_cache_is_down(redis_at, staff, settings):
    """django-axes keeps failed sign-ins in the database (its default handler), so a
    Redis outage never switches the lockout off."""
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    settings.AXES_FAILURE_LIMIT = 3
    redis_at(DOWN)
    guesser = Client()
    form = {"username": "reporter", "password": "wrong"}
    codes = [guesser.post("/admin/login/?next=/admin/", form).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    right = {"username": "reporter", "password": PASSWORD}
    assert guesser.post("/admin/login/?next=/admin/", right).status_code == 429
    token = APIClient().post(reverse("api:token"), right, format="json")
    assert token.status_code == 429
    call_command("axes_reset_username", "reporter", verbosity=0)
    assert guesser.post("/admin/login/?next=/admin/", right).status_code == 302


def test_each_web_process_says_at_start_when_redis_does_not_answer():
    """gunicorn runs no system checks: loading the WSGI application logs it, and goes on."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    started = subprocess.run(
        [sys.executable, "-c", "import factcheck.wsgi; print('serving')"],
        cwd=SETTINGS.parent.parent,
        env={**env, "REDIS_URL": DOWN},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "serving"
    assert "The shared cache (REDIS_URL) is not answering" in started.stderr
    assert "127.0.0.1:6390" in started.stderr
