"""What every public page needs to offer its other languages: the switcher's links (the
same page, with its query, in each language) and, on pages whose content is the interface
itself, the ``hreflang`` alternates (docs/languages.md, "Addresses and search engines")."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import get_script_prefix
from django.utils import translation

from factcheck.base.http import site_url
from factcheck.i18n.languages import autonym, codes, is_right_to_left, path_in_language

# Pages whose words are the interface's, each language's page its own canonical: linked
# to each other by hreflang. A claim's and an article's page show content in its own
# language whatever the interface's: their other-language pages point to the original
# with rel=canonical instead, and carry no alternates (until translations of verdicts).
INTERFACE_PAGES = frozenset(
    {
        "web:home",
        "web:search",
        "web:checked",
        "web:ratings",
        "web:corrections",
        "web:about",
        "web:suggest",
        "web:speaker",
        "web:outlet",
        "web:topic",
    }
)


def _hint(code: str) -> str:
    with translation.override(code):
        # Translators: offered to a reader whose browser prefers this language, in it:
        # "Read this page in English", "اقرأ هذه الصفحة بالعربية", "Lire cette page en français".
        return translation.gettext("Read this page in this language")


def languages(request: HttpRequest) -> dict[str, Any]:
    current = translation.get_language() or codes()[0]
    path = request.path_info
    query = request.META.get("QUERY_STRING", "")
    prefix = get_script_prefix()
    links = []
    for code in codes():
        target = path_in_language(path, code)
        links.append(
            {
                "code": code,
                "name": autonym(code),
                "href": prefix + target.lstrip("/") + (f"?{query}" if query else ""),
                "current": code == current,
                "dir": "rtl" if is_right_to_left(code) else "ltr",
                "hint": _hint(code),
            }
        )
    match = getattr(request, "resolver_match", None)
    alternates = []
    if match is not None and match.view_name in INTERFACE_PAGES and not query:
        alternates = [
            {"code": code, "href": site_url(path_in_language(path, code))} for code in codes()
        ]
        alternates.append(
            {"code": "x-default", "href": site_url(path_in_language(path, codes()[0]))}
        )
    return {"language_links": links, "alternates": alternates}
