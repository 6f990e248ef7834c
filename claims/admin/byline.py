"""The page where each staff member sets the name readers see as their byline."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.services.staff import NAME_MAX, byline_update


class BylineForm(forms.Form):
    first_name = forms.CharField(
        label=gettext_lazy("First name"), max_length=NAME_MAX, required=False
    )
    last_name = forms.CharField(
        label=gettext_lazy("Last name"), max_length=NAME_MAX, required=False
    )


def byline_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = BylineForm(
        request.POST or None,
        initial={"first_name": user.first_name, "last_name": user.last_name},  # type: ignore[union-attr]
    )
    if request.method == "POST" and form.is_valid():
        try:
            byline_update(
                user=user,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(
                request, _("Your byline is saved. Pages published from now on show it.")
            )
            return HttpResponseRedirect(reverse("byline"))
    context = {**admin.site.each_context(request), "form": form, "title": _("Your byline")}
    return TemplateResponse(request, "admin/claims/byline.html", context)
