"""The claim-family panel on a claim's admin page, read by a selector."""

from __future__ import annotations

from typing import Any

from django import template

from claims import permissions
from claims.selectors.families import family_panel

register = template.Library()


@register.inclusion_tag("admin/claims/claim/family.html", takes_context=True)
def claim_family(context: dict[str, Any], claim: Any) -> dict[str, Any]:
    """The claim's family, the suggestions to confirm or dismiss, and where else it was
    said, with the buttons the user may press."""
    user = context["request"].user
    return {
        "claim": claim,
        "family": family_panel(claim),
        "appearances": claim.appearances.select_related(
            "speaker", "outlet", "reported_by__publisher"
        ).order_by("said_on", "position", "pk"),
        "may_link": user.has_perm(permissions.CHANGE_CLAIM),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("admin/claims/claim/family_forms.html", takes_context=True)
def claim_family_forms(context: dict[str, Any], claim: Any) -> dict[str, Any]:
    """The forms the panel's buttons post, outside the claim's own form."""
    return {
        "claim": claim,
        "family": family_panel(claim),
        "may_link": context["request"].user.has_perm(permissions.CHANGE_CLAIM),
        "csrf_token": context.get("csrf_token"),
    }
