"""Template helpers of the public pages (registered as the ``web`` library in settings)."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop

from claims.selectors import public as queries
from factcheck.web.rendering import rating_symbol, render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)


# As Django's ``json_script`` escapes them: no text inside (a claim quoting "</script>")
# can end the block or open a comment.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(value: Any) -> SafeString:
    """``value`` as a JSON-LD block (``<script type="application/ld+json">``), the only
    script type search engines and extruct read structured data from."""
    text = json.dumps(value, cls=DjangoJSONEncoder).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter
def bdi(value: Any) -> SafeString:
    """``value`` isolated from the text around it (``<bdi>``): a name or other text from the
    records, in its own direction inside a sentence of the interface's ("بقلم Reuters")."""
    return format_html("<bdi>{}</bdi>", value)


# What the revisions record as the byline of staff who gave no name, in English
# (``claims.selectors.newsroom.display_name``): the newsroom, named in the page's language.
NO_NAME = gettext_noop("the editorial team")


@register.filter
def byline(name: str) -> str:
    """A byline as published, "the editorial team" in the page's language."""
    return gettext(NO_NAME) if name == NO_NAME else name


@register.filter
def bylines(names: Any) -> list[str]:
    return [byline(name) for name in names]


@register.filter
def web_address(url: str | None) -> str:
    """``url`` when it is an http(s) address, else "": a link never runs script
    (``javascript:``) or opens anything else, whatever got into the field."""
    value = (url or "").strip()
    return value if value.lower().startswith(("http://", "https://")) else ""


def _page_language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _other_language(code: str) -> str:
    """``code`` when it is not the page's language (a ``lang`` attribute to add), else ""."""
    return "" if code == _page_language().split("-")[0] else code


@register.inclusion_tag("web/rating.html")
def rating(value: Any) -> dict[str, Any]:
    """A rating as readers see it: its label in the page's language (the English one where
    it has none in it), with a shape and its colour, never colour alone."""
    # A rating as published (a revision's dict) or as it is today (a Rating row).
    position = (
        value.get("position") if isinstance(value, dict) else getattr(value, "position", None)
    )
    language = _page_language()
    return {
        "rating": value,
        "symbol": rating_symbol(position),
        "label": queries.rating_label(value, language),
        "label_lang": _other_language(queries.rating_label_language(value, language)),
    }


@register.filter
def rating_label(value: Any) -> str:
    """A rating's label (as published, or as it is today) in the page's language."""
    return queries.rating_label(value, _page_language())


@register.filter
def label_in_language(label: str, labels: Any) -> str:
    """A rating's ``label`` as published, in the page's language when the revision
    published one in it (``labels``, a revision's ``labels`` of the rating)."""
    return queries.rating_label({"label": label, "labels": labels}, _page_language())


@register.simple_tag
def rating_definition(value: Any) -> SafeString:
    """What a rating means, in the page's language (the English definition where it has
    none in it), as a block in its own direction."""
    language = _page_language()
    other = _other_language(queries.rating_definition_language(value, language))
    return format_html(
        '<div dir="auto"{}>{}</div>',
        format_html(' lang="{}"', other) if other else "",
        queries.rating_definition(value, language),
    )


@register.filter
def rating_html(value: Any) -> SafeString:
    """What ``{% rating value %}`` shows, as a value a translated sentence can hold
    ("{{ rating }} by {{ publisher }}")."""
    return mark_safe(render_to_string("web/rating.html", rating(value)))


@register.filter
def bdi_list(values: Any, separator: str = ", ") -> SafeString:
    """Names from the records, each isolated (``bdi``), separated by commas."""
    return format_html_join(separator, "<bdi>{}</bdi>", ((value,) for value in values))


@register.filter
def translated(value: Any) -> str:
    """A word of the domain's vocabulary (kept in English in the records and marked with
    ``gettext_noop`` where it is defined) in the page's language."""
    return gettext(str(value)) if value else ""


@register.filter
def translated_list(values: Any) -> str:
    return ", ".join(translated(value) for value in values)


@register.inclusion_tag("web/badge.html")
def verdict_badge(verdict: Any) -> dict[str, Any]:
    """What a list shows of a verdict: "Retracted" with its date once it is retracted (its
    rating no longer stands), else its rating as published."""
    retraction = verdict.retraction
    context = rating(verdict.rating)
    context["retraction"] = retraction
    return context


@register.filter
def names_its_kind(note: str, label: str) -> bool:
    """Whether a correction's note already opens with its kind ("Update, 10 October 2025:
    …" for an update): then the page shows the note alone, not "Update. Update, …"."""
    return bool(label) and str(note).casefold().startswith(str(label).casefold())
