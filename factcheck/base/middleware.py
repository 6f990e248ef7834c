"""Input PostgreSQL cannot store is refused at the door, with a message, not a 500."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.cache import patch_cache_control, patch_vary_headers

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
                    return HttpResponseBadRequest(
                        f"The {where} parameter “{name}” contains a NUL character (\\x00), "
                        "which cannot be stored. Remove it and try again.",
                        content_type="text/plain; charset=utf-8",
                    )
        if NUL in request.path:
            return HttpResponseBadRequest(
                "The address contains a NUL character (\\x00).",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class PrivateForStaff:
    """Nothing a signed-in person sees (previews, banners, staff API answers) is stored
    in or served from a shared cache; anonymous public reads may be, for a minute."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = (
            (user is not None and user.is_authenticated)
            or "HTTP_AUTHORIZATION" in request.META
            or request.path.startswith(("/admin/", "/api/v1/staff/", "/api/v1/token/"))
        )
        if personal:
            patch_cache_control(response, private=True, no_store=True)
        elif (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.has_header("Cache-Control")
        ):
            patch_cache_control(response, public=True, max_age=60)
        patch_vary_headers(response, ("Cookie", "Authorization"))
        return response
