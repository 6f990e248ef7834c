"""The project's own system checks (``manage.py check``), registered by
``factcheck.apps.FactcheckConfig``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
from django.http.request import split_domain_port, validate_host


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
