"""Writing verdicts: drafts, edits during review, and corrections of published ones."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from claims import permissions
from claims.models import Claim, Correction, Verdict, VerdictSource
from claims.services.families import assert_family_has_no_verdict_of_ours
from claims.services.workflow import (
    TransitionError,
    assert_status,
    locked,
    record_edit,
    revision_propose,
)
from factcheck.base.db import unique_slug
from factcheck.base.services import (
    AnyUser,
    Refused,
    acting,
    changes_to,
    require,
    save_validated,
)
from sources.models import Source

VERDICT_FIELDS = (
    "claim",
    "publisher",
    "external_url",
    "slug",
    "headline",
    "rating",
    "summary",
    "body",
    "speaker_contacted_at",
    "speaker_response",
)
# A translation rewords the verdict and the claim in its language; its claim, rating and
# publisher are the original's (claims.services.translations).
TRANSLATION_FIELDS = (
    *(
        name
        for name in VERDICT_FIELDS
        if name not in {"claim", "publisher", "external_url", "rating"}
    ),
    "claim_wording",
)
# Its claim, publisher, link and public address identify a published verdict.
FIXED_ONCE_PUBLISHED = ("claim", "publisher", "external_url", "slug")


@dataclass(frozen=True)
class SourceLine:
    """One of a verdict's sources, in the order readers see them, with what it shows."""

    source: Source
    note: str = ""


def _lines(verdict: Verdict) -> list[tuple[int, str]]:
    rows = verdict.verdict_sources.order_by("position", "pk").values_list("source_id", "note")
    return [(source_id, note) for source_id, note in rows]


def _changed_sources(
    verdict: Verdict, sources: Sequence[SourceLine] | None
) -> list[SourceLine] | None:
    if sources is None:
        return None
    lines = list(sources)
    ids = [line.source.pk for line in lines]
    duplicate = next((line.source for line in lines if ids.count(line.source.pk) > 1), None)
    if duplicate is not None:
        raise TransitionError(
            _("“%(source)s” is listed twice among the sources: keep one.") % {"source": duplicate}
        )
    if verdict.pk and [(line.source.pk, line.note) for line in lines] == _lines(verdict):
        return None
    return lines


def _replace_sources(verdict: Verdict, lines: list[SourceLine]) -> None:
    """Make the verdict's sources ``lines``, in order. Rows that stay are updated in place,
    so the audit history shows what really changed and forms opened earlier stay valid."""
    existing = {row.source_id: row for row in verdict.verdict_sources.all()}
    for position, line in enumerate(lines, start=1):
        row = existing.get(line.source.pk)
        if row is None:
            VerdictSource.objects.create(
                verdict=verdict, source=line.source, position=position, note=line.note
            )
        elif (row.position, row.note) != (position, line.note):
            row.position, row.note = position, line.note
            row.save(update_fields=["position", "note", "updated_at"])
    kept = [line.source.pk for line in lines]
    verdict.verdict_sources.exclude(source_id__in=kept).delete()


# Clocks differ by a little between a newsroom's machines; a day ahead is a typo.
CLOCK_SKEW = datetime.timedelta(minutes=5)


def _refuse_future_contact(fields: Mapping[str, Any]) -> None:
    """The right of reply records when we asked: a moment that has not come yet is a typo
    readers would see as a date we never kept."""
    moment = fields.get("speaker_contacted_at")
    if moment is not None and moment > timezone.now() + CLOCK_SKEW:
        raise ValidationError(
            {
                "speaker_contacted_at": [
                    _("This is in the future: give when the speaker was asked.")
                ]
            }
        )


def verdict_create(
    *,
    user: AnyUser,
    claim: Claim,
    headline: str,
    slug: str = "",
    sources: Sequence[SourceLine] = (),
    **fields: Any,
) -> Verdict:
    """A new draft verdict by ``user`` (or an imported one when ``publisher`` is given)."""
    with acting(user):
        actor = require(user, permissions.ADD_VERDICT, _("write verdicts"))
        changes_to(Verdict(), fields, allowed=VERDICT_FIELDS)  # refuses unknown fields
        _refuse_future_contact(fields)
        verdict = Verdict(claim=claim, headline=headline, **fields)
        if verdict.publisher_id is None:
            verdict.author = actor
            assert_family_has_no_verdict_of_ours(claim)
        verdict.slug = slug or unique_slug(Verdict, headline)
        lines = _changed_sources(verdict, sources) or []
        save_validated(verdict, {})
        _replace_sources(verdict, lines)
        return verdict


