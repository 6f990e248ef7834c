"""The project's own system checks (``manage.py check``), registered by
``factcheck.apps.FactcheckConfig``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
from django.db import DatabaseError, connections
from django.db.migrations.recorder import MigrationRecorder
from django.http.request import split_domain_port, validate_host

from claims.matching.embedding import unavailable_reason
from claims.selectors.public_index import stored_page_address
from claims.selectors.vectors import forget_vector_state, storage_ready
from factcheck.base.http import site_url
from factcheck.base.shared_cache import cache_answers


@register(Tags.security, deploy=True)
def site_host_is_allowed(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Every link the site writes points at FACTCHECK_SITE_URL: a host that ALLOWED_HOSTS
    refuses makes each of them a 400 (Bad Request) for whoever follows it."""
    domain, _port = split_domain_port(urlsplit(settings.FACTCHECK_SITE_URL).netloc)
    if domain and validate_host(domain, settings.ALLOWED_HOSTS):
        return []
    return [
        Warning(
            f"FACTCHECK_SITE_URL ({settings.FACTCHECK_SITE_URL}) is on the host "
            f"{domain or '(none)'!r}, which ALLOWED_HOSTS ({', '.join(settings.ALLOWED_HOSTS)}) "
            "does not include: every link the site writes (pages, feeds, sitemap, API) "
            "would be refused.",
            hint="Add the host to ALLOWED_HOSTS, or set FACTCHECK_SITE_URL (by default "
            "FACTCHECK_PUBLISHER_URL) to the address the site is served at.",
            id="factcheck.W001",
        )
    ]


@register(Tags.database)
def index_built_for_the_site_url(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """The public index stores our pages' addresses as they were published: after
    FACTCHECK_SITE_URL changes, the API and Fact Check Tools would link to the old site
    until the index is rewritten. Run with the database checks (``migrate``,
    ``check --database default``)."""
    if not databases or "default" not in databases:
        return []
    try:
        stored = stored_page_address()
    except DatabaseError:  # before the first migrate: no index to be stale
        return []
    if stored is None or stored.startswith(site_url()):
        return []
    return [
        Warning(
            f"The public index links our verdicts at {stored!r}, not at FACTCHECK_SITE_URL "
            f"({site_url()}): the API and Fact Check Tools answers would send readers to "
            "the old address.",
            hint="Run `python manage.py rebuild_public_index` (it changes no revision).",
            id="factcheck.W002",
        )
    ]


@register(Tags.caches)
def shared_cache_answers(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Start-up (``migrate``, ``check``, runserver) says when REDIS_URL cannot be reached.
    A warning, not an error: the site serves readers without its cache, and stopping
    start-up for it would turn a slower site into no site."""
    if not settings.REDIS_URL or cache_answers():
        return []
    return [
        Warning(
            "The shared cache at REDIS_URL does not answer. The site will serve readers "
            "without it (no public response cache; API throttles and suggestion limits let "
            "requests through) and refuse password resets until it answers; /healthz "
            'reports "status": "degraded".',
            hint="Start Redis, or correct REDIS_URL (host, port, password, database).",
            id="factcheck.W010",
        )
    ]


VECTORS_MIGRATION = ("claims", "0021_claim_vectors")


@register(Tags.database)
def claim_vectors_available(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """Matching by meaning needs pgvector's tables and a CPU the sentence model runs on;
    without them the site works, matching claims by their words, and says so here (run
    with ``migrate`` and ``check --database default``)."""
    if not databases or "default" not in databases or not settings.FACTCHECK_CLAIM_VECTORS:
        return []
    try:
        applied = MigrationRecorder(connections["default"]).applied_migrations()
        if VECTORS_MIGRATION not in applied:
            return []  # not migrated yet: the migration creates them where it can
        forget_vector_state()
        reason = (
            None
            if storage_ready("default")
            else (
                "the database has no pgvector tables (PostgreSQL without the pgvector "
                "extension, or a database user who may not create it)"
            )
        )
    except DatabaseError:
        return []
    reason = reason or unavailable_reason()
    if reason is None:
        return []
    return [
        Warning(
            f'Claim vectors are off: {reason}. "Already checked?", article suggestions, '
            "the staff and public matching and `similar_claims` use lexical matching "
            "(shared words, one language): rewordings and translations are missed.",
            hint="Use PostgreSQL with pgvector (the pgvector/pgvector:pg17 image of "
            "docker-compose.yml, or the embedded server), have a superuser run "
            "`CREATE EXTENSION vector;` in the database, then `python manage.py "
            "embed_claims` (it creates the tables and computes the vectors). The sentence "
            'model needs an x86-64 CPU with AVX2. docs/operations.md, "Claim vectors".',
            id="factcheck.W011",
        )
    ]
