"""Field definitions the public and staff serializers share: one wording of each model
field's constraints and help text (the API may not read them off the models, see the
forbidden import contract), so the read and write schemas cannot drift apart."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from factcheck.base.db import URL_MAX_LENGTH


def optional_text(max_length: int, help_text: str) -> serializers.CharField:
    """A short text the model lets stay empty."""
    return serializers.CharField(
        max_length=max_length, allow_blank=True, required=False, help_text=help_text
    )


def web_url(
    help_text: str, label: str = "URL", max_length: int = URL_MAX_LENGTH
) -> serializers.URLField:
    return serializers.URLField(
        max_length=max_length, allow_blank=True, required=False, label=label, help_text=help_text
    )


def known_date(help_text: str, **kwargs: Any) -> serializers.DateField:
    return serializers.DateField(allow_null=True, required=False, help_text=help_text, **kwargs)


def speaker_title() -> serializers.CharField:
    return optional_text(200, "Title or role when the claim was made, e.g. “Political scientist”.")


def speaker_affiliation() -> serializers.CharField:
    return optional_text(200, "Party, employer or institution, e.g. “Cairo University”.")


def speaker_country() -> serializers.CharField:
    return optional_text(2, "ISO 3166-1 alpha-2 code, e.g. “EG”.")


def article_url() -> serializers.URLField:
    return web_url("Where it was published, if online.")


def article_byline() -> serializers.CharField:
    return optional_text(300, "Author names as printed.")


def article_published_on(**kwargs: Any) -> serializers.DateField:
    return known_date("Publication date, if known.", **kwargs)
