"""Outlets, in the admin. An outlet with public claims has a public page whose address
and header are the public record's (``claims.services.outlet_update``), so it is edited
here, with the claims app's rules, as articles and sources are."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from claims import services
from factcheck.base.admin_helpers import AUDIT_FIELDS, ServiceAdmin, edited, filled
from factcheck.base.concurrency import VersionedModelForm
from factcheck.base.db import count_of
from sources import services as plain
from sources.models import Article, Outlet


class OutletForm(VersionedModelForm):
    class Meta:
        model = Outlet
        fields = list(plain.OUTLET_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False


@admin.register(Outlet)
class OutletAdmin(ServiceAdmin):
    form = OutletForm
    list_display = ["name", "domain", "kind", "country", "article_count"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "domain"]
    readonly_fields = AUDIT_FIELDS
    fields = [*plain.OUTLET_FIELDS, "snapshot", *AUDIT_FIELDS]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Outlet]:
        # A count drops Meta.ordering (GROUP BY), so the order is restated.
        articles = count_of(Article, "outlet")
        return (
            super().get_queryset(request).annotate(article_count=articles).order_by("name", "pk")
        )

    @admin.display(description=_("Articles"), ordering="article_count")
    def article_count(self, obj: Outlet) -> int:
        return obj.article_count  # type: ignore[attr-defined]

    def write(self, request: HttpRequest, form: Any, formsets: list[Any], change: bool) -> Outlet:
        if change:
            return services.outlet_update(
                outlet=form.instance,
                user=request.user,
                expected_version=form.expected_version,
                changes=edited(form, plain.OUTLET_FIELDS),
            )
        return plain.outlet_create(user=request.user, **filled(form, plain.OUTLET_FIELDS))
