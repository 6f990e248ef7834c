"""Reminders on the newsroom's front page (the admin index), each read by a selector."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from claims import permissions
from claims.selectors.newsroom import about_sections_to_complete

register = template.Library()


@register.inclusion_tag("admin/claims/about_reminder.html", takes_context=True)
def about_reminder(context: dict[str, Any]) -> dict[str, Any]:
    """The about page's sections still to be written, for those who may write them."""
    user = context["request"].user
    if not user.has_perm(permissions.CHANGE_ABOUT):
        return {"left": []}
    return {
        "left": about_sections_to_complete(),
        "url": reverse("admin:claims_aboutsection_changelist"),
    }
