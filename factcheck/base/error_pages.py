"""Django's error handlers: JSON for API callers, pages for readers, and a 503 (not a
500) when the database is out of reach."""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

from factcheck.base.availability import is_outage, unavailable
from factcheck.base.http import wants_json


def handler404(request: HttpRequest, exception: Exception) -> HttpResponse:
    """An address that matches nothing: the same answer as a slug that names nothing."""
    if wants_json(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    """Outages met outside a view (a session saved on the way out) are 503s too."""
    exc = sys.exc_info()[1]
    if exc is not None and is_outage(exc):
        return unavailable(request)
    if wants_json(request):
        return JsonResponse({"detail": "Server error: it has been logged."}, status=500)
    return defaults.server_error(request)
