from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SuggestionForm(forms.Form):
    text = forms.CharField(
        label=_("The claim you would like us to check"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    seen_where = forms.CharField(
        label=_("Where did you see or hear it?"),
        max_length=500,
        required=False,
        help_text=_("A link, or a description such as “a radio interview on 3 March”."),
    )
    contact = forms.EmailField(
        label=_("Your email address (optional)"),
        max_length=254,
        required=False,
        help_text=_(
            "To be told once when we have checked it. Only our editors see it; we "
            "never publish it."
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "Keep my address to tell me once when this claim is checked, and for the "
            "editors to write to me about it. I can ask you to delete it at any time."
        ),
        required=False,
        help_text=_("Without this box ticked we do not keep the address."),
    )
    # Left empty by people (it is hidden from them); filled in by spam robots.
    website = forms.CharField(required=False, label=_("Leave this empty"))
