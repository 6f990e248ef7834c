"""When the database is down, say so: a 503 with a plain message, not a 500.

Connections are made (and the embedded server restarted, see ``embedded``) at the start
of each request, so service resumes by itself on the first request after the database
is back. ``/healthz`` answers load balancers and compose health checks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache

from factcheck.base.http import wants_json
from factcheck.base.shared_cache import cache_answers

logger = logging.getLogger("factcheck.availability")

RETRY_AFTER_SECONDS = 5
# In English (the API's); the page translates it (marked for the catalogues).
MESSAGE = gettext_noop(
    "The fact-check database is not answering right now. Nothing was changed by this "
    "request; please try again in a few seconds."
)
# SQLSTATE classes that mean the connection, not the statement, failed: 08 connection
# exceptions, 57P01-57P03 shutdown and start-up.
_CONNECTION_STATES = ("08", "57P01", "57P02", "57P03")


def is_outage(exc: BaseException) -> bool:
    """True when ``exc`` says the database cannot be reached, not that a query was wrong."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    state = getattr(cause, "sqlstate", None)
    if state is None:
        # psycopg raises connection failures (refused, reset, closed) without a state.
        return True
    return str(state).startswith(_CONNECTION_STATES)


def unavailable(request: HttpRequest) -> HttpResponse:
    response: HttpResponse
    if wants_json(request):
        response = JsonResponse({"detail": MESSAGE, "code": "database_unavailable"}, status=503)
    else:
        body = render_to_string("web/unavailable.html", {"message": MESSAGE}, request=request)
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class AnswerOutagesWith503:
    """Connect before anything else touches the database; a failure to connect, here or
    later in a view, is a 503 with ``Retry-After``, and the next request tries afresh."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            connection.ensure_connection()
        except DatabaseError as exc:
            if not is_outage(exc):
                raise
            logger.warning("database unavailable: %s", exc)
            return unavailable(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_outage(exception):
            return None
        logger.warning("database unavailable during %s: %s", request.path, exception)
        # A broken connection is closed now, so the next request connects afresh.
        connection.close_if_unusable_or_obsolete()
        return unavailable(request)


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """503 (from the middleware or here) when the database does not answer a query.
    Otherwise 200, with ``"status": "degraded"`` and ``"cache": "unreachable"`` while the
    shared cache does not answer: the site still serves readers then, and every web
    process shares the one Redis, so a load balancer that took them out of service for
    it would turn a slower site into no site. Monitors alert on the status."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        if not is_outage(exc):
            raise
        return unavailable(request)
    cache = "ok" if cache_answers() else "unreachable"
    status = "ok" if cache == "ok" else "degraded"
    return JsonResponse({"status": status, "database": "ok", "cache": cache})
