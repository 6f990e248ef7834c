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
        ({"REDIS_URL": "http://127.0.0.1:6379/0"}, "REDIS_URL"),
        ({"REDIS_URL": "127.0.0.1:6379"}, "REDIS_URL"),
        ({"REDIS_URL": "redis://"}, "REDIS_URL"),
        ({"REDIS_URL": "redis://127.0.0.1:port/0"}, "REDIS_URL"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/cache"}, "REDIS_URL"),
        ({"REDIS_URL": "unix://"}, "REDIS_URL"),
        ({"DEFAULT_FROM_EMAIL": "factcheck"}, "DEFAULT_FROM_EMAIL"),
        ({"DEFAULT_FROM_EMAIL": "News <news@>"}, "DEFAULT_FROM_EMAIL"),
        ({"PUBLIC_CACHE_SECONDS": "-1"}, "PUBLIC_CACHE_SECONDS"),
        ({"EMBEDDED_POSTGRES_DIR": str(Path(__file__))}, "EMBEDDED_POSTGRES_DIR"),
        ({"FACTCHECK_PUBLISHER_NAME": "Example\nFact Check"}, "FACTCHECK_PUBLISHER_NAME"),
        ({"FACTCHECK_PUBLISHER_LOGO_URL": "logo.png"}, "FACTCHECK_PUBLISHER_LOGO_URL"),
        ({"FACTCHECK_SITE_URL": "https://example.org/?a=1"}, "FACTCHECK_SITE_URL"),
        ({"FACTCHECK_SEARCH_RANK_WINDOW": "0"}, "FACTCHECK_SEARCH_RANK_WINDOW"),
        ({"TRUSTED_PROXY_COUNT": "one"}, "TRUSTED_PROXY_COUNT"),
        ({"LOGIN_FAILURE_LIMIT": "0"}, "LOGIN_FAILURE_LIMIT"),
        ({"LOGIN_LOCKOUT_MINUTES": "soon"}, "LOGIN_LOCKOUT_MINUTES"),
        ({"FACTCHECK_STAFF_2FA_REQUIRED": "required"}, "FACTCHECK_STAFF_2FA_REQUIRED"),
        ({"EMAIL_HOST": "smtp://mail.example.org"}, "EMAIL_HOST"),
        ({"EMAIL_HOST": "mail.example.org:587"}, "EMAIL_HOST"),
        ({"EMAIL_PORT": "70000"}, "EMAIL_PORT"),
        ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT"),
        ({"EMAIL_USE_TLS": "sometimes"}, "EMAIL_USE_TLS"),
        ({"EMAIL_USE_SSL": "1", "EMAIL_USE_TLS": "1"}, "EMAIL_USE_SSL"),
        ({"FACTCHECK_ALERTS_DIGEST_HOUR": "24"}, "FACTCHECK_ALERTS_DIGEST_HOUR"),
        ({"FACTCHECK_ALERTS_PER_HOUR": "0"}, "FACTCHECK_ALERTS_PER_HOUR"),
        ({"FACTCHECK_ALERTS_CONFIRM_DAYS": "a week"}, "FACTCHECK_ALERTS_CONFIRM_DAYS"),
        ({"FACTCHECK_PASSWORD_RESETS_PER_HOUR": "0"}, "FACTCHECK_PASSWORD_RESETS_PER_HOUR"),
        ({"API_THROTTLE_ANON": "120 per minute"}, "API_THROTTLE_ANON"),
        ({"API_THROTTLE_USER": "lots"}, "API_THROTTLE_USER"),
        ({"FACTCHECK_SUGGESTIONS_PER_HOUR": "0"}, "FACTCHECK_SUGGESTIONS_PER_HOUR"),
        ({"FACTCHECK_CLAIM_VECTORS": "auto"}, "FACTCHECK_CLAIM_VECTORS"),
        ({"FACTCHECK_EMBED_ON_WRITE": "later"}, "FACTCHECK_EMBED_ON_WRITE"),
        ({"FACTCHECK_MATCH_SAME_CLAIM": "1.5"}, "FACTCHECK_MATCH_SAME_CLAIM"),
        ({"FACTCHECK_MATCH_SAME_CLAIM": "0,94"}, "FACTCHECK_MATCH_SAME_CLAIM"),
        ({"FACTCHECK_MATCH_RELATED": "\u0660.\u0669"}, "FACTCHECK_MATCH_RELATED"),
        ({"FACTCHECK_MATCH_RELATED": "0.97"}, "FACTCHECK_MATCH_RELATED"),  # above same claim
        ({"FACTCHECK_MATCH_ACROSS_LANGUAGES": "-0.1"}, "FACTCHECK_MATCH_ACROSS_LANGUAGES"),
        ({"FACTCHECK_MATCH_ACROSS_LANGUAGES": "1"}, "FACTCHECK_MATCH_ACROSS_LANGUAGES"),
        # Checked while DEBUG is on too, before they take effect in production.
        ({"SECURE_SSL_REDIRECT": "maybe"}, "SECURE_SSL_REDIRECT"),
        ({"SECURE_HSTS_SECONDS": "a year"}, "SECURE_HSTS_SECONDS"),
        ({"SECURE_HSTS_PRELOAD": "please"}, "SECURE_HSTS_PRELOAD"),
        ({"ALLOWED_HOSTS": "https://factcheck.example.org"}, "ALLOWED_HOSTS"),
    ],
)
def test_bad_setting_fails_naming_the_variable(env, variable):
    result = load_settings(env)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last_line
    assert variable in last_line


