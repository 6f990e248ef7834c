"""Peers and feed subscriptions in the admin, for editors holding
``federation.manage_federation``; the reports of every fetch; and the routes of "Checked
elsewhere?" (``views``), open to staff who read claims. Every write is a service call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from factcheck.base import outbound
from factcheck.base.admin_helpers import AUDIT_FIELDS, ServiceAdmin, edited, report_refusal
from factcheck.federation import selectors, services, views
from factcheck.federation.models import (
    GOOGLE_API,
    MANAGE_FEDERATION,
    FeedReport,
    FeedSubscription,
    Peer,
)

LIST = "margin: 0 0 0.5em; padding: 0"


def _manages(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.is_active and user.is_staff and user.has_perm(MANAGE_FEDERATION))


def _checked(url: str) -> str:
    try:
        outbound.check_url(url)
    except outbound.OutboundError as exc:
        raise ValidationError(str(exc)) from None
    return url


class ManagedAdmin(ServiceAdmin):
    """Seen and changed only by those who configure peers and subscriptions."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _manages(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _manages(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages(request)


class PeerForm(forms.ModelForm):
    api_key = forms.CharField(
        label=_("API key"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Google's API key. Not shown again: leave empty to keep the one saved."),
    )

    class Meta:
        model = Peer
        fields = ["name", "kind", "base_url", "api_key", "import_as", "active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["base_url"].required = False  # Google's, when left empty for Google
        # The saved key is never sent to the page, so an empty field is no change.
        self.initial["api_key"] = ""

    def clean(self) -> Any:
        cleaned: dict[str, Any] = super().clean() or {}
        url = str(cleaned.get("base_url") or "")
        if not url and cleaned.get("kind") == Peer.Kind.GOOGLE:
            url = GOOGLE_API
        if not cleaned.get("api_key") and self.instance.pk:
            # Left empty: the saved key stays (the model's checks see it; the service is
            # not given it, so a changed address still asks for it again).
            cleaned["api_key"] = self.instance.api_key
        if not url:
            self.add_error("base_url", gettext("Give the installation's address."))
        elif "base_url" not in self.errors:
            try:
                cleaned["base_url"] = _checked(url)
            except ValidationError as exc:
                self.add_error("base_url", exc)
        return cleaned


PEER_FIELDS = ["name", "kind", "base_url", "api_key", "import_as", "active"]


@admin.register(Peer)
class PeerAdmin(ManagedAdmin):
    form = PeerForm
    list_display = ["name", "kind", "base_url", "import_as", "active", "has_key"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "base_url"]
    readonly_fields = ["created_by", *AUDIT_FIELDS]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return PEER_FIELDS if obj is None else [*PEER_FIELDS, *self.readonly_fields]

    @admin.display(description=_("API key"), boolean=True)
    def has_key(self, obj: Peer) -> bool:
        return bool(obj.api_key)

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        mine = [
            path("search/", wrap(views.peer_answers), name="federation_peer_search"),
            path("import/", wrap(views.peer_import), name="federation_peer_import"),
        ]
        return [*mine, *super().get_urls()]

    def write(self, request: HttpRequest, form: Any, formsets: list[Any], change: bool) -> Peer:
        if change:
            return services.peer_update(
                peer=form.instance, user=request.user, changes=edited(form, PEER_FIELDS)
            )
        values = {name: form.cleaned_data[name] for name in PEER_FIELDS}
        return services.peer_create(user=request.user, **values)

    def delete(self, request: HttpRequest, obj: Any) -> None:
        services.peer_delete(peer=obj, user=request.user)


class SubscriptionForm(forms.ModelForm):
    class Meta:
        model = FeedSubscription
        fields = ["name", "feed_url", "kind", "import_as", "every_minutes", "active"]

    def clean_feed_url(self) -> str:
        return _checked(str(self.cleaned_data["feed_url"]))


SUBSCRIPTION_FIELDS = ["name", "feed_url", "kind", "import_as", "every_minutes", "active"]


@admin.register(FeedSubscription)
class FeedSubscriptionAdmin(ManagedAdmin):
    form = SubscriptionForm
    list_display = ["name", "feed_url", "kind", "import_as", "every_minutes", "active", "last"]
    list_filter = ["kind", "import_as", "active"]
    search_fields = ["name", "feed_url"]
    readonly_fields = [
        "last_checked_at",
        "etag",
        "last_modified",
        "since",
        "created_by",
        "recent_reports",
        *AUDIT_FIELDS,
    ]
    actions = ["fetch_now", "start_over"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (
            SUBSCRIPTION_FIELDS if obj is None else [*SUBSCRIPTION_FIELDS, *self.readonly_fields]
        )

    @admin.display(description=_("Last fetched"), ordering="last_checked_at")
    def last(self, obj: FeedSubscription) -> str:
        if obj.last_checked_at:
            return obj.last_checked_at.strftime("%Y-%m-%d %H:%M")
        return gettext("never")

    @admin.display(description=_("Recent fetches"))
    def recent_reports(self, obj: FeedSubscription) -> str:
        rows = selectors.reports_of(obj.pk)[:10]
        url = (
            reverse("admin:federation_feedreport_changelist")
            + f"?subscription__id__exact={obj.pk}"
        )
        listed = format_html_join(
            "",
            "<li>{}: {} ({}){}</li>",
            (
                (
                    r.created_at.strftime("%Y-%m-%d %H:%M"),
                    r.get_outcome_display(),
                    gettext(
                        "HTTP %(status)s; %(new)s new, %(updated)s updated, %(unchanged)s "
                        "unchanged, %(held)s held, %(invalid)s invalid"
                    )
                    % {
                        "status": r.http_status or gettext("none"),
                        "new": r.created,
                        "updated": r.updated,
                        "unchanged": r.unchanged,
                        "held": r.held,
                        "invalid": r.invalid,
                    },
                    f": {r.errors[:200]}" if r.errors else "",
                )
                for r in rows
            ),
        )
        # The admin's form CSS indents a bare list by a label's width (160px).
        return format_html(
            '<ul style="{}">{}</ul><a href="{}">{}</a>', LIST, listed, url, gettext("Every report")
        )

    def write(
        self, request: HttpRequest, form: Any, formsets: list[Any], change: bool
    ) -> FeedSubscription:
        if change:
            return services.subscription_update(
                subscription=form.instance,
                user=request.user,
                changes=edited(form, SUBSCRIPTION_FIELDS),
            )
        values = {name: form.cleaned_data[name] for name in SUBSCRIPTION_FIELDS}
        return services.subscription_create(user=request.user, **values)

    def delete(self, request: HttpRequest, obj: Any) -> None:
        services.subscription_delete(subscription=obj, user=request.user)

    def _each(
        self, request: HttpRequest, queryset: QuerySet[FeedSubscription], step: Callable[..., Any]
    ) -> int:
        count = 0
        for subscription in queryset:
            try:
                count += bool(step(subscription=subscription, user=request.user))
            except (ValidationError, PermissionDenied) as exc:
                report_refusal(request, subscription, exc)
        return count

    @admin.action(description=_("Fetch the selected feeds now (a job; see their reports)"))
    def fetch_now(self, request: HttpRequest, queryset: QuerySet[FeedSubscription]) -> None:
        count = self._each(request, queryset, services.subscription_fetch_soon)
        messages.success(
            request,
            ngettext(
                "%(count)s fetch queued; a worker runs it at once. Feeds already waiting for a "
                "fetch are not queued twice.",
                "%(count)s fetches queued; a worker runs them at once. Feeds already waiting for "
                "a fetch are not queued twice.",
                count,
            )
            % {"count": count},
        )

    @admin.action(
        description=_("Fetch the selected feeds whole next time (forget ETag and since)")
    )
    def start_over(self, request: HttpRequest, queryset: QuerySet[FeedSubscription]) -> None:
        count = self._each(request, queryset, services.subscription_start_over)
        messages.success(
            request,
            ngettext(
                "%(count)s feed will be fetched whole next time.",
                "%(count)s feeds will be fetched whole next time.",
                count,
            )
            % {"count": count},
        )


@admin.register(FeedReport)
class FeedReportAdmin(ManagedAdmin):
    """Every fetch of every subscribed feed: what changed, and what went wrong."""

    list_display = [
        "created_at",
        "subscription",
        "outcome",
        "http_status",
        "reviews",
        "created",
        "updated",
        "unchanged",
        "held",
        "invalid",
        "elapsed_ms",
    ]
    list_filter = ["outcome", "subscription"]
    list_select_related = ["subscription"]
    fields = readonly_fields = (
        "subscription",
        "outcome",
        "url",
        "http_status",
        "elapsed_ms",
        "reviews",
        "created",
        "updated",
        "unchanged",
        "held",
        "skipped_ours",
        "invalid",
        "errors",
        *AUDIT_FIELDS,
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
