"""Which language a request is answered in.

The public site's language is its address's: ``/ar/…`` is Arabic, the root English. It is
never guessed from ``Accept-Language`` (Django's ``LocaleMiddleware`` would, redirecting
and adding ``Vary: Accept-Language``): every public address is one page, one entry in
the public response cache and in any shared cache in front. The admin is in each staff
member's own language (``StaffLanguage``), read once per session. The API, feeds at the
root, sitemaps and everything else without a prefix are in the default language (English).

The language is active for the request only: it is put back afterwards, so nothing run
later in the same thread (a test, a job) inherits it."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from factcheck.i18n.languages import language_in_path
from factcheck.i18n.models import InterfaceLanguage, StaffLanguage

ADMIN_PATH = "/admin/"
SESSION_KEY = "staff_language"


def staff_language(request: HttpRequest) -> str:
    """The signed-in staff member's own language, cached in their session."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return settings.LANGUAGE_CODE
    session = getattr(request, "session", None)
    cached = session.get(SESSION_KEY) if session is not None else None
    if cached in InterfaceLanguage.values:
        return str(cached)
    chosen = (
        StaffLanguage.objects.filter(user_id=user.pk).values_list("language", flat=True).first()
    )
    language = chosen or settings.LANGUAGE_CODE
    if session is not None:
        session[SESSION_KEY] = language
    return language


def remember_staff_language(request: HttpRequest, language: str) -> None:
    """After the staff member chose: their next page is in it, without asking again."""
    request.session[SESSION_KEY] = language


class LanguageFromPath:
    """The public site's language, from the address's prefix: before CommonMiddleware, so
    that ``/ar/search`` is sent on to ``/ar/search/`` like ``/search``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(ADMIN_PATH):
            return self.get_response(request)  # StaffLanguageInAdmin's
        language = language_in_path(request.path_info) or settings.LANGUAGE_CODE
        return _answer_in(language, request, self.get_response)


class StaffLanguageInAdmin:
    """The admin in the signed-in staff member's own language (after authentication)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(ADMIN_PATH):
            return self.get_response(request)
        return _answer_in(staff_language(request), request, self.get_response)


def _answer_in(
    language: str, request: HttpRequest, get_response: Callable[[HttpRequest], HttpResponse]
) -> HttpResponse:
    request.LANGUAGE_CODE = language
    with translation.override(language):
        response = get_response(request)
    # Says which language the page is in; varies on nothing.
    response.headers.setdefault("Content-Language", language)
    return response
