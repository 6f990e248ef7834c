"""The rule shared by everything our published verdicts show of other records (a claim's
words, a cited source's title and URL): only an editor changes it, with a public note
filed as a correction on each of those verdicts, in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied

from claims import permissions
from claims.models import Verdict
from claims.services.workflow import TransitionError, file_correction


def guard_record_change(*, actor: Any, subject: str, touched: list[str], note: str) -> None:
    """Refuse unless ``actor`` is an editor and gave the public note the change needs."""
    what = " and ".join(touched)
    if not actor.has_perm(permissions.CORRECT_RECORD):
        raise PermissionDenied(f"{subject}: only an editor can change its {what}. Ask an editor.")
    if not note.strip():
        raise TransitionError(
            f"{subject}: changing its {what} needs a public correction note, filed on each of "
            "our published verdicts."
        )


def correct_each(verdicts: Iterable[Verdict], *, actor: Any, note: str) -> None:
    """File ``note`` as a correction on each verdict, and mark each as updated."""
    for verdict in verdicts:
        file_correction(verdict=verdict, actor=actor, note=note)
        verdict.save(update_fields=["updated_at"])
