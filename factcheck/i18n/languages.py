"""The interface's languages and their addresses: English at the root, every other
language under its prefix (``/ar/claims/x/``). Pure functions of settings and paths."""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info

from factcheck.base.http import site_url

# The script direction of each language, as readers write it.
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur"})
_PREFIX = re.compile(r"^/([a-z]{2,3})(?:/|$)")


def codes() -> list[str]:
    """The interface's languages, the default (at the root) first."""
    others = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    return [settings.LANGUAGE_CODE, *others]


def is_right_to_left(code: str) -> bool:
    return code.split("-")[0] in RIGHT_TO_LEFT


def autonym(code: str) -> str:
    """The language's name in itself ("العربية"), as a switcher shows it."""
    names = dict(settings.LANGUAGES)
    return str(names.get(code) or get_language_info(code)["name_local"])


def language_in_path(path: str) -> str | None:
    """The language a path's prefix names (``/ar/…``: "ar"), or None: the root's. The
    default language has no prefix: ``/en/…`` names no language (it is not an address)."""
    match = _PREFIX.match(path)
    if match and match.group(1) in codes() and match.group(1) != settings.LANGUAGE_CODE:
        return match.group(1)
    return None


def path_in_language(path: str, code: str) -> str:
    """``path`` (a path from the site's root, without the script prefix, e.g.
    ``request.path_info``, with or without a query) in language ``code``."""
    current = language_in_path(path)
    bare = path[len(current) + 1 :] if current else path
    bare = bare if bare.startswith("/") else "/" + bare
    return bare if code == settings.LANGUAGE_CODE else f"/{code}{bare}"


def original_url(name: str, *args: object) -> str:
    """The absolute address of a page at the root, in the default language, whatever the
    current one: where content published here lives (canonical, feed ids, ClaimReview)."""
    with translation.override(settings.LANGUAGE_CODE):
        return site_url(reverse(name, args=args))


def url_in_language(url: str, code: str) -> str:
    """An absolute address of this site (``FACTCHECK_SITE_URL``…) in language ``code``;
    any other address as it is."""
    site = settings.FACTCHECK_SITE_URL
    site = site if site.endswith("/") else site + "/"
    if not url.startswith(site):
        return url
    return site_url(path_in_language("/" + url[len(site) :], code))
