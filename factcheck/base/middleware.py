"""Input PostgreSQL cannot store is refused at the door, with a message, not a 500."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

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
