"""The admin's "Your language" page: each staff member chooses the language the admin
speaks to them in (Django's own screens, ours, and the services' refusals shown there)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from factcheck.i18n.middleware import remember_staff_language, staff_language
from factcheck.i18n.models import InterfaceLanguage
from factcheck.i18n.services import staff_language_set


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=InterfaceLanguage.choices,
        widget=forms.RadioSelect,
    )


def language_page(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST or None, initial={"language": staff_language(request)})
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        try:
            staff_language_set(user=request.user, language=language)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            remember_staff_language(request, language)
            with translation.override(language):  # the confirmation in the chosen language
                messages.success(request, _("The admin now speaks your language."))
            return HttpResponseRedirect(reverse("your-language"))
    context = {**admin.site.each_context(request), "form": form, "title": _("Your language")}
    return TemplateResponse(request, "admin/i18n/language.html", context)
