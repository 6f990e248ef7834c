from __future__ import annotations

from django import forms


class SuggestionForm(forms.Form):
    text = forms.CharField(
        label="The claim you would like us to check",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    seen_where = forms.CharField(
        label="Where did you see or hear it?",
        max_length=500,
        required=False,
        help_text="A link, or a description such as “a radio interview on 3 March”.",
    )
    contact = forms.CharField(
        label="How can we reach you? (optional)",
        max_length=254,
        required=False,
        help_text="Only our editors see this. We never publish it.",
    )
    # Left empty by people (it is hidden from them); filled in by spam robots.
    website = forms.CharField(required=False, label="Leave this empty")