def show(setting: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Print a setting as the module computed it from ``env``."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"from django.conf import settings; print(repr(settings.{setting}))",
        ],
        cwd=ROOT,
        env={**clean_environment(), "DJANGO_SETTINGS_MODULE": "factcheck.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("given", ["debug", "DEBUG", "Warning", " error "])
def test_log_level_is_accepted_in_any_case(given):
    result = show("LOGGING['root']['level']", {"LOG_LEVEL": given})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(given.strip().upper())


@pytest.mark.parametrize(
    ("variable", "setting", "default"),
    [
        ("API_THROTTLE_ANON", "REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['anon']", "120/minute"),
        ("TIME_ZONE", "TIME_ZONE", "UTC"),
        ("LOG_LEVEL", "LOGGING['root']['level']", "INFO"),
        ("DEFAULT_FROM_EMAIL", "DEFAULT_FROM_EMAIL", "factcheck@localhost"),
        ("PUBLIC_CACHE_SECONDS", "PUBLIC_CACHE_SECONDS", 60),
    ],
)
def test_an_empty_value_is_unset(variable, setting, default):
    """As compose's ``VAR: ${VAR:-}`` passes an unset variable: the default applies."""
    result = show(setting, {variable: ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(default)


def test_a_list_of_no_hosts_is_named_as_such_with_debug_on():
    result = load_settings({"DEBUG": "1", "ALLOWED_HOSTS": ","})
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ALLOWED_HOSTS names no host; got ','" in last_line
    assert "DEBUG is off" not in last_line


@pytest.mark.parametrize(
    "address", ["news@factcheck.example.org", "Example Fact Check <news@example.org>"]
)
def test_default_from_email_takes_an_address_with_or_without_a_name(address):
    result = show("DEFAULT_FROM_EMAIL", {"DEFAULT_FROM_EMAIL": address})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(address)


@pytest.mark.parametrize(
    "url",
    [
        "redis://127.0.0.1:6379/0",
        "rediss://:secret@cache.example.org:6380/2",
        "redis://cache",
        "unix:///run/redis/redis.sock?db=0",
    ],
)
def test_redis_urls_of_each_scheme_are_taken(url):
    result = show("CACHES['default']['LOCATION']", {"REDIS_URL": url})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(url)


def test_a_bad_redis_url_is_refused_without_repeating_its_password():
    result = load_settings({"REDIS_URL": "http://:hunter2-secret@cache.example.org:6379/0"})
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "REDIS_URL must start with redis://, rediss:// (TLS) or unix://" in last_line
    assert "hunter2" not in result.stderr


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


def test_the_matching_thresholds_default_to_the_tuned_ones():
    """The settings' defaults are the constants tuned on the labelled set (claims.matching)."""
    from django.conf import settings

    from claims.matching import match

    if any(name.startswith("FACTCHECK_MATCH_") for name in os.environ):
        pytest.skip("thresholds set in this environment")
    assert (
        settings.FACTCHECK_MATCH_SAME_CLAIM,
        settings.FACTCHECK_MATCH_RELATED,
        settings.FACTCHECK_MATCH_ACROSS_LANGUAGES,
    ) == (match.SAME_CLAIM, match.RELATED, match.ACROSS_LANGUAGES)
