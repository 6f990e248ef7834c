"""The webhooks in the admin: endpoints (their secret shown once, a test event, rotation,
switching on and off) and the delivery log. Every write is a service call
(``factcheck.notify.services``); only editors with ``notify.manage_webhooks`` see any of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from factcheck.base import outbound
from factcheck.base.admin_helpers import AUDIT_FIELDS, ServiceAdmin, edited, report_refusal
from factcheck.notify import services
from factcheck.notify.models import (
    MANAGE_WEBHOOKS,
    SUBSCRIBABLE,
    DeliveryAttempt,
    EventType,
    WebhookDelivery,
    WebhookEndpoint,
)
from factcheck.notify.payloads import masked
from factcheck.notify.selectors import delivery_log

SECRET_PAGE = "admin/notify/webhookendpoint/secret.html"
LIST = "margin: 0 0 0.5em; padding: 0"


def _manages(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.is_active and user.is_staff and user.has_perm(MANAGE_WEBHOOKS))


class EndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=[(value, EventType(value).label) for value in SUBSCRIBABLE],
        widget=forms.CheckboxSelectMultiple,
        label=_("Events"),
        help_text=_("The events sent to it."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "events", "format"]

    def clean_url(self) -> str:
        url = str(self.cleaned_data["url"])
        try:
            outbound.check_url(url)
        except outbound.OutboundError as exc:
            raise ValidationError(str(exc)) from None
        return url


def _session_key(pk: int) -> str:
    return f"notify.webhook_secret.{pk}"


def _show_once(request: HttpRequest, endpoint: WebhookEndpoint, secret: str, why: str) -> Any:
    """POST/redirect/GET: the secret waits in the session for one read on its own page, so
    that reloading that page repeats no registration or rotation (and shows no secret)."""
    request.session[_session_key(endpoint.pk)] = {"secret": secret, "why": why}
    return HttpResponseRedirect(reverse("admin:notify_webhookendpoint_secret", args=[endpoint.pk]))


def _secret_page(
    request: HttpRequest, endpoint: WebhookEndpoint, secret: str, why: str
) -> TemplateResponse:
    """The one page that shows a secret: never cached, never stored in a message. Without a
    secret (``""``) it says the secret was shown already and how to get a new one."""
    title = (
        gettext("Signing secret of “%(endpoint)s”")
        if secret
        else gettext("Signing secret of “%(endpoint)s”: shown already")
    )
    context = {
        **admin.site.each_context(request),
        "title": title % {"endpoint": endpoint},
        "endpoint": endpoint,
        "secret": secret,
        "why": why,
        "change_url": reverse("admin:notify_webhookendpoint_change", args=[endpoint.pk]),
        "changelist_url": reverse("admin:notify_webhookendpoint_changelist"),
        "opts": WebhookEndpoint._meta,
    }
    response = TemplateResponse(request, SECRET_PAGE, context)
    add_never_cache_headers(response)
    return response


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ServiceAdmin):
    form = EndpointForm
    list_display = ["name", "url", "event_list", "format", "short_state", "consecutive_failures"]
    list_filter = ["active", "format"]
    search_fields = ["name", "url"]
    actions = ["send_test_event", "rotate_secret", "switch_on", "switch_off"]
    readonly_fields = [
        "state",
        "masked_secret",
        "consecutive_failures",
        "created_by",
        "recent_deliveries",
        *AUDIT_FIELDS,
    ]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        editable = ["name", "url", "events", "format"]
        if obj is None:
            return editable
        return [*editable, *self.readonly_fields]

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view(self.secret_view)
        return [
            path("<int:pk>/secret/", view, name="notify_webhookendpoint_secret"),
            *super().get_urls(),
        ]

    def secret_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Shows a new or rotated secret once: the session holds it for this one read."""
        if not _manages(request):
            raise PermissionDenied
        endpoint = WebhookEndpoint.objects.filter(pk=pk).first()
        kept = request.session.pop(_session_key(pk), None)
        if endpoint is None:
            messages.error(request, gettext("That endpoint is gone."))
            return HttpResponseRedirect(reverse("admin:notify_webhookendpoint_changelist"))
        if not isinstance(kept, dict) or not kept.get("secret"):
            return _secret_page(request, endpoint, "", "")
        return _secret_page(request, endpoint, str(kept["secret"]), str(kept.get("why", "")))

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

    @admin.display(description=_("Events"))
    def event_list(self, obj: WebhookEndpoint) -> str:
        return ", ".join(obj.events)

    @admin.display(description=_("State"))
    def state(self, obj: WebhookEndpoint) -> str:
        if obj.active:
            return gettext("On")
        when = obj.disabled_at.strftime("%Y-%m-%d %H:%M") if obj.disabled_at else ""
        said = gettext("Off since %(when)s: %(note)s") % {"when": when, "note": obj.disabled_note}
        return said.strip()

    @admin.display(description=_("State"), ordering="active")
    def short_state(self, obj: WebhookEndpoint) -> str:
        """The list's column: the note of a switched-off endpoint is on its page."""
        if obj.active:
            return gettext("On")
        when = obj.disabled_at.strftime("%Y-%m-%d %H:%M") if obj.disabled_at else ""
        return gettext("Off since %(when)s") % {"when": when} if when else gettext("Off")

    @admin.display(description=_("Signing secret"))
    def masked_secret(self, obj: WebhookEndpoint) -> str:
        shown = masked(obj.secret)
        if obj.previous_secret and obj.previous_secret_until:
            until = obj.previous_secret_until.strftime("%Y-%m-%d %H:%M")
            shown += gettext(" (and the previous one, %(previous)s, until %(until)s)") % {
                "previous": masked(obj.previous_secret),
                "until": until,
            }
        return gettext(
            "%(secret)s. Shown only when created or rotated: rotate it if it was lost."
        ) % {"secret": shown}

    @admin.display(description=_("Recent deliveries"))
    def recent_deliveries(self, obj: WebhookEndpoint) -> str:
        rows = delivery_log().filter(endpoint=obj)[:10]
        url = reverse("admin:notify_webhookdelivery_changelist") + f"?endpoint__id__exact={obj.pk}"
        listed = format_html_join(
            "",
            "<li>{} {}: {} ({}{})</li>",
            (
                (
                    d.created_at.strftime("%Y-%m-%d %H:%M"),
                    d.event.get_type_display(),
                    gettext(d.get_status_display()),
                    ngettext("%(count)s attempt", "%(count)s attempts", d.attempts)
                    % {"count": d.attempts},
                    gettext(", last HTTP %(code)s") % {"code": d.last_status_code}
                    if d.last_status_code
                    else "",
                )
                for d in rows
            ),
        )
        # The admin's form CSS indents a bare list by a label's width (160px).
        return format_html(
            '<ul style="{}">{}</ul><a href="{}">{}</a>',
            LIST,
            listed,
            url,
            gettext("The whole log"),
        )

    def write(
        self, request: HttpRequest, form: Any, formsets: list[Any], change: bool
    ) -> WebhookEndpoint:
        if change:
            return services.endpoint_update(
                endpoint=form.instance,
                user=request.user,
                changes=edited(form, ["name", "url", "events", "format"]),
            )
        endpoint, secret = services.endpoint_create(
            user=request.user,
            name=form.cleaned_data["name"],
            url=form.cleaned_data["url"],
            events=form.cleaned_data["events"],
            format=form.cleaned_data["format"],
        )
        request._new_webhook_secret = secret  # type: ignore[attr-defined]
        return endpoint

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: Any = None) -> Any:
        secret = getattr(request, "_new_webhook_secret", None)
        if secret is None:
            return super().response_add(request, obj, post_url_continue)
        return _show_once(request, obj, secret, "created")

    def delete(self, request: HttpRequest, obj: Any) -> None:
        services.endpoint_delete(endpoint=obj, user=request.user)

    def _each(
        self,
        request: HttpRequest,
        queryset: QuerySet[WebhookEndpoint],
        step: Callable[..., Any],
        done: Callable[[int], str],
    ) -> None:
        count = 0
        for endpoint in queryset:
            try:
                step(endpoint=endpoint, user=request.user)
                count += 1
            except (ValidationError, PermissionDenied) as exc:
                report_refusal(request, endpoint, exc)
        if count:
            messages.success(request, done(count) % {"count": count})

    @admin.action(description=_("Send a test event to the selected endpoints"))
    def send_test_event(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        self._each(
            request,
            queryset,
            services.endpoint_send_test,
            lambda count: ngettext(
                "%(count)s endpoint sent a test event (see “Webhook deliveries” for the answer).",
                "%(count)s endpoints sent a test event (see “Webhook deliveries” for the answer).",
                count,
            ),
        )

    @admin.action(description=_("Switch the selected endpoints on (failures start again at 0)"))
    def switch_on(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        self._each(
            request,
            queryset,
            services.endpoint_enable,
            lambda count: ngettext(
                "%(count)s endpoint switched on.", "%(count)s endpoints switched on.", count
            ),
        )

    @admin.action(description=_("Switch the selected endpoints off"))
    def switch_off(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        def off(*, endpoint: WebhookEndpoint, user: Any) -> None:
            services.endpoint_disable(endpoint=endpoint, user=user, note="")

        self._each(
            request,
            queryset,
            off,
            lambda count: ngettext(
                "%(count)s endpoint switched off.", "%(count)s endpoints switched off.", count
            ),
        )

    @admin.action(description=_("Rotate the signing secret (one endpoint at a time)"))
    def rotate_secret(
        self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]
    ) -> HttpResponse | None:
        chosen = list(queryset[:2])
        if len(chosen) != 1:
            messages.error(request, gettext("Select one endpoint to rotate its secret."))
            return None
        try:
            secret = services.endpoint_rotate_secret(endpoint=chosen[0], user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, chosen[0], exc)
            return None
        return _show_once(request, chosen[0], secret, "rotated")


class AttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    fields = readonly_fields = (
        "number",
        "created_at",
        "succeeded",
        "status_code",
        "response_ms",
        "error",
    )
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages(request)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ServiceAdmin):
    """The delivery log: every event sent to every endpoint, its webhook-id, where it
    stands and its last answer, with each attempt below."""

    # Where each delivery stands first; the long webhook-id last, so that a list on a
    # laptop's screen shows the status without scrolling sideways.
    list_display = [
        "created_at",
        "event_type",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "last_response_ms",
        "short_error",
        "message_id",
    ]
    list_filter = ["status", "event__type", "endpoint"]
    list_select_related = ["event", "endpoint"]
    search_fields = ["message_id"]
    fields = readonly_fields = (
        "event_type",
        "endpoint",
        "message_id",
        "status",
        "attempts",
        "last_status_code",
        "last_response_ms",
        "last_error",
        "delivered_at",
        "payload",
        *AUDIT_FIELDS,
    )
    inlines = [AttemptInline]
    actions = ["send_again"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[WebhookDelivery]:
        return delivery_log()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _manages(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_send_permission(self, request: HttpRequest) -> bool:
        return _manages(request)

    @admin.display(description=_("Event"), ordering="event__type")
    def event_type(self, obj: WebhookDelivery) -> str:
        return obj.event.get_type_display()

    @admin.display(description=_("Error"))
    def short_error(self, obj: WebhookDelivery) -> str:
        return obj.last_error if len(obj.last_error) <= 80 else obj.last_error[:79] + "…"

    @admin.display(description=_("Payload"))
    def payload(self, obj: WebhookDelivery) -> str:
        import json

        text = json.dumps(obj.event.payload, ensure_ascii=False, indent=2)
        return format_html("<pre>{}</pre>", text)

    @admin.action(
        description=_("Send the selected deliveries again (same webhook-id)"), permissions=["send"]
    )
    def send_again(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        count = 0
        for delivery in queryset:
            try:
                services.delivery_retry(delivery=delivery, user=request.user)
                count += 1
            except (ValidationError, PermissionDenied) as exc:
                report_refusal(request, delivery, exc)
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)s delivery queued again.", "%(count)s deliveries queued again.", count
                )
                % {"count": count},
            )