def verdict_update(
    *,
    verdict: Verdict,
    user: AnyUser,
    expected_version: int,
    changes: Mapping[str, Any] | None = None,
    sources: Sequence[SourceLine] | None = None,
    correction_note: str = "",
    correction_kind: str = Correction.Kind.CORRECTION,
) -> Verdict:
    """Edit a verdict as the person editing it may: a draft freely; a verdict in review
    (editors) as a new round of review; a published one only with a public correction."""
    with acting(user):
        actor = require(user, permissions.WRITE_VERDICT, _("edit verdicts"))
        verdict = locked(verdict, expected_version)
        if not permissions.can_edit_verdict(actor, verdict):
            raise PermissionDenied(_why_not_editable(verdict))
        allowed = VERDICT_FIELDS if verdict.translation_of_id is None else TRANSLATION_FIELDS
        real = changes_to(verdict, changes or {}, allowed=allowed)
        _refuse_future_contact(real)
        if "publisher" in real:
            # Ours or theirs is decided once: a draft of ours turned "imported" would have
            # no author, and an imported one turned ours would have no one who wrote it.
            raise TransitionError(
                _(
                    "A verdict's publisher is set when it is created and cannot change: write a "
                    "new verdict instead."
                )
            )
        lines = _changed_sources(verdict, sources)
        if lines is not None and verdict.translation_of_id is not None:
            raise Refused(
                _(
                    "A translation cites the original's sources: change them on the original, "
                    "then bring the translation up to date."
                )
            )
        if verdict.status == Verdict.Status.PUBLISHED:
            _correct(verdict, actor, real, lines, correction_note, correction_kind)
        elif real or lines is not None:
            save_validated(verdict, real)
            if lines is not None:
                _replace_sources(verdict, lines)
                verdict.save(update_fields=["updated_at"])  # a new version for the new list
            if verdict.status == Verdict.Status.IN_REVIEW:
                record_edit(verdict, actor)
        verdict.refresh_from_db()
        return verdict


def verdict_correct(
    *,
    verdict: Verdict,
    user: AnyUser,
    expected_version: int,
    note: str,
    kind: str = Correction.Kind.CORRECTION,
    changes: Mapping[str, Any] | None = None,
    sources: Sequence[SourceLine] | None = None,
) -> Verdict:
    """Edit a published verdict's working copy and propose it, with a public note, as a
    correction; or propose an update or clarification, with or without a change. It is
    published once independent editors approve it (``verdict_publish``)."""
    with acting(user):
        if not note.strip():
            raise TransitionError(
                _(
                    "A correction, update or clarification needs a public note saying what "
                    "changed and why."
                )
            )
        verdict = locked(verdict, expected_version)
        assert_status(verdict, Verdict.Status.PUBLISHED, _("corrected"))
        return verdict_update(
            verdict=verdict,
            user=user,
            expected_version=expected_version,
            changes=changes,
            sources=sources,
            correction_note=note,
            correction_kind=kind,
        )


def _correct(
    verdict: Verdict,
    actor: Any,
    real: dict[str, Any],
    lines: list[SourceLine] | None,
    note: str,
    kind: str,
) -> None:
    """An edit of a published verdict changes its working copy only; with a note, the
    working copy is proposed as its next revision. Readers see nothing until then."""
    fixed = sorted(set(real) & set(FIXED_ONCE_PUBLISHED))
    if fixed:
        raise TransitionError(
            # Translators: %(fields)s names fields as the code does: claim, publisher, slug.
            _(
                "A published verdict's %(fields)s cannot change: readers and other sites link "
                "to it as it is. Retract it and write a new one if it was filed wrongly."
            )
            % {"fields": ", ".join(fixed)}
        )
    if "rating" in real and real["rating"] is None:
        raise TransitionError(
            _("A published verdict keeps a rating: choose the corrected rating, or retract it.")
        )
    lost = {
        "headline": _("A published verdict cannot lose its headline."),
        "summary": _("A published verdict cannot lose its summary."),
    }
    for name, refusal in lost.items():
        if name in real and not str(real[name]).strip():
            raise TransitionError(refusal)
    if lines == []:
        raise TransitionError(_("A published verdict must keep at least one source."))
    if real or lines is not None:
        save_validated(verdict, real)
        if lines is not None:
            _replace_sources(verdict, lines)
        verdict.save(update_fields=["updated_at"])
    if note.strip():
        revision_propose(verdict=verdict, user=actor, kind=kind, note=note)


def verdict_delete(*, verdict: Verdict, user: AnyUser) -> None:
    """Delete a verdict that never reached the public record."""
    with acting(user):
        require(user, permissions.DELETE_VERDICT, _("delete verdicts"))
        verdict = locked(verdict)
        if verdict.status in Verdict.RECORD_STATUSES:
            raise TransitionError(
                _(
                    "This verdict is part of the public record and cannot be deleted: retract "
                    "it instead (or, for a court order, ask the editor-in-chief to take it down)."
                )
            )
        verdict.delete()


def _why_not_editable(verdict: Verdict) -> str:
    return {
        Verdict.Status.DRAFT: _("You do not have permission to edit verdict drafts."),
        Verdict.Status.IN_REVIEW: _(
            "This verdict is in review: only an editor can change it now."
        ),
        Verdict.Status.PUBLISHED: _("This verdict is published: only an editor can correct it."),
        Verdict.Status.RETRACTED: _(
            "A retracted verdict is part of the public record and cannot be edited."
        ),
        Verdict.Status.WITHDRAWN: _("This verdict was taken down and cannot be edited."),
    }[Verdict.Status(verdict.status)]
