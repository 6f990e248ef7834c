"""List filters that stay fast at a million claims: choices from small tables (or a cached
list), and filtering through EXISTS, so no DISTINCT over every claim row is needed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.cache import cache
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims import permissions
from claims.models import Claim, Rating, Topic, Verdict
from factcheck.base.numbers import BadInteger, parse_int


class _Exists(admin.SimpleListFilter):
    def matching(self, value: str) -> QuerySet[Any]:
        raise admin.options.IncorrectLookupParameters(value)

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(Exists(self.matching(value))) if value else queryset


class VerdictStatusFilter(_Exists):
    title, parameter_name = _("verdict status"), "verdict_status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        statuses = [(value, gettext(label)) for value, label in Verdict.Status.choices]
        return [*statuses, ("none", gettext("No verdict yet"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "none":
            return queryset.exclude(Exists(Verdict.objects.filter(claim=OuterRef("pk"))))
        return super().queryset(request, queryset)

    def matching(self, value: str) -> QuerySet[Any]:
        return Verdict.objects.filter(claim=OuterRef("pk"), status=value)


class VerdictRatingFilter(_Exists):
    title, parameter_name = _("rating"), "verdict_rating"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        return [(str(r.pk), str(r)) for r in Rating.objects.select_related("scale")]

    def matching(self, value: str) -> QuerySet[Any]:
        rating = parse_int(value, name=self.parameter_name, minimum=1)
        return Verdict.objects.filter(claim=OuterRef("pk"), rating_id=rating)


class TopicFilter(_Exists):
    title, parameter_name = _("topic"), "topic"
    claim_ref = "pk"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        return [(t.slug, t.name) for t in Topic.objects.order_by("name")[:200]]

    def matching(self, value: str) -> QuerySet[Any]:
        return Claim.topics.through.objects.filter(
            claim_id=OuterRef(self.claim_ref), topic__slug=value
        )


class VerdictTopicFilter(TopicFilter):
    claim_ref = "claim_id"


class AssignedFilter(admin.SimpleListFilter):
    """People who can be assigned claims (a short list), not a DISTINCT over every claim."""

    title, parameter_name = _("assigned to"), "assigned"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        people = ((str(u.pk), str(u)) for u in permissions.fact_checkers())
        return [("nobody", gettext("Nobody")), *people]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        if not value:
            return queryset
        try:
            person = parse_int(value, name="assigned", minimum=1)
        except BadInteger:
            raise BadInteger("assigned", "“nobody” or a person's id") from None
        return queryset.filter(assigned_to_id=person)


class LanguageFilter(admin.SimpleListFilter):
    """The languages on file, read once every ten minutes rather than on every page."""

    title, parameter_name = _("language"), "lang"
    field = "language"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        languages = cache.get_or_set(
            "admin:claim-languages",
            # Unordered: the model's ordering would join the DISTINCT and repeat each tag.
            lambda: sorted(Claim.objects.order_by().values_list("language", flat=True).distinct()),
            600,
        )
        return [(tag, tag) for tag in languages or []]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(**{self.field: self.value()}) if self.value() else queryset


class VerdictLanguageFilter(LanguageFilter):
    field = "claim__language"
