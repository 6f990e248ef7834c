"""The list filters, on the public index's columns (``PublishedClaim``,
``PublishedVerdict``): a claim is found by what it was published with, never by the
newsroom's working copy. Slugs become ids inside the page's one statement (the narrowing
is ``claims.selectors.public``'s). Malformed values (dates, language tags) are a 400
naming the parameter, from django-filter's forms; unknown slugs are a 400 too, found out
only when a page comes back empty, so that a normal request pays no extra query for them."""

from __future__ import annotations

import datetime
import re
from typing import Any

import django_filters
from django import forms
from django.core.validators import EMPTY_VALUES
from django.db.models import Q, QuerySet
from django.utils import timezone

from claims.selectors import public as queries
from claims.selectors import public_outlets, public_topics
from factcheck.base.db import LANGUAGE_TAG_REGEX

SLUG = r"^[-a-zA-Z0-9_]+$"
OURS = "ours"


class SlugField(forms.RegexField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            regex=SLUG,
            max_length=200,
            error_messages={"invalid": "Give a slug: letters, digits, hyphens and underscores."},
            **kwargs,
        )


class SlugFilter(django_filters.CharFilter):
    field_class = SlugField


# A language tag as callers write it: BCP 47 tags are compared in any case ("en-us").
LANGUAGE_TAG = re.compile(LANGUAGE_TAG_REGEX, re.IGNORECASE)
LANGUAGE_TAG_MAX = 35
LANGUAGE_HINT = "Give a language tag such as “en”, “ar” or “pt-BR”."


def is_language_tag(value: str) -> bool:
    return len(value) <= LANGUAGE_TAG_MAX and LANGUAGE_TAG.fullmatch(value) is not None


class LanguageField(forms.RegexField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            regex=LANGUAGE_TAG,
            max_length=LANGUAGE_TAG_MAX,
            error_messages={"invalid": LANGUAGE_HINT},
            **kwargs,
        )


class LanguageFilter(django_filters.CharFilter):
    """A language by its primary subtag, both ways round: ``en-US`` finds claims in ``en``
    and in ``en-GB``, ``en`` finds ``en-US``; in any case. Our verdicts currently
    translated into it are in it too (``claims_in_language``, ``verdicts_in_language``)."""

    field_class = LanguageField

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in EMPTY_VALUES:
            return qs
        return self.readable_in(qs, value)

    def readable_in(self, qs: QuerySet[Any], tag: str) -> QuerySet[Any]:
        return queries.claims_in_language(qs, tag)


class VerdictLanguageFilter(LanguageFilter):
    def readable_in(self, qs: QuerySet[Any], tag: str) -> QuerySet[Any]:
        return queries.verdicts_in_language(qs, tag)


class PublicFilterSet(django_filters.FilterSet):
    """Filters whose slugs must name something public: ``unknown()`` lists those that do not.

    No ``Meta.model``: every filter is declared, and narrows the queryset the view hands
    in (the public index, from ``claims.selectors.public``)."""

    # parameter -> how to tell whether a slug names something the public may see
    known: dict[str, Any] = {}

    def unknown(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        if not self.is_bound or not self.is_valid():  # no filter asked for, or refused
            return errors
        for name, exists in self.known.items():
            value = self.form.cleaned_data.get(name)
            if value and value != OURS and not exists(value):
                errors[name] = [f"No public {name} has the slug “{value}”."]
        return errors


def _day_starts(value: datetime.date) -> datetime.datetime:
    """The first moment of ``value`` in TIME_ZONE: a date bound as a range on the stored
    timestamp, which its index serves (``__date`` would convert every row)."""
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))


def _until(field: str, value: datetime.date) -> Q:
    """``field`` on or before the day ``value``, in TIME_ZONE (every moment is before the
    end of the last day a date can name)."""
    if value >= datetime.date.max:
        return Q()
    return Q(**{f"{field}__lt": _day_starts(value + datetime.timedelta(days=1))})


