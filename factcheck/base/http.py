"""Small facts about a request that several layers need."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix

JSON_PATHS = ("/api/", "/v1alpha1/", "/healthz")


def wants_json(request: HttpRequest) -> bool:
    """API callers get errors in JSON, readers in a page."""
    return request.path.startswith(JSON_PATHS) or (
        "application/json" in request.headers.get("Accept", "")
    )


def client_address(request: HttpRequest) -> str:
    """The reader's address as the trusted proxies saw it, never the proxy's own."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if count and forwarded:
        return forwarded[-min(count, len(forwarded))]
    return str(request.META.get("REMOTE_ADDR", ""))


def site_url(path: str = "") -> str:
    """The absolute address of ``path`` on this site, at ``FACTCHECK_SITE_URL``: never
    from the request's Host, which the client or a proxy chooses.

    ``path`` is a path as ``reverse()`` or ``request.get_full_path()`` gives it (under the
    script prefix, which is then replaced by the site URL's own path), or a path relative
    to the site's root ("claims/slug/"). A site served under a prefix the proxy strips
    (``https://example.org/factcheck/``) thus gets its links under the prefix, whether or
    not the server was told of it (``SCRIPT_NAME``)."""
    prefix = get_script_prefix()
    relative = path[len(prefix) :] if path.startswith(prefix) else path.lstrip("/")
    site = settings.FACTCHECK_SITE_URL
    return f"{site}{relative}" if site.endswith("/") else f"{site}/{relative}"
