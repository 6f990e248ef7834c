"""Claim families in the newsroom: the panel on a claim's page (its family, the matcher's
suggestions to confirm or dismiss, where else it was said), the appearances' own pages,
and the lists of families and suggestions. Every button is one service call; none of
them changes what readers see (a link is published by an update of the family's verdict,
reviewed like any other revision)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from claims import permissions
from claims.models import Appearance, Claim, ClaimFamily, RepeatSuggestion
from claims.services.families import (
    APPEARANCE_FIELDS,
    appearance_create,
    appearance_delete,
    appearance_update,
    claim_link_as_repeat,
    claim_unlink,
    repeat_suggestion_dismiss,
    repeat_suggestions_look,
)
from factcheck.base.admin_helpers import (
    AUDIT_FIELDS,
    ServiceAdmin,
    edited,
    filled,
    report_refusal,
)
from factcheck.base.concurrency import VersionedModelForm
from factcheck.base.numbers import int_or_none

REFUSALS = (ValidationError, PermissionDenied)


def _claim_page(claim_id: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[claim_id]) + "#family")


def _find_claim(value: str) -> Claim | None:
    """A claim by its number or its address (slug), as an editor would type either."""
    value = value.strip()
    key = int_or_none(value, minimum=1)
    if key is not None:
        return Claim.objects.filter(pk=key).first()
    return Claim.objects.filter(slug=value).first() if value else None


def _posted(request: HttpRequest) -> HttpResponse | None:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def link_view(request: HttpRequest) -> HttpResponse:
    """Link the posted ``claim`` to ``of`` (its number or address) as the same claim."""
    if (refused := _posted(request)) is not None:
        return refused
    claim = get_object_or_404(Claim, pk=int_or_none(request.POST.get("claim"), minimum=1) or 0)
    back = int_or_none(request.POST.get("back"), minimum=1) or claim.pk
    of = _find_claim(str(request.POST.get("of", "")))
    if of is None:
        messages.error(
            request, gettext("No claim has that number or address: check it and try again.")
        )
        return _claim_page(back)
    try:
        claim_link_as_repeat(
            claim=claim, of=of, user=request.user, note=str(request.POST.get("note", ""))
        )
    except REFUSALS as exc:
        report_refusal(request, claim, exc)
    else:
        messages.success(
            request,
            gettext(
                "“%(claim)s” is now linked as the same claim as “%(of)s”. Readers see it once an "
                "update of the family's verdict is published (propose it on the verdict's page; "
                "another editor approves it). Unlink it below to undo."
            )
            % {"claim": claim, "of": of},
        )
    return _claim_page(back)


def unlink_view(request: HttpRequest) -> HttpResponse:
    """Take the posted ``claim`` out of its family; ``back`` is the claim whose page the
    button was on."""
    if (refused := _posted(request)) is not None:
        return refused
    claim = get_object_or_404(Claim, pk=int_or_none(request.POST.get("claim"), minimum=1) or 0)
    back = int_or_none(request.POST.get("back"), minimum=1) or claim.pk
    try:
        claim_unlink(claim=claim, user=request.user)
    except REFUSALS as exc:
        report_refusal(request, claim, exc)
    else:
        messages.success(
            request,
            gettext("“%(claim)s” is no longer linked to other claims.") % {"claim": claim},
        )
    return _claim_page(back)


def dismiss_view(request: HttpRequest, pk: int) -> HttpResponse:
    if (refused := _posted(request)) is not None:
        return refused
    suggestion = get_object_or_404(RepeatSuggestion, pk=pk)
    back = int_or_none(request.POST.get("back"), minimum=1) or suggestion.claim_id
    try:
        repeat_suggestion_dismiss(suggestion=suggestion, user=request.user)
    except REFUSALS as exc:
        report_refusal(request, suggestion, exc)
    else:
        messages.success(
            request, gettext("Marked as not the same claim: it will not be proposed again.")
        )
    return _claim_page(back)


def look_view(request: HttpRequest) -> HttpResponse:
    """Ask the matcher now for claims likely the same as the posted ``claim``, recorded
    as suggestions to confirm or dismiss."""
    if (refused := _posted(request)) is not None:
        return refused
    claim = get_object_or_404(Claim, pk=int_or_none(request.POST.get("claim"), minimum=1) or 0)
    try:
        added = repeat_suggestions_look(claim=claim, user=request.user)
    except REFUSALS as exc:
        report_refusal(request, claim, exc)
    else:
        messages.info(
            request,
            ngettext(
                "%(count)s new suggestion to confirm.",
                "%(count)s new suggestions to confirm.",
                added,
            )
            % {"count": added}
            if added
            else gettext("The matcher found no new claim likely to be the same claim."),
        )
    return _claim_page(claim.pk)


# Appearances -----------------------------------------------------------------------------


class AppearanceForm(VersionedModelForm):
    class Meta:
        model = Appearance
        fields = ["claim", *APPEARANCE_FIELDS]


@admin.register(Appearance)
class AppearanceAdmin(ServiceAdmin):
    """Where else a claim was said, kept by the newsroom (an imported review's are
    read-only: they are theirs, given back in their ClaimReview)."""

    form = AppearanceForm
    list_display = ["__str__", "claim", "speaker", "outlet", "said_on", "reported_by"]
    list_select_related = ["claim", "speaker", "outlet", "reported_by__publisher"]
    autocomplete_fields = ["claim", "speaker", "outlet", "article"]
    readonly_fields = ("reported_by", "created_by", *AUDIT_FIELDS)
    search_fields = ["url"]
    fields = ["claim", *APPEARANCE_FIELDS, "snapshot", "reported_by", "created_by", *AUDIT_FIELDS]

    def get_readonly_fields(self, request: HttpRequest, obj: Appearance | None = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("claim")  # an appearance belongs to one claim
        return fields

    def has_change_permission(self, request: HttpRequest, obj: Appearance | None = None) -> bool:
        if obj is not None and obj.reported_by_id is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Appearance | None = None) -> bool:
        if obj is not None and obj.reported_by_id is not None:
            return False
        return super().has_delete_permission(request, obj)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        claim = int_or_none(request.GET.get("claim"), minimum=1)
        return {**initial, "claim": claim} if claim else initial

    def write(
        self, request: HttpRequest, form: Any, formsets: list[Any], change: bool
    ) -> Appearance:
        if change:
            return appearance_update(
                appearance=form.instance,
                user=request.user,
                expected_version=form.expected_version,
                changes=edited(form, APPEARANCE_FIELDS),
            )
        return appearance_create(
            user=request.user,
            claim=form.cleaned_data["claim"],
            **filled(form, APPEARANCE_FIELDS),
        )

    def delete(self, request: HttpRequest, obj: Any) -> None:
        appearance_delete(appearance=obj, user=request.user)

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: Any = None) -> Any:
        if "_continue" not in request.POST and "_addanother" not in request.POST:
            return _claim_page(obj.claim_id)
        return super().response_add(request, obj, post_url_continue)


# Families and suggestions ------------------------------------------------------------------


@admin.register(ClaimFamily)
class ClaimFamilyAdmin(admin.ModelAdmin):
    """Families as linked: read here, changed from their claims' pages."""

    list_display = ["__str__", "claims", "created_by", "created_at"]
    list_select_related = ["created_by"]
    fields = readonly_fields = ("listed_claims", "created_by", "created_at")
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # no count per filter choice (a query each)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ClaimFamily]:
        return super().get_queryset(request).annotate(size=Count("members"))

    @admin.display(description=_("Claims"))
    def claims(self, obj: ClaimFamily) -> int:
        return obj.size  # type: ignore[attr-defined]

    @admin.display(description=_("Claims in the family"))
    def listed_claims(self, obj: ClaimFamily) -> str:
        rows = obj.members.select_related("claim__speaker").order_by("created_at", "pk")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({})</li>',
                (
                    (
                        reverse("admin:claims_claim_change", args=[m.claim_id]),
                        m.claim,
                        m.claim.speaker or gettext("no speaker"),
                    )
                    for m in rows
                ),
            ),
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RepeatSuggestion)
class RepeatSuggestionAdmin(admin.ModelAdmin):
    """The matcher's proposals: a person links each one as the same claim, or dismisses
    it. Nothing is linked without that."""

    list_display = ["claim_link", "of_link", "score", "found_by", "status", "created_at"]
    list_filter = ["status", "found_by"]
    list_select_related = ["claim", "of"]
    actions = ["link_suggested_repeats", "dismiss_suggested_repeats"]
    fields = readonly_fields = (
        "claim_link",
        "of_link",
        "score",
        "found_by",
        "status",
        "decided_by",
        "decided_at",
        "created_at",
    )
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # no count per filter choice (a query each)

    @admin.display(description=_("Claim"))
    def claim_link(self, obj: RepeatSuggestion) -> str:
        url = reverse("admin:claims_claim_change", args=[obj.claim_id])
        return format_html('<a href="{}">{}</a>', url, obj.claim)

    @admin.display(description=_("May repeat"))
    def of_link(self, obj: RepeatSuggestion) -> str:
        url = reverse("admin:claims_claim_change", args=[obj.of_id])
        return format_html('<a href="{}">{}</a>', url, obj.of)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_link_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(permissions.CHANGE_CLAIM)

    @admin.action(description=_("Link selected as the same claim"), permissions=["link"])
    def link_suggested_repeats(
        self, request: HttpRequest, queryset: QuerySet[RepeatSuggestion]
    ) -> None:
        done = 0
        for suggestion in queryset.select_related("claim", "of"):
            if suggestion.status != RepeatSuggestion.Status.OPEN:
                continue
            try:
                claim_link_as_repeat(claim=suggestion.claim, of=suggestion.of, user=request.user)
                done += 1
            except REFUSALS as exc:
                report_refusal(request, suggestion.claim, exc)
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)s claim linked. Readers see it once an update of its family's "
                    "verdict is published.",
                    "%(count)s claims linked. Readers see them once an update of each family's "
                    "verdict is published.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Dismiss selected: not the same claim"), permissions=["link"])
    def dismiss_suggested_repeats(
        self, request: HttpRequest, queryset: QuerySet[RepeatSuggestion]
    ) -> None:
        done = 0
        for suggestion in queryset:
            try:
                repeat_suggestion_dismiss(suggestion=suggestion, user=request.user)
                done += 1
            except REFUSALS as exc:
                report_refusal(request, suggestion, exc)
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)s suggestion dismissed.", "%(count)s suggestions dismissed.", done
                )
                % {"count": done},
                messages.SUCCESS,
            )
