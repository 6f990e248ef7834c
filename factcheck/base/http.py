"""Small facts about a request that several layers need."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

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
