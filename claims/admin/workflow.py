"""The workflow buttons on a verdict's page: each calls one service."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims import permissions, services
from claims.models import Verdict
from claims.selectors import workflow_steps
from factcheck.base.numbers import BadInteger, parse_int

__all__ = ["WORKFLOW", "run_workflow_step", "workflow_steps"]

# step: what the button says, who may press it, and what its text box is for.
# ``done`` is the success message's middle: "“Headline”: submit for review done; it is
# now in review." (lazy: each staff member reads them in their own language).
WORKFLOW: dict[str, dict[str, Any]] = {
    "submit": {
        "label": _("Submit for review"),
        "done": _("submit for review done"),
        "permission": permissions.WRITE_VERDICT,
        "text": None,
    },
    "approve": {
        "label": _("Approve"),
        "done": _("approve done"),
        "permission": permissions.REVIEW_VERDICT,
        "text": _("Comment (internal)"),
    },
    "publish": {
        "label": _("Approve and publish"),
        "done": _("approve and publish done"),
        "permission": permissions.REVIEW_VERDICT,
        "text": _("Comment (internal)"),
    },
    "return": {
        "label": _("Return (to the author, or withdraw a proposed revision)"),
        "done": _("return (to the author, or withdraw a proposed revision) done"),
        "permission": permissions.REVIEW_VERDICT,
        "text": _("What should change (internal, required)"),
    },
    "retract": {
        "label": _("Retract"),
        "done": _("retract done"),
        "permission": permissions.CORRECT_RECORD,
        "text": _("Public retraction notice (required)"),
    },
    "takedown": {
        "label": _("Take down (legal)"),
        "done": _("take down (legal) done"),
        "permission": permissions.TAKEDOWN_VERDICT,
        "text": _("Public notice: that it was removed, and why (required)"),
    },
}


def _version(post: QueryDict) -> int:
    try:
        return parse_int(post.get("version", ""), name="version", minimum=0)
    except BadInteger:
        raise services.TransitionError(
            gettext(
                "This button came from an old or altered page: reload the verdict and try again."
            )
        ) from None


def run_workflow_step(action: str, verdict: Verdict, user: Any, post: QueryDict) -> Verdict:
    text = str(post.get("text", ""))
    if action == "submit":
        return services.verdict_submit(verdict=verdict, user=user)
    # The content the editor was shown: refused if anything in it changed since.
    seen = str(post.get("content_hash", "")) or None
    if action in ("approve", "publish") and seen is None:
        # Every page with these buttons sends what it showed: without it, an approval
        # would be of whatever the verdict holds when the request lands.
        raise services.TransitionError(
            gettext(
                "This button came from an old or altered page: reload the verdict and try again."
            )
        )
    if action == "approve":
        return services.verdict_approve(
            verdict=verdict,
            user=user,
            expected_version=_version(post),
            comment=text,
            expected_hash=seen,
        )
    if action == "publish":
        return services.verdict_publish(
            verdict=verdict,
            user=user,
            expected_version=_version(post),
            comment=text,
            expected_hash=seen,
        )
    if action == "return":
        return services.verdict_return(verdict=verdict, user=user, comment=text)
    if action == "retract":
        return services.verdict_retract(verdict=verdict, user=user, note=text)
    return services.verdict_takedown(verdict=verdict, user=user, note=text)
