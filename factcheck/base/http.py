"""Small facts about a request that several layers need."""

from __future__ import annotations

from django.http import HttpRequest

JSON_PATHS = ("/api/", "/v1alpha1/", "/healthz")


def wants_json(request: HttpRequest) -> bool:
    """API callers get errors in JSON, readers in a page."""
    return request.path.startswith(JSON_PATHS) or (
        "application/json" in request.headers.get("Accept", "")
    )
