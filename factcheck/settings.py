"""Settings for factcheck, read from the environment.

One module for every deployment. A value that is present but malformed, or a
value that production requires but is missing, stops start-up with a message
naming the variable: a newsroom should never run on a silently wrong setting.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import re
import sys
import zoneinfo
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import URLValidator, validate_email

from factcheck.base.numbers import BadInteger, parse_int

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}."
    )


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:  # ASCII digits only, as every number from outside (factcheck.base.numbers)
        value = parse_int(raw.strip(), name=name)
    except BadInteger:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}.")
    return value


def env_fraction(name: str, default: float) -> float:
    """A decimal between 0 and 1 written with ASCII digits and a point ("0.94")."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    if not re.fullmatch(r"(?:0|1)?(?:\.[0-9]+)?", raw.strip()) or raw.strip() in ("", "."):
        raise ImproperlyConfigured(f"{name} must be a decimal from 0 to 1, e.g. 0.9; got {raw!r}.")
    value = float(raw.strip())
    if not 0.0 <= value <= 1.0:
        raise ImproperlyConfigured(f"{name} must be a decimal from 0 to 1; got {raw!r}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip() or default
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise ImproperlyConfigured(f"{name} must be an http(s) URL; got {value!r}.") from None
    return value


def env_site_url(name: str, default: str, *, default_name: str) -> str:
    """The site's own address: an http(s) URL with no query, fragment or credentials,
    ending in "/" (one is added), so that a path joined to it stays under it. When unset,
    ``default`` (the value of ``default_name``), checked the same way."""
    given = bool(os.environ.get(name, "").strip())
    where = name if given else f"{name} (unset, so {default_name})"
    value = env_url(name, default)
    parts = urlsplit(value)
    if parts.query or parts.fragment or "?" in value or "#" in value:
        raise ImproperlyConfigured(
            f"{where} must be the address of the site's root, with no query or fragment; "
            f"got {value!r}."
        )
    if parts.username is not None or parts.password is not None:
        raise ImproperlyConfigured(f"{where} must not hold a user name or password.")
    return value if value.endswith("/") else value + "/"


DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not ALLOWED_HOSTS:
    _hosts = os.environ.get("ALLOWED_HOSTS", "")
    if _hosts.strip():  # given, but only commas: say that, whatever DEBUG is
        raise ImproperlyConfigured(
            f"ALLOWED_HOSTS names no host; got {_hosts!r}. List host names separated by "
            "commas, e.g. factcheck.example.org,www.factcheck.example.org."
        )
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off (comma-separated).")
for _host in ALLOWED_HOSTS:
    if "/" in _host or re.search(r"\s", _host):
        raise ImproperlyConfigured(
            f"ALLOWED_HOSTS lists host names, without scheme or path "
            f"(factcheck.example.org); got {_host!r}."
        )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS entries must start with http:// or https://; got {_origin!r}."
        )

TIME_ZONE = os.environ.get("TIME_ZONE", "").strip() or "UTC"
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"TIME_ZONE must be an IANA time zone name; got {TIME_ZONE!r}."
    ) from None
