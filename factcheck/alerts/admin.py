"""Email alerts in the admin: the subscriptions (staff add a journalist's address, who
then confirms it), the readers waiting to be told, and forgetting an address everywhere.
Every write is a service call (``factcheck.alerts.services``); only staff with
``alerts.manage_subscriptions`` (editors, the editor-in-chief) see any of it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from factcheck.alerts import services
from factcheck.alerts.models import MANAGE_SUBSCRIPTIONS, ReaderNotice, Subscription, Target
from factcheck.base.admin_helpers import AUDIT_FIELDS, ServiceAdmin, report_refusal


def _manages(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.is_active and user.is_staff and user.has_perm(MANAGE_SUBSCRIPTIONS))


class ManagedOnly:
    """Seen only by those who manage subscriptions; changed only through the services."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _manages(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _manages(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # "Forget" deletes, with every other trace of the address


class SubscriptionForm(forms.ModelForm):
    class Meta:
        model = Subscription
        fields = ["email", "frequency", "speaker", "topic", "query"]
        help_texts = {
            "speaker": _(
                "Follow one thing: a speaker, a topic or a search. Only speakers and topics "
                "with published verdicts can be followed."
            ),
        }

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()


def _forget(request: HttpRequest, addresses: set[str]) -> None:
    subscriptions = suggestions = 0
    for address in sorted(addresses):
        try:
            done = services.subscriber_forget(email=address, user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
            continue
        subscriptions += done.subscriptions
        suggestions += done.suggestions
    messages.success(
        request,
        # Translators: each count is a number, e.g. "Forgotten: addresses: 2; subscriptions
        # deleted: 3; readers' contacts blanked: 1."
        gettext(
            "Forgotten: addresses: %(addresses)s; subscriptions deleted: %(subscriptions)s; "
            "readers' contacts blanked: %(contacts)s."
        )
        % {"addresses": len(addresses), "subscriptions": subscriptions, "contacts": suggestions},
    )


@admin.register(Subscription)
class SubscriptionAdmin(ManagedOnly, ServiceAdmin):
    form = SubscriptionForm
    list_display = ["email", "followed", "frequency", "confirmed_at", "added_by", "created_at"]
    list_filter = ["target", "frequency", ("confirmed_at", admin.EmptyFieldListFilter)]
    # The names of what is followed, read with the page: the same queries for any page size.
    list_select_related = ["speaker", "topic", "added_by"]
    search_fields = ["email"]
    autocomplete_fields = ["speaker", "topic"]
    actions = ["forget_addresses", "resend_confirmation"]
    readonly_fields = ["target", "confirmed_at", "added_by", *AUDIT_FIELDS]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _manages(request)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        editable = ["email", "frequency", "speaker", "topic", "query"]
        return editable if obj is None else [*editable, *self.readonly_fields]

    @admin.display(description=_("Follows"), ordering="target")
    def followed(self, obj: Subscription) -> str:
        if obj.target == Target.SPEAKER and obj.speaker is not None:
            return gettext("Speaker: %(name)s") % {"name": obj.speaker.name}
        if obj.target == Target.TOPIC and obj.topic is not None:
            return gettext("Topic: %(name)s") % {"name": obj.topic.name}
        return gettext("Search: “%(words)s”") % {"words": obj.query}

    def write(self, request: HttpRequest, form: Any, formsets: list[Any], change: bool) -> Any:
        data = form.cleaned_data
        return services.subscription_add(
            user=request.user,
            email=data["email"],
            frequency=data["frequency"],
            speaker=data.get("speaker"),
            topic=data.get("topic"),
            query=data.get("query") or "",
        )

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: Any = None) -> Any:
        # The message names what was followed: the service sets it on the record it saved
        # (or found), which the form's copy never sees.
        saved = Subscription.objects.get(pk=obj.pk)
        return super().response_add(request, saved, post_url_continue)

    @admin.action(description=_("Forget the selected addresses everywhere (on their request)"))
    def forget_addresses(self, request: HttpRequest, queryset: QuerySet[Subscription]) -> None:
        _forget(request, set(queryset.values_list("email", flat=True)))

    @admin.action(description=_("Mail the confirmation link again"))
    def resend_confirmation(self, request: HttpRequest, queryset: QuerySet[Subscription]) -> None:
        count = 0
        for subscription in queryset:
            try:
                services.subscription_resend(subscription=subscription, user=request.user)
                count += 1
            except (ValidationError, PermissionDenied) as exc:
                report_refusal(request, subscription, exc)
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)s confirmation link will be mailed.",
                    "%(count)s confirmation links will be mailed.",
                    count,
                )
                % {"count": count},
            )


@admin.register(ReaderNotice)
class ReaderNoticeAdmin(ManagedOnly, admin.ModelAdmin):
    """Readers who suggested a claim and asked to be told when it is checked (their address
    is on the suggestion, for editors only)."""

    list_display = ["__str__", "suggestion", "status", "created_at", "sent_at"]
    list_filter = ["status"]
    list_select_related = ["suggestion"]
    fields = readonly_fields = ("suggestion", "status", "revision", "sent_at", *AUDIT_FIELDS)
    actions = ["forget_readers"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Forget these readers' addresses (on their request)"))
    def forget_readers(self, request: HttpRequest, queryset: QuerySet[ReaderNotice]) -> None:
        _forget(
            request,
            {c for c in queryset.values_list("suggestion__contact", flat=True) if c.strip()},
        )
