"""Input PostgreSQL cannot store is refused at the door, with a message, not a 500."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from factcheck.base.http import wants_json
from factcheck.base.publication import publication_generation
from factcheck.base.routing import reading_from_replica, replicas

NUL = "\x00"


class RefuseNulCharacters:
    """PostgreSQL text cannot hold a NUL character, and a filter or form value holding one
    would fail deep inside a query. Refuse such requests with a 400 naming the parameter."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for where, params in (("query", request.GET), ("form", request.POST)):
            for key, values in params.lists():
                if NUL in key or any(NUL in value for value in values):
                    name = key.replace(NUL, "\\x00")
                    return self.refuse(
                        request,
                        name,
                        f"The {where} parameter “{name}” contains a NUL character (\\x00), "
                        "which cannot be stored. Remove it and try again.",
                    )
        if NUL in request.path:
            return self.refuse(request, "path", "The address contains a NUL character (\\x00).")
        return self.get_response(request)

    @staticmethod
    def refuse(request: HttpRequest, name: str, message: str) -> HttpResponse:
        if wants_json(request):
            return JsonResponse({name: [message]}, status=400)  # as the API's other 400s
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


PERSONAL_PATHS = ("/admin/", "/api/v1/staff/", "/api/v1/token/")


def is_personal(request: HttpRequest) -> bool:
    """A request whose answer belongs to one person: signed in, credentials, staff paths."""
    user = getattr(request, "user", None)
    return (
        (user is not None and user.is_authenticated)
        or "HTTP_AUTHORIZATION" in request.META
        or request.path.startswith(PERSONAL_PATHS)
    )


def is_public_read(request: HttpRequest) -> bool:
    """A read anyone could have made: GET or HEAD, no session, no sign-in, no credentials.
    Only such requests are answered from the cache or from a read replica."""
    cookies = {settings.SESSION_COOKIE_NAME, "messages"}
    return (
        request.method in ("GET", "HEAD")
        and not cookies & set(request.COOKIES)
        and not is_personal(request)
    )


class ReadFromReplica:
    """Public reads go to a read replica when there are any (``DATABASE_REPLICA_URLS``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replicas() or not is_public_read(request):
            return self.get_response(request)
        with reading_from_replica():
            return self.get_response(request)


class PrivateForStaff:
    """Nothing a signed-in person sees (previews, banners, staff API answers) is stored
    in or served from a shared cache; anonymous public reads may be, for
    ``PUBLIC_CACHE_SECONDS``. With 0 they are ``private, no-cache``: no shared cache keeps
    them and browsers ask again each time (a 304 when the ETag still matches)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_personal(request):
            patch_cache_control(response, private=True, no_store=True)
        elif request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            # The page holds a form token tied to this reader's cookie: theirs alone.
            patch_cache_control(response, private=True)
        elif (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.has_header("Cache-Control")
        ):
            if settings.PUBLIC_CACHE_SECONDS:
                patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
            else:
                patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ("Cookie", "Authorization"))
        return response


class PublicResponseCache:
    """Anonymous public reads (pages, feeds, the public API) answered from the cache.

    The key carries the publication generation, read before anything else, so a cached
    response is never served after a write committed (see ``publication``). Only the
    plainest requests take part: a GET with no sign-in, no session or messages cookie,
    no credentials; and only the plainest responses are kept: a complete 200 that sets
    no cookie and embeds no CSRF token. ``PUBLIC_CACHE_SECONDS=0`` switches it off.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.PUBLIC_CACHE_SECONDS
        if not seconds or not self._plain_request(request):
            return self.get_response(request)
        key = self._key(request, publication_generation())
        cached = caches["default"].get(key)
        if cached is not None:
            status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Public-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._plain_response(request, response):
            headers = list(response.items())
            caches["default"].set(key, (response.status_code, headers, response.content), seconds)
            response["X-Public-Cache"] = "miss"
        return response

    @staticmethod
    def _plain_request(request: HttpRequest) -> bool:
        # The health check says how the database is now: never from the cache, and not
        # dependent on the cache's counter table (a database not yet migrated is healthy).
        return request.method == "GET" and request.path != "/healthz" and is_public_read(request)

    @staticmethod
    def _plain_response(request: HttpRequest, response: HttpResponse) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not response.has_header("Cache-Control")
        )

    @staticmethod
    def _key(request: HttpRequest, generation: int) -> str:
        # The Accept header picks the API's format, so it is part of what was asked.
        asked = "\n".join(
            [request.get_host(), request.get_full_path(), request.META.get("HTTP_ACCEPT", "")]
        )
        digest = hashlib.sha256(asked.encode()).hexdigest()
        return f"public:{generation}:{digest}"
