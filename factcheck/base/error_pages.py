"""Django's error handlers: JSON for API callers, pages in the site's layout for readers
(a way home, a search box, readable on a phone), and a 503 (not a 500) when the
database is out of reach."""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views import defaults

from factcheck.base.availability import is_outage, unavailable
from factcheck.base.http import wants_json

logger = logging.getLogger("factcheck.errors")

# The last resort, should the template itself fail (a missing static manifest, a broken
# template): still a page a phone can read, with a way home.
PLAIN_500 = """<!DOCTYPE html>
<html lang="en" dir="ltr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Something went wrong</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 1rem auto; padding: 0 1rem">
<main><h1>Something went wrong</h1>
<p>We could not show this page. The error has been logged; please try again in a little while.</p>
<p><a href="/">Go to the home page</a> · <a href="/search/">Search the fact-checks</a></p></main>
</body></html>
"""


def handler404(request: HttpRequest, exception: Exception) -> HttpResponse:
    """An address that matches nothing: the same answer as a slug that names nothing."""
    if wants_json(request):
        return JsonResponse(
            {"detail": "Not found."}, status=404, headers={"Error-Code": "not_found"}
        )
    return render(request, "web/404.html", status=404)


def handler403(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Staff refused a newsroom page (a fact-checker following a link to a webhook or a
    peer): a page in the admin's layout saying so, with the way back, where Django's own
    is a bare "403 Forbidden". Everything else keeps Django's answer."""
    user = getattr(request, "user", None)
    if (
        user is not None
        and user.is_active
        and user.is_staff
        and not wants_json(request)
        and request.path.startswith(reverse("admin:index"))
    ):
        context = {**admin.site.each_context(request), "reason": str(exception)}
        return render(request, "admin/refused.html", context, status=403)
    return defaults.permission_denied(request, exception)


def server_error_page() -> str:
    """The 500 page, rendered from settings alone: no request, so no context processor,
    session or database is touched; it shows when those are what failed."""
    try:
        return render_to_string("web/500.html", {"site_name": settings.FACTCHECK_PUBLISHER_NAME})
    except Exception:
        logger.exception("the 500 page could not be rendered; serving the plain one")
        return PLAIN_500


def handler500(request: HttpRequest) -> HttpResponse:
    """Outages met outside a view (a session saved on the way out) are 503s too."""
    exc = sys.exc_info()[1]
    if exc is not None and is_outage(exc):
        return unavailable(request)
    if wants_json(request):
        return JsonResponse({"detail": "Server error: it has been logged."}, status=500)
    response = HttpResponse(server_error_page(), status=500)
    response["Cache-Control"] = "no-store"
    return response
