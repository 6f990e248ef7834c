from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from factcheck.alerts.models import Frequency

QUERY_MAX = 500


class SubscribeForm(forms.Form):
    """Follow a speaker, a topic or a search by email (the page's address says which; a
    search's words are in the form, where the reader may change them)."""

    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_(
            "We send a link to confirm it; nothing else until you do. You can "
            "unsubscribe from any alert in one click."
        ),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=[(value, _(label)) for value, label in Frequency.choices],
        initial=Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )
    # Left empty by people (it is hidden from them); filled in by spam robots.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args: Any, search: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if search:
            self.fields["q"] = forms.CharField(
                label=_("Words, as on the search page"),
                max_length=QUERY_MAX,
                help_text=_("You are sent each verdict this search finds once it is published."),
            )
            self.order_fields(["q", "email", "frequency", "website"])