class ClaimFilter(PublicFilterSet):
    """Filters on the public index's columns: what each claim was published with."""

    speaker = SlugFilter(
        method="by_speaker",
        help_text="A speaker's slug (with the claims of speakers merged into them).",
    )
    rating = SlugFilter(
        method="by_rating",
        help_text="A rating's slug, e.g. `false`: claims with a public verdict so rated.",
    )
    topic = SlugFilter(method="by_topic", help_text="A topic's slug.")
    outlet = SlugFilter(
        method="by_outlet",
        help_text="An outlet's slug: where the claim appeared, or the outlet of its article.",
    )
    publisher = SlugFilter(
        method="by_publisher",
        help_text="`ours`, or the slug of the fact-checker that published a review.",
    )
    language = LanguageFilter(
        field_name="language",
        help_text="A language tag, e.g. `en` or `en-US`: claims in any variety of its "
        "language, and those whose verdict of ours has a current translation into it "
        "(listed in `translations`; `q` then searches the translation's words).",
    )
    claimed_after = django_filters.DateFilter(
        field_name="claimed_on", lookup_expr="gte", help_text="Claimed on or after (YYYY-MM-DD)."
    )
    claimed_before = django_filters.DateFilter(
        field_name="claimed_on", lookup_expr="lte", help_text="Claimed on or before (YYYY-MM-DD)."
    )
    published_after = django_filters.DateFilter(
        method="published_from",
        help_text="With a public verdict published on or after (YYYY-MM-DD).",
    )
    published_before = django_filters.DateFilter(
        method="published_until",
        help_text="With a public verdict published on or before (YYYY-MM-DD).",
    )

    known = {
        "speaker": queries.speaker_published,
        "rating": queries.rating_exists,
        "topic": lambda slug: public_topics().filter(slug=slug).exists(),
        "outlet": lambda slug: public_outlets().filter(slug=slug).exists(),
        "publisher": lambda slug: public_outlets().filter(slug=slug).exists(),
    }

    def by_speaker(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(speaker_id__in=queries.speaker_ids(value))

    def by_rating(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        # A slug names a rating in each scale that has it.
        return queries.claims_rated(queryset, value)

    def by_topic(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queries.claims_on_topic(queryset, value)

    def by_outlet(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queries.claims_from_outlet(queryset, value)

    def by_publisher(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == OURS:
            return queryset.filter(has_ours=True)
        return queries.claims_reviewed_by(queryset, value)

    def published_from(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queries.claims_published_since(queryset, _day_starts(value))

    def published_until(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        # A verdict published by then exactly when the first one was.
        return queryset.filter(_until("published_at", value))


class VerdictFilter(PublicFilterSet):
    """Filters on the public index's columns: what each verdict and its claim were
    published with."""

    speaker = SlugFilter(
        method="by_speaker",
        help_text="A speaker's slug (with the claims of speakers merged into them).",
    )
    rating = SlugFilter(method="by_rating", help_text="A rating's slug, e.g. `false`.")
    topic = SlugFilter(method="by_topic", help_text="A topic's slug.")
    outlet = SlugFilter(
        method="by_outlet",
        help_text="An outlet's slug: where the claim appeared, or its article's outlet.",
    )
    publisher = SlugFilter(
        method="by_publisher",
        help_text="`ours`, or the slug of the fact-checker that published it.",
    )
    language = VerdictLanguageFilter(
        field_name="claim__language",
        help_text="A language tag, e.g. `en` or `en-US`: verdicts on claims in any variety "
        "of its language, and ours with a current translation into it (`translations`).",
    )
    claimed_after = django_filters.DateFilter(
        field_name="claim__claimed_on",
        lookup_expr="gte",
        help_text="Claimed on or after (YYYY-MM-DD).",
    )
    claimed_before = django_filters.DateFilter(
        field_name="claim__claimed_on",
        lookup_expr="lte",
        help_text="Claimed on or before (YYYY-MM-DD).",
    )
    published_after = django_filters.DateFilter(
        method="published_from", help_text="Published on or after (YYYY-MM-DD)."
    )
    published_before = django_filters.DateFilter(
        method="published_until", help_text="Published on or before (YYYY-MM-DD)."
    )

    known = ClaimFilter.known

    def by_speaker(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(speaker_id__in=queries.speaker_ids(value))

    def by_rating(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queries.verdicts_rated(queryset, value)

    def by_topic(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queries.verdicts_on_topic(queryset, value)

    def by_outlet(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queries.verdicts_from_outlet(queryset, value)

    def by_publisher(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == OURS:
            return queryset.filter(ours=True)
        return queries.verdicts_published_by(queryset, value)

    def published_from(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(first_published__gte=_day_starts(value))

    def published_until(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(_until("first_published", value))