USE_TZ = True
LANGUAGE_CODE = "en"
USE_I18N = True
# The public interface's languages (docs/languages.md): English at the root, the others
# under their prefix (/ar/, /es/, /fr/), taken from the address alone, never from
# Accept-Language (factcheck.i18n.middleware). The names are each language's own.
LANGUAGES = [("en", "English"), ("ar", "العربية"), ("es", "Español"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "factcheck" / "locale"]
# Our date formats per language ("9 October 2025", "9 de octubre de 2025"), over Django's.
FORMAT_MODULE_PATH = ["factcheck.formats"]

# Who we are: verdicts of our own are told apart from verdicts imported from
# other fact-checkers by this identity (ClaimReview `author`).
# A development default only while DEBUG is on: production must say who it is.
FACTCHECK_PUBLISHER_NAME = os.environ.get("FACTCHECK_PUBLISHER_NAME", "").strip()
if re.search(r"[\x00-\x1f\x7f]", FACTCHECK_PUBLISHER_NAME):  # it is printed in pages and mail
    raise ImproperlyConfigured(
        "FACTCHECK_PUBLISHER_NAME must be one line of text, without control characters; "
        f"got {FACTCHECK_PUBLISHER_NAME!r}."
    )
FACTCHECK_PUBLISHER_URL = env_url("FACTCHECK_PUBLISHER_URL", "")
for _name, _value in [
    ("FACTCHECK_PUBLISHER_NAME", FACTCHECK_PUBLISHER_NAME),
    ("FACTCHECK_PUBLISHER_URL", FACTCHECK_PUBLISHER_URL),
]:
    if not _value and not DEBUG:
        raise ImproperlyConfigured(
            f"{_name} must be set when DEBUG is off: it names who publishes our verdicts."
        )
FACTCHECK_PUBLISHER_NAME = FACTCHECK_PUBLISHER_NAME or "Factcheck (development)"
FACTCHECK_PUBLISHER_URL = FACTCHECK_PUBLISHER_URL or "http://127.0.0.1:8000/"
# Where this site is served: every absolute link it writes (canonical and og:url, feeds,
# sitemap, robots.txt, ClaimReview, the API's urls and next pages) is this address joined
# with the page's path (factcheck.base.http.site_url), never the Host of the request,
# which a proxy or a client chooses. A path is the prefix the proxy serves the site under.
FACTCHECK_SITE_URL = env_site_url(
    "FACTCHECK_SITE_URL", FACTCHECK_PUBLISHER_URL, default_name="FACTCHECK_PUBLISHER_URL"
)
FACTCHECK_PUBLISHER_LOGO_URL = env_url("FACTCHECK_PUBLISHER_LOGO_URL", "")
# How many editors other than the author must approve a verdict before it can be published.
# Editors besides everyone who changed a proposal who must approve it. 0 publishes without
# independent review, and every page published so says "not independently reviewed".
FACTCHECK_REVIEWERS_REQUIRED = env_int("FACTCHECK_REVIEWERS_REQUIRED", 1, minimum=0)
# Search ranks only the newest N matches by relevance: ranking every match of a common
# word over a million claims costs ~130 ms, the newest thousand a few.
# Relevance ranks the newest N matches: a common word costs N / (its share of claims)
# rows read, so N stays small enough for a common word to answer in a few ms.
FACTCHECK_SEARCH_RANK_WINDOW = env_int("FACTCHECK_SEARCH_RANK_WINDOW", 100, minimum=1)
# Reverse proxies in front of the app: the client's address is the one they saw,
# taken from X-Forwarded-For (for throttling), never the proxy's own.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Readers' suggestions accepted per client address and hour (flood protection).
FACTCHECK_SUGGESTIONS_PER_HOUR = env_int("FACTCHECK_SUGGESTIONS_PER_HOUR", 5, minimum=1)
# The languages an imported review without ``inLanguage`` may be detected as (ISO 639-1
# codes): a small set keeps detection fast and its guesses plausible for the newsroom.
FACTCHECK_DETECT_LANGUAGES = [
    code.lower()
    for code in env_list("FACTCHECK_DETECT_LANGUAGES", ["en", "fr", "es", "de", "pt", "ar"])
]
for _code in FACTCHECK_DETECT_LANGUAGES:
    if not re.fullmatch(r"[a-z]{2}", _code):
        raise ImproperlyConfigured(
            f"FACTCHECK_DETECT_LANGUAGES must list two-letter ISO 639-1 codes; got {_code!r}."
        )

# Claim matching (docs/matching.md). Vectors need pgvector in the database and a CPU with
# AVX2; 0 uses words (trigrams and full text) everywhere, as where either is missing.
FACTCHECK_CLAIM_VECTORS = env_bool("FACTCHECK_CLAIM_VECTORS", default=True)
# A claim saved alone (the admin, the API, one imported review) gets its vectors in the
# same transaction (~10-30 ms); 0 leaves them to `manage.py embed_claims`, as bulk loads do.
FACTCHECK_EMBED_ON_WRITE = env_bool("FACTCHECK_EMBED_ON_WRITE", default=True)
# The matcher's thresholds, tuned on tests/data/matching/ (claims.matching.match holds the
# same defaults; tests/test_settings.py keeps them equal): "likely the same claim" from
# SAME_CLAIM, "related" from RELATED, both lowered by ACROSS_LANGUAGES between languages.
FACTCHECK_MATCH_SAME_CLAIM = env_fraction("FACTCHECK_MATCH_SAME_CLAIM", 0.94)
FACTCHECK_MATCH_RELATED = env_fraction("FACTCHECK_MATCH_RELATED", 0.9075)
FACTCHECK_MATCH_ACROSS_LANGUAGES = env_fraction("FACTCHECK_MATCH_ACROSS_LANGUAGES", 0.0425)
if FACTCHECK_MATCH_RELATED > FACTCHECK_MATCH_SAME_CLAIM:
    raise ImproperlyConfigured(
        f"FACTCHECK_MATCH_RELATED ({FACTCHECK_MATCH_RELATED}) must not be above "
        f"FACTCHECK_MATCH_SAME_CLAIM ({FACTCHECK_MATCH_SAME_CLAIM})."
    )
if FACTCHECK_MATCH_ACROSS_LANGUAGES >= 1:
    raise ImproperlyConfigured("FACTCHECK_MATCH_ACROSS_LANGUAGES must be below 1.")

# The one outbound HTTP client (factcheck.base.outbound) connects only to public addresses;
# these host names, addresses and networks (CIDR) are allowed besides, e.g. a webhook
# receiver on the newsroom's own network: "hooks.internal,10.1.2.0/24,127.0.0.1".
FACTCHECK_OUTBOUND_ALLOW = env_list("FACTCHECK_OUTBOUND_ALLOW", [])
_HOST_NAME = r"[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}[A-Za-z0-9_])?)*\.?"
for _entry in FACTCHECK_OUTBOUND_ALLOW:
    try:
        ipaddress.ip_network(_entry.strip("[]"), strict=True)
    except ValueError as _exc:
        if "/" in _entry or _entry.replace(".", "").isdigit() or ":" in _entry:
            raise ImproperlyConfigured(
                f"FACTCHECK_OUTBOUND_ALLOW: {_entry!r} is not an address or network ({_exc}); "
                "write a network with its base address, e.g. 10.1.2.0/24."
            ) from None
        if not re.fullmatch(_HOST_NAME, _entry):
            raise ImproperlyConfigured(
                "FACTCHECK_OUTBOUND_ALLOW lists host names, addresses or networks (CIDR), "
                f"separated by commas, e.g. hooks.internal,10.1.2.0/24; got {_entry!r}."
            ) from None

# Jobs (Procrastinate, on the primary database; docs/operations.md, "Jobs and workers").
# A job whose worker died (killed, its machine lost) runs again within this many seconds:
# a worker silent for half of it is taken for dead, its jobs are looked for every quarter
# of it and then picked up within an eighth (or FACTCHECK_JOBS_POLL_SECONDS).
FACTCHECK_JOBS_STALLED_SECONDS = env_int("FACTCHECK_JOBS_STALLED_SECONDS", 60, minimum=4)
# Workers hear of new jobs at once through LISTEN/NOTIFY, which a PgBouncer in transaction
# mode does not carry: there set 0, and workers look for jobs every POLL seconds.
FACTCHECK_JOBS_LISTEN = env_bool("FACTCHECK_JOBS_LISTEN", default=True)
FACTCHECK_JOBS_POLL_SECONDS = env_int("FACTCHECK_JOBS_POLL_SECONDS", 5, minimum=1)
_stalled_after = FACTCHECK_JOBS_STALLED_SECONDS // 2
PROCRASTINATE_WORKER_DEFAULTS: dict[str, Any] = {
    "listen_notify": FACTCHECK_JOBS_LISTEN,
    "fetch_job_polling_interval": min(
        FACTCHECK_JOBS_POLL_SECONDS, max(1, FACTCHECK_JOBS_STALLED_SECONDS // 8)
    ),
    "update_heartbeat_interval": max(1, _stalled_after // 3),
    "stalled_worker_timeout": _stalled_after,
    # Finished jobs leave the queue's table (the webhooks' own log keeps the history);
    # failed ones stay, for the admin ("Procrastinate jobs") and a retry.
    "delete_jobs": "successful",
    # Two jobs at once per worker (each in a thread of its own), so a long command started
    # from the admin (one at a time: factcheck.jobs.services.LOCK) never holds up the
    # webhook deliveries behind it.
    "concurrency": 2,
}
PROCRASTINATE_IMPORT_PATHS = [
    "factcheck.jobs.tasks",
    "factcheck.jobs.runs",
    "factcheck.notify.tasks",
    "factcheck.federation.tasks",
    "factcheck.alerts.tasks",
]
PROCRASTINATE_AUTODISCOVER_MODULE_NAME = ""

# Webhooks (factcheck.notify, docs/webhooks.md).
# Seconds a receiver has to answer one delivery.
FACTCHECK_WEBHOOK_TIMEOUT = env_int("FACTCHECK_WEBHOOK_TIMEOUT", 10, minimum=1)
# Attempts per delivery before it is given up (each retry waits four times longer than the
# last, from FACTCHECK_WEBHOOK_RETRY_SECONDS: 10 s, 40 s, 2.7 min … about 15 hours in all).
FACTCHECK_WEBHOOK_MAX_ATTEMPTS = env_int("FACTCHECK_WEBHOOK_MAX_ATTEMPTS", 8, minimum=1)
FACTCHECK_WEBHOOK_RETRY_SECONDS = env_int("FACTCHECK_WEBHOOK_RETRY_SECONDS", 10)
# Failed attempts in a row, over any deliveries, after which an endpoint is switched off
# (with a note in the admin) until an editor switches it on again.
FACTCHECK_WEBHOOK_DISABLE_AFTER = env_int("FACTCHECK_WEBHOOK_DISABLE_AFTER", 20, minimum=1)
# Hours after a secret is rotated during which deliveries are signed with the old secret
# as well as the new one, while the receiver switches over.
FACTCHECK_WEBHOOK_ROTATION_HOURS = env_int("FACTCHECK_WEBHOOK_ROTATION_HOURS", 24)

# Checked elsewhere and feed subscriptions (factcheck.federation, docs/federation.md).
# Milliseconds "Already checked?" waits for the peers, all asked at once; a peer that has
# not answered by then is shown as "did not answer in time".
FACTCHECK_PEER_BUDGET_MS = env_int("FACTCHECK_PEER_BUDGET_MS", 800, minimum=50)
# Seconds a peer's answer to one text is kept in the cache (0: asked every time).
FACTCHECK_PEER_CACHE_SECONDS = env_int("FACTCHECK_PEER_CACHE_SECONDS", 300)
# Seconds a subscribed feed has to answer, and the largest answer read, in megabytes.
FACTCHECK_FEED_TIMEOUT = env_int("FACTCHECK_FEED_TIMEOUT", 60, minimum=1)
FACTCHECK_FEED_MAX_MB = env_int("FACTCHECK_FEED_MAX_MB", 50, minimum=1)

# Alerts by email (factcheck.alerts, docs/alerts.md); the mail goes through EMAIL_* below.
# Requests to follow something accepted per client address and hour (fails closed: each
# mails an address someone typed), and confirmation links mailed to one address a day.
FACTCHECK_ALERTS_PER_HOUR = env_int("FACTCHECK_ALERTS_PER_HOUR", 5, minimum=1)
FACTCHECK_ALERTS_CONFIRMATIONS_PER_DAY = env_int(
    "FACTCHECK_ALERTS_CONFIRMATIONS_PER_DAY", 3, minimum=1
)
# Days a confirmation link works; an address nobody confirmed is deleted after them.
FACTCHECK_ALERTS_CONFIRM_DAYS = env_int("FACTCHECK_ALERTS_CONFIRM_DAYS", 7, minimum=1)
# The hour (0-23, in TIME_ZONE) the daily digests go out.
FACTCHECK_ALERTS_DIGEST_HOUR = env_int("FACTCHECK_ALERTS_DIGEST_HOUR", 7)
if FACTCHECK_ALERTS_DIGEST_HOUR > 23:
    raise ImproperlyConfigured(
        f"FACTCHECK_ALERTS_DIGEST_HOUR must be an hour from 0 to 23; got {FACTCHECK_ALERTS_DIGEST_HOUR}."
    )

INSTALLED_APPS = [
    "pghistory.admin",
    # Django's admin with the newsroom's sign-in (one-time codes, see factcheck.base.signin).
    "factcheck.base.admin_site.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "pgtrigger",
    "pghistory",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "factcheck",
    "sources",
    "claims",
    # The job queue's tables, models and admin (read-only, with retry); after the apps
    # whose ready() it may need, before factcheck.notify, whose tasks it runs.
    "procrastinate.contrib.django",
    # Long commands started from the admin as jobs, with their progress (JobRun).
    "factcheck.jobs",
    "factcheck.notify",
    "factcheck.federation",
    "factcheck.alerts",
    # The interface's languages: the language from the address, staff members' own
    # language in the admin, the catalogues' tools (docs/languages.md).
    "factcheck.i18n",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Connects first: a database that cannot be reached is a 503, not a 500.
    "factcheck.base.availability.AnswerOutagesWith503",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before anything reads parameters into a query: NUL characters get a 400.
    "factcheck.base.middleware.RefuseNulCharacters",
    # The language from the address's prefix (/ar/…); never from Accept-Language, so no
    # public response varies on it (factcheck.i18n.middleware).
    "factcheck.i18n.middleware.LanguageFromPath",
    "django.middleware.common.CommonMiddleware",
    # ETag and Last-Modified on every GET, and 304 for a matching conditional request.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a one-time code too.
    "django_otp.middleware.OTPMiddleware",
    # The admin in each staff member's own language (factcheck.i18n).
    "factcheck.i18n.middleware.StaffLanguageInAdmin",
    "factcheck.base.middleware.PrivateForStaff",
    "csp.middleware.CSPMiddleware",
    "factcheck.web.views.BadParameterMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Public reads go to a read replica when there are any; the cache's generation too.
    "factcheck.base.middleware.ReadFromReplica",
    # Innermost of the response layers: sees a response before CSRF or sessions add
    # cookies, and keeps only anonymous, cookie-free ones.
    "factcheck.base.middleware.PublicResponseCache",
    # After authentication: stamps who made each change into the audit history.
    "pghistory.middleware.HistoryMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its 429 page.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Serves collected static files in production; in development runserver does.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [
            BASE_DIR / "factcheck" / "templates",
            BASE_DIR / "factcheck" / "web" / "templates",
        ],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "factcheck.web.context.site",
                "factcheck.i18n.context.languages",
            ],
            "libraries": {"web": "factcheck.web.templatetags"},
        },
    },
]

