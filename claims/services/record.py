"""The rule shared by everything our published verdicts show of other records (a claim's
words, a cited source's title and URL): only an editor changes it, with a public note
filed as a correction on each of those verdicts, in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from claims import permissions
from claims.models import Verdict
from claims.models.revision import RevisionKind
from claims.services.workflow import TransitionError, revision_propose


def guard_record_change(*, actor: Any, subject: str, touched: list[str], note: str) -> None:
    """Refuse unless ``actor`` is an editor and gave the public note the change needs.
    ``subject`` (why the record is on the public record) and ``touched`` (the names of
    what changes) come translated."""
    # Translators: joins the names of two fields: "wording and quote".
    what = _(" and ").join(touched)
    if not actor.has_perm(permissions.CORRECT_RECORD):
        raise PermissionDenied(
            # Translators: %(subject)s is e.g. "This claim has a published verdict";
            # %(what)s what would change, e.g. "wording and speaker".
            _("%(subject)s: only an editor can change its %(what)s. Ask an editor.")
            % {"subject": subject, "what": what}
        )
    if not note.strip():
        raise TransitionError(
            _(
                "%(subject)s: changing its %(what)s needs a public correction note, filed on "
                "each of our published verdicts."
            )
            % {"subject": subject, "what": what}
        )


def guard_public_page(*, actor: Any, changes: Mapping[str, Any], page: str, refusal: str) -> None:
    """A record with a public page (a speaker, an article, an outlet, a topic): only an
    editor changes what its header says (``refusal`` says why to anyone else), and its
    address stays, since published claims and other sites link to it."""
    if not actor.has_perm(permissions.CORRECT_RECORD):
        raise PermissionDenied(refusal)
    if "slug" in changes:
        fixed = {
            "article": _("This article's page is public: its address cannot change."),
            "outlet": _("This outlet's page is public: its address cannot change."),
            "speaker": _("This speaker's page is public: its address cannot change."),
            "topic": _("This topic's page is public: its address cannot change."),
        }
        raise TransitionError(
            fixed.get(page) or _("This page is public: its address cannot change.")
        )


def correct_each(verdicts: Iterable[Verdict], *, actor: Any, note: str) -> None:
    """Propose each verdict's corrected working copy, with ``note``, as its next revision:
    readers see the change once independent editors approve it."""
    for verdict in verdicts:
        revision_propose(verdict=verdict, user=actor, kind=RevisionKind.CORRECTION, note=note)
