"""The about page's sections, and readers' suggested claims."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims import permissions
from claims.models import AboutSection, Claim, ReaderSuggestion
from claims.services.claims import claim_create
from claims.services.workflow import TransitionError
from factcheck.base import events
from factcheck.base.concurrency import lock_current_version
from factcheck.base.services import AnyUser, acting, changes_to, require, save_validated

ABOUT_FIELDS = ("kind", "title", "body")


def about_section_create(*, user: AnyUser, kind: str, title: str, body: str) -> AboutSection:
    with acting(user):
        require(user, permissions.ADD_ABOUT, _("write the about page"))
        section = AboutSection(kind=kind, title=title, body=body)
        save_validated(section, {})
        return section


def about_section_update(
    *, section: AboutSection, user: AnyUser, expected_version: int, changes: Mapping[str, Any]
) -> AboutSection:
    with acting(user):
        require(user, permissions.CHANGE_ABOUT, _("edit the about page"))
        section = lock_current_version(AboutSection, pk=section.pk, expected=expected_version)
        real = changes_to(section, changes, allowed=ABOUT_FIELDS)
        if real:
            save_validated(section, real)
            section.refresh_from_db()
        return section


def suggestion_submit(*, text: str, seen_where: str = "", contact: str = "") -> ReaderSuggestion:
    """A reader's suggestion, from the public form: lands in the editorial queue, and is
    told to listeners (webhooks) in the same transaction, without the reader's contact:
    that is for staff only, and never leaves the site."""
    if not text.strip():
        raise TransitionError({"text": [_("Tell us the claim you would like checked.")]})
    with transaction.atomic():
        suggestion = ReaderSuggestion(
            text=text.strip(), seen_where=seen_where.strip(), contact=contact.strip()
        )
        save_validated(suggestion, {})
        events.emit(
            events.SUGGESTION_RECEIVED,
            suggestion={
                "id": suggestion.pk,
                "text": suggestion.text,
                "seen_where": suggestion.seen_where,
                "received_at": suggestion.created_at.isoformat(),
            },
        )
        return suggestion


def suggestion_contact_forget(*, email: str) -> int:
    """Blank the reader's contact wherever it holds this address (a reader asking to be
    forgotten; ``factcheck.alerts.services.subscriber_forget``): the contact alone, never
    the suggestion. The audit history keeps no copy of contacts (see the model's
    tracking), so nothing else holds it. Returns how many suggestions held it."""
    address = email.strip()
    if not address:
        return 0
    # The address as a whole word: "jane@example.org" is not part of "mary.jane@example.org".
    pattern = rf"(^|[^a-z0-9._%+-]){re.escape(address)}($|[^a-z0-9.-])"
    with transaction.atomic():
        return ReaderSuggestion.objects.filter(contact__iregex=pattern).update(
            contact="", updated_at=timezone.now()
        )


def _open(suggestion: ReaderSuggestion) -> ReaderSuggestion:
    suggestion = ReaderSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != ReaderSuggestion.Status.NEW:
        raise TransitionError(
            _("This suggestion was already handled (%(status)s).")
            % {"status": _(suggestion.get_status_display()).lower()}
        )
    return suggestion


def suggestion_accept(
    *, suggestion: ReaderSuggestion, user: AnyUser, text: str = "", **claim_fields: Any
) -> Claim:
    """Turn a reader's suggestion into a claim to check (the wording may be neutralised)."""
    with acting(user):
        require(user, permissions.HANDLE_SUGGESTIONS, _("handle readers' suggestions"))
        suggestion = _open(suggestion)
        context = f"suggested by a reader; seen: {suggestion.seen_where}"[:500]
        claim_fields.setdefault(
            "context", context if suggestion.seen_where else "suggested by a reader"
        )
        claim = claim_create(user=user, text=text or suggestion.text, **claim_fields)
        suggestion.status = ReaderSuggestion.Status.ACCEPTED
        suggestion.claim = claim
        suggestion.handled_by_id = user.pk
        suggestion.save(update_fields=["status", "claim", "handled_by", "updated_at"])
        return claim


def suggestion_dismiss(*, suggestion: ReaderSuggestion, user: AnyUser) -> ReaderSuggestion:
    with acting(user):
        require(user, permissions.HANDLE_SUGGESTIONS, _("handle readers' suggestions"))
        suggestion = _open(suggestion)
        suggestion.status = ReaderSuggestion.Status.DISMISSED
        suggestion.handled_by_id = user.pk
        suggestion.save(update_fields=["status", "handled_by", "updated_at"])
        return suggestion