# Anonymous public responses are cached this many seconds, keyed on the publication
# generation so no write is ever hidden by the cache (0 switches the cache off). Browsers
# and shared caches (a CDN) may keep them as long; with 0, none may (factcheck.base.middleware).
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 60)
# One process: local memory. More than one process (gunicorn workers, several
# machines) must share a cache, or throttles and the public cache differ per process.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()


def check_redis_url(url: str) -> None:
    """A URL django-redis can connect to. The URL itself is not repeated in the messages:
    it may hold the Redis password."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "unix"):
        raise ImproperlyConfigured(
            "REDIS_URL must start with redis://, rediss:// (TLS) or unix:// (a socket), "
            f"e.g. redis://127.0.0.1:6379/0; got a URL with scheme {parts.scheme!r}."
        )
    if parts.scheme == "unix":
        if not parts.path:
            raise ImproperlyConfigured("REDIS_URL must give the socket's path (unix:///path).")
        return
    try:
        parts.port  # noqa: B018 -- urlsplit checks the port only when asked
    except ValueError:
        raise ImproperlyConfigured("REDIS_URL has a port that is not a number.") from None
    if not parts.hostname:
        raise ImproperlyConfigured("REDIS_URL must name a host, e.g. redis://127.0.0.1:6379/0.")
    if parts.path.strip("/") and not re.fullmatch(r"[0-9]+", parts.path.strip("/")):
        raise ImproperlyConfigured(
            "REDIS_URL must end in a database number (…/0) or nothing after the port; "
            f"got {parts.path!r}."
        )


# Two names for one store (factcheck.base.shared_cache): "default" answers without the
# cache when Redis is down, so readers are served; "strict" raises, for the limits that
# must refuse then. Short timeouts: a Redis that hangs costs each cache call a second at most.
if REDIS_URL:
    check_redis_url(REDIS_URL)
    _redis: dict[str, Any] = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}
    _timeouts = {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1}
    CACHES: dict[str, dict[str, Any]] = {
        "default": {**_redis, "OPTIONS": {**_timeouts, "IGNORE_EXCEPTIONS": True}},
        "strict": {**_redis, "OPTIONS": {**_timeouts, "IGNORE_EXCEPTIONS": False}},
    }
    # Each ignored failure goes to a logger that reports it at most once a minute.
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "factcheck.cache.ignored"
else:
    # The same LOCATION: one store in the process's memory under both names.
    _local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "factcheck"}
    CACHES = {"default": _local, "strict": _local}

# Persistent connections: connection set-up dominates the cost of a cheap page.
# runserver answers each request in a thread that would keep its own connection open
# (Django's docs: no persistent connections in development); gunicorn reuses them.
CONN_MAX_AGE = env_int("CONN_MAX_AGE", 0 if sys.argv[1:2] == ["runserver"] else 60)
# psycopg's connection pool, per process: for threaded servers; with gunicorn's sync
# workers one persistent connection per worker does the same. 0 (the default) is off.
DATABASE_POOL_SIZE = env_int("DATABASE_POOL_SIZE", 0)
# Statements the app marks for it (the API's claim documents) are prepared once per
# connection. Switch off behind PgBouncer in transaction mode older than 1.21.
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", default=True)


def database_from_url(variable: str, url: str) -> dict[str, Any]:
    if not url.startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured(
            f"{variable} must be a PostgreSQL URL (postgres://user:password@host:port/name); "
            f"got a URL with scheme {url.split(':', 1)[0]!r}."
        )
    try:
        database = dict(dj_database_url.parse(url))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{variable} could not be parsed: {exc}") from None
    if not database.get("NAME"):
        raise ImproperlyConfigured(f"{variable} must name a database (…/name at the end).")
    return database


def with_connection_settings(database: dict[str, Any]) -> dict[str, Any]:
    options = database.setdefault("OPTIONS", {})
    options["prepare_threshold"] = 5 if DATABASE_PREPARED_STATEMENTS else None
    if DATABASE_POOL_SIZE:
        # Django refuses persistent connections beside a pool: the pool keeps them.
        options["pool"] = {"min_size": 1, "max_size": DATABASE_POOL_SIZE, "timeout": 10}
        return {**database, "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False}
    return {**database, "CONN_MAX_AGE": CONN_MAX_AGE, "CONN_HEALTH_CHECKS": True}


EMBEDDED_POSTGRES_DIR = Path(
    os.environ.get("EMBEDDED_POSTGRES_DIR") or BASE_DIR / ".data" / "postgres"
)
if EMBEDDED_POSTGRES_DIR.exists() and not EMBEDDED_POSTGRES_DIR.is_dir():
    raise ImproperlyConfigured(
        f"EMBEDDED_POSTGRES_DIR must be a folder (or not exist yet); {EMBEDDED_POSTGRES_DIR} "
        "is a file."
    )
# Where `manage.py backup` writes when given no path. The Docker image sets it to its
# backups volume: the application folder there belongs to root and is read-only.
FACTCHECK_BACKUP_DIR = Path(
    os.environ.get("FACTCHECK_BACKUP_DIR", "").strip() or BASE_DIR / "backups"
)
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    _database = database_from_url("DATABASE_URL", DATABASE_URL)
else:
    _database = {
        "ENGINE": "factcheck.base.embedded",
        "NAME": "factcheck",
        "USER": "postgres",
        "EMBEDDED_DIR": str(EMBEDDED_POSTGRES_DIR),
        "EMBEDDED_DATABASE": "factcheck",
    }
DATABASES = {"default": with_connection_settings(_database)}

# Read replicas: anonymous reads of public pages and the public API go to one of them
# (factcheck.base.routing); writes, staff and anything signed in use the primary.
DATABASE_REPLICA_URLS = env_list("DATABASE_REPLICA_URLS", [])
for _n, _url in enumerate(DATABASE_REPLICA_URLS, start=1):
    _replica = database_from_url("DATABASE_REPLICA_URLS", _url)
    # Tests never build a database of their own for a replica.
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{_n}"] = with_connection_settings(_replica)
if DATABASE_REPLICA_URLS:
    DATABASE_ROUTERS = ["factcheck.base.routing.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Django 6 behaviour now: a URL typed without a scheme is taken as https.
FORMS_URLFIELD_ASSUME_HTTPS = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "factcheck" / "web" / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Staff sign-in. Guessing is stopped per username and address together, never for a
# whole newsroom behind one proxy: after LOGIN_FAILURE_LIMIT wrong passwords, that
# username from that address waits LOGIN_LOCKOUT_MINUTES (the admin form and the API
# token endpoint alike; `manage.py axes_reset` lifts it early).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed sign-ins are kept in the database, not the shared cache: a Redis outage never
# switches the lockout off (tests/test_cache_outage.py).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "factcheck.base.http.client_address"
AXES_LOCKOUT_CALLABLE = "factcheck.base.signin.locked_out"
AXES_VERBOSE = False
# Two-factor sign-in (TOTP, `manage.py two_factor USERNAME`) is optional per person;
# on, it is required of every staff member in the admin and at the token endpoint.
FACTCHECK_STAFF_2FA_REQUIRED = env_bool("FACTCHECK_STAFF_2FA_REQUIRED", default=False)
OTP_TOTP_ISSUER = FACTCHECK_PUBLISHER_NAME

# Mail: password resets for staff ("Forgotten your login credentials?" on the sign-in
# page) and alerts (factcheck.alerts). Development prints the messages on the console;
# production sends through SMTP.
FACTCHECK_PASSWORD_RESETS_PER_HOUR = env_int("FACTCHECK_PASSWORD_RESETS_PER_HOUR", 5, minimum=1)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "").strip() or "factcheck@localhost"
try:  # an address, alone or with a name: "Example Fact Check <news@example.org>"
    validate_email(parseaddr(DEFAULT_FROM_EMAIL)[1])
except ValidationError:
    raise ImproperlyConfigured(
        "DEFAULT_FROM_EMAIL must be an email address (news@example.org, or "
        f"Example Fact Check <news@example.org>); got {DEFAULT_FROM_EMAIL!r}."
    ) from None
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
if EMAIL_HOST and not re.fullmatch(r"[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]", EMAIL_HOST):
    raise ImproperlyConfigured(
        "EMAIL_HOST must be the SMTP server's host name or address alone (smtp.example.org; "
        f"the port goes in EMAIL_PORT); got {EMAIL_HOST!r}."
    )
# Checked even without EMAIL_HOST: a mistake shows before the day mail is switched on.
_email_port = env_int("EMAIL_PORT", 587, minimum=1)
if _email_port > 65535:
    raise ImproperlyConfigured(f"EMAIL_PORT must be a port number (1-65535); got {_email_port}.")
_email_use_tls = env_bool("EMAIL_USE_TLS", default=True)
# Implicit TLS (port 465) instead of STARTTLS; the two exclude each other.
_email_use_ssl = env_bool("EMAIL_USE_SSL", default=False)
if _email_use_ssl and _email_use_tls and "EMAIL_USE_TLS" in os.environ:
    raise ImproperlyConfigured(
        "EMAIL_USE_SSL and EMAIL_USE_TLS cannot both be on: SSL for port 465, TLS (STARTTLS) "
        "for 587."
    )
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = _email_port
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_SSL = _email_use_ssl
    EMAIL_USE_TLS = _email_use_tls and not _email_use_ssl
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Production hardening: on whenever DEBUG is off, so `check --deploy` is clean. The
# values are checked with DEBUG on too, so a mistake shows before going live.
_ssl_redirect = env_bool("SECURE_SSL_REDIRECT", default=True)
_hsts_seconds = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
_hsts_preload = env_bool("SECURE_HSTS_PRELOAD", default=False)
if not DEBUG:
    SECURE_SSL_REDIRECT = _ssl_redirect
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = _hsts_seconds
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = _hsts_preload
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The admin's audit history ("Events" on every tracked object) lists each change
# with who made it, from which page, and the fields' old and new values.
PGHISTORY_ADMIN_MODEL = "claims.AuditEvent"
PGHISTORY_ADMIN_CLASS = "claims.admin.audit.AuditHistoryAdmin"

API_THROTTLE_RATES = {
    # Empty is unset, as for every other setting.
    "anon": os.environ.get("API_THROTTLE_ANON", "").strip() or "120/minute",
    "user": os.environ.get("API_THROTTLE_USER", "").strip() or "1200/minute",
}
for _scope, _rate in API_THROTTLE_RATES.items():
    if not re.fullmatch(r"\d+/(second|minute|hour|day)", _rate):
        raise ImproperlyConfigured(
            f"API_THROTTLE_{_scope.upper()} must look like 120/minute; got {_rate!r}."
        )

REST_FRAMEWORK = {
    # Deny by default: each public endpoint opts in, on a public queryset.
    "DEFAULT_PERMISSION_CLASSES": ["factcheck.api.permissions.DenyAll"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Tokens, refused to staff without the second factor when it is required.
        "factcheck.api.authentication.StaffTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["factcheck.api.parsers.NulFreeJSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "factcheck.api.negotiation.NamedFormatNegotiation",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": None,
    "DEFAULT_SCHEMA_CLASS": "factcheck.api.schema.FactcheckAutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": API_THROTTLE_RATES,
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "EXCEPTION_HANDLER": "factcheck.api.errors.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "factcheck API",
    "DESCRIPTION": (
        "Published fact-checks: claims, verdicts (ours and other fact-checkers'), speakers "
        "and their records, outlets, articles, topics and rating scales. Anonymous callers "
        "read published content only; staff write with a token. Lists page with an opaque "
        "`cursor` (follow `next`); errors are JSON naming the parameter."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    # No deep links: Swagger UI puts each one inside its operation's toggle button, a
    # link in a button that keyboards and screen readers cannot reach (axe:
    # nested-interactive, tests/test_accessibility.py).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "factcheck.api.schema.empty_urls_are_documented",
    ],
    # Operations grouped by resource: claims, verdicts, speakers…, staff.
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "ENUM_NAME_OVERRIDES": {
        "SpeakerKindEnum": "claims.choices.SpeakerKind",
        "OutletKindEnum": "sources.choices.OutletKind",
        "VerdictStatusEnum": "claims.choices.VerdictStatus",
        "SourceKindEnum": "sources.choices.SourceKind",
        "CorrectionKindEnum": "claims.choices.CorrectionKind",
    },
}

# No inline script runs anywhere (pages, admin, API docs); nothing loads from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # The admin and the API docs set a few style attributes; no script can.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Anyone may read the API from a browser on another site; nothing else is shared.
CORS_URLS_REGEX = r"^/(api/|v1alpha1/).*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Search-Order", "Error-Code"]

LOG_LEVEL = os.environ.get("LOG_LEVEL", "").strip().upper() or "INFO"
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        "LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL (in any case); "
        f"got {os.environ.get('LOG_LEVEL')!r}."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "report_once_a_minute": {"()": "factcheck.base.shared_cache.ReportOnceAMinute"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # The job queue says little at start-up; its workers say what each job did.
        "procrastinate": {"level": "WARNING"},
        "procrastinate.worker": {"level": LOG_LEVEL},
        # django-redis's line for every request while Redis is down, turned into one a
        # minute (DJANGO_REDIS_LOGGER).
        "factcheck.cache.ignored": {"filters": ["report_once_a_minute"]},
    },
}

# Preloading HSTS is a commitment for every subdomain; it is opt-in through
# SECURE_HSTS_PRELOAD, so the reminder that it is off is not an error here.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
