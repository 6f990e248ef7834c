"""The list filters. Malformed values (dates, language tags) are a 400 naming the
parameter, from django-filter's forms; unknown slugs are a 400 too, found out only when
a page comes back empty, so that a normal request pays no extra query for them."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from claims.models import Claim, Rating, Verdict
from claims.selectors import public_outlets, public_speakers, public_topics
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


class LanguageField(forms.RegexField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            regex=LANGUAGE_TAG_REGEX,
            max_length=35,
            error_messages={"invalid": "Give a language tag such as “en”, “ar” or “pt-BR”."},
            **kwargs,
        )


class LanguageFilter(django_filters.CharFilter):
    field_class = LanguageField


class PublicFilterSet(django_filters.FilterSet):
    """Filters whose slugs must name something public: ``unknown()`` lists those that do not."""

    # parameter -> how to tell whether a slug names something the public may see
    known: dict[str, Any] = {}

    def unknown(self) -> dict[str, list[str]]:
        errors = {}
        for name, exists in self.known.items():
            value = self.form.cleaned_data.get(name)
            if value and value != OURS and not exists(value):
                errors[name] = [f"No public {name} has the slug “{value}”."]
        return errors


def _rating_exists(slug: str) -> bool:
    return Rating.objects.filter(slug=slug).exists()


class ClaimFilter(PublicFilterSet):
    speaker = SlugFilter(field_name="speaker__slug", help_text="A speaker's slug.")
    rating = SlugFilter(
        method="by_rating",
        help_text="A rating's slug, e.g. `false`: claims with a public verdict so rated.",
    )
    topic = SlugFilter(field_name="topics__slug", help_text="A topic's slug.")
    outlet = SlugFilter(
        method="by_outlet",
        help_text="An outlet's slug: where the claim appeared, or the outlet of its article.",
    )
    publisher = SlugFilter(
        method="by_publisher",
        help_text="`ours`, or the slug of the fact-checker that published a review.",
    )
    language = LanguageFilter(field_name="language", help_text="A language tag, e.g. `en`.")
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
        "speaker": lambda slug: public_speakers().filter(slug=slug).exists(),
        "rating": _rating_exists,
        "topic": lambda slug: public_topics().filter(slug=slug).exists(),
        "outlet": lambda slug: public_outlets().filter(slug=slug).exists(),
        "publisher": lambda slug: public_outlets().filter(slug=slug).exists(),
    }

    class Meta:
        model = Claim
        fields: list[str] = []

    def _with_verdict(self, queryset: QuerySet[Claim], **lookups: Any) -> QuerySet[Claim]:
        matching = Verdict.objects.public().filter(claim=OuterRef("pk"), **lookups)
        return queryset.filter(Exists(matching))

    def by_rating(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        return self._with_verdict(queryset, rating__slug=value)

    def by_publisher(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        if value == OURS:
            return self._with_verdict(queryset, publisher__isnull=True)
        return self._with_verdict(queryset, publisher__slug=value)

    def by_outlet(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        return queryset.filter(Q(appeared_in__slug=value) | Q(article__outlet__slug=value))

    def published_from(self, queryset: QuerySet[Claim], name: str, value: Any) -> QuerySet[Claim]:
        return self._with_verdict(queryset, published_at__date__gte=value)

    def published_until(self, queryset: QuerySet[Claim], name: str, value: Any) -> QuerySet[Claim]:
        return self._with_verdict(queryset, published_at__date__lte=value)


class VerdictFilter(PublicFilterSet):
    speaker = SlugFilter(field_name="claim__speaker__slug", help_text="A speaker's slug.")
    rating = SlugFilter(field_name="rating__slug", help_text="A rating's slug, e.g. `false`.")
    topic = SlugFilter(method="by_topic", help_text="A topic's slug.")
    outlet = SlugFilter(
        method="by_outlet",
        help_text="An outlet's slug: where the claim appeared, or its article's outlet.",
    )
    publisher = SlugFilter(
        method="by_publisher",
        help_text="`ours`, or the slug of the fact-checker that published it.",
    )
    language = LanguageFilter(
        field_name="claim__language", help_text="The claim's language tag, e.g. `en`."
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
        field_name="published_at",
        lookup_expr="date__gte",
        help_text="Published on or after (YYYY-MM-DD).",
    )
    published_before = django_filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__lte",
        help_text="Published on or before (YYYY-MM-DD).",
    )

    known = ClaimFilter.known

    class Meta:
        model = Verdict
        fields: list[str] = []

    def by_topic(self, queryset: QuerySet[Verdict], name: str, value: str) -> QuerySet[Verdict]:
        tagged = Claim.objects.filter(pk=OuterRef("claim_id"), topics__slug=value)
        return queryset.filter(Exists(tagged))

    def by_outlet(self, queryset: QuerySet[Verdict], name: str, value: str) -> QuerySet[Verdict]:
        return queryset.filter(
            Q(claim__appeared_in__slug=value) | Q(claim__article__outlet__slug=value)
        )

    def by_publisher(
        self, queryset: QuerySet[Verdict], name: str, value: str
    ) -> QuerySet[Verdict]:
        if value == OURS:
            return queryset.filter(publisher__isnull=True)
        return queryset.filter(publisher__slug=value)
