"""Claim families: a person links a claim to another as the same claim, or undoes it; the
newsroom records where else a claim was said (appearances); the matcher proposes repeats
(suggestions, never links).

None of these steps changes what readers see. A link reaches the public only when the
family's verdict publishes a revision that shows it (an update, reviewed by an editor who
did not make the link: ``claims.selectors.newsroom.contributors`` counts the link as a
change to what the verdict would publish). A family holds at most one verdict of ours at
a time: refused here with the reason, and by the database whoever writes.

Must not import the other service modules: ``claims.services.published`` calls
``refresh_published_repeats`` from here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from claims import permissions
from claims.models import (
    Appearance,
    Claim,
    ClaimFamily,
    ClaimFamilyMember,
    RepeatSuggestion,
    Verdict,
)
from claims.models.families import their_appearances
from claims.selectors.families import (
    family_claim_ids,
    family_id_of,
    likely_repeats,
    our_active_verdicts,
)
from factcheck.base.concurrency import lock_current_version
from factcheck.base.services import AnyUser, Refused, acting, changes_to, require, save_validated

APPEARANCE_FIELDS = ("speaker", "outlet", "article", "said_on", "url")

logger = logging.getLogger(__name__)


def claim_link_as_repeat(
    *, claim: Claim, of: Claim, user: AnyUser, note: str = ""
) -> ClaimFamilyMember:
    """Confirm that ``claim`` is the same claim as ``of``: both join one family (``of``'s,
    else ``claim``'s, else a new one). Refused when either is already in another family
    of several claims, or when the family would hold two verdicts of ours. Open
    suggestions between them are marked linked. Undone by ``claim_unlink``."""
    with acting(user):
        actor = require(user, permissions.CHANGE_CLAIM, _("link claims as the same claim"))
        if claim.pk == of.pk:
            raise Refused(_("A claim cannot be linked to itself: choose the claim it repeats."))
        # Both claims locked, in id order, then their families: two links at once take
        # turns, and a verdict being written on either claim is waited for.
        locked = list(
            Claim.objects.select_for_update(of=("self",))
            .filter(pk__in=[claim.pk, of.pk])
            .order_by("pk")
        )
        if len(locked) != 2:
            raise Refused(_("One of the two claims no longer exists: reload the page."))
        families = {pk: family_id_of(pk) for pk in (claim.pk, of.pk)}
        held = sorted({f for f in families.values() if f})
        list(ClaimFamily.objects.select_for_update().filter(pk__in=held).order_by("pk"))
        mine, theirs = families[claim.pk], families[of.pk]
        if mine is not None and mine == theirs:
            raise Refused(
                _("“%(claim)s” is already linked as the same claim as “%(of)s”.")
                % {"claim": claim, "of": of}
            )
        if mine is not None and theirs is not None:
            raise Refused(
                _(
                    "“%(claim)s” is already linked to other claims, and a claim is in one "
                    "family at most: unlink it from them first, then link it here."
                )
                % {"claim": claim}
            )
        everyone = {*family_claim_ids(claim.pk), *family_claim_ids(of.pk)}
        ours = list(our_active_verdicts(everyone).order_by("pk"))
        if len(ours) > 1:
            named = ", ".join(f"“{v.headline}”" for v in ours)
            raise Refused(
                ngettext(
                    "These claims already have %(count)s verdict of ours (%(named)s), and the "
                    "same claim gets one verdict of ours at a time: retract or delete one of "
                    "them before linking the claims.",
                    "These claims already have %(count)s verdicts of ours (%(named)s), and the "
                    "same claim gets one verdict of ours at a time: retract or delete one of "
                    "them before linking the claims.",
                    len(ours),
                )
                % {"count": len(ours), "named": named}
            )
        family_id = theirs or mine
        if family_id is None:
            family_id = ClaimFamily.objects.create(created_by=actor).pk
        member = None
        for each in (of, claim):
            if families[each.pk] is None:
                member = ClaimFamilyMember.objects.create(
                    family_id=family_id, claim=each, linked_by=actor, note=note.strip()
                )
        RepeatSuggestion.objects.filter(status=RepeatSuggestion.Status.OPEN).filter(
            Q(claim__in=everyone, of__in=everyone)
        ).update(
            status=RepeatSuggestion.Status.LINKED,
            decided_by=actor,
            decided_at=timezone.now(),
            updated_at=timezone.now(),
        )
        assert member is not None  # one of the two had no family
        return member


def claim_unlink(*, claim: Claim, user: AnyUser) -> None:
    """Take ``claim`` out of its family (undoing a link). A family left with one claim
    is dissolved. Suggestions that had linked it are recorded as dismissed: a person
    decided it is not the same claim."""
    with acting(user):
        actor = require(user, permissions.CHANGE_CLAIM, _("unlink claims"))
        Claim.objects.select_for_update(of=("self",)).filter(pk=claim.pk).first()
        member = ClaimFamilyMember.objects.filter(claim_id=claim.pk).first()
        if member is None:
            raise Refused(_("“%(claim)s” is not linked to any other claim.") % {"claim": claim})
        ClaimFamily.objects.select_for_update().filter(pk=member.family_id).first()
        others = list(
            ClaimFamilyMember.objects.filter(family_id=member.family_id)
            .exclude(pk=member.pk)
            .values_list("claim_id", flat=True)
        )
        member.delete()
        if len(others) <= 1:
            ClaimFamilyMember.objects.filter(family_id=member.family_id).delete()
            ClaimFamily.objects.filter(pk=member.family_id).delete()
        RepeatSuggestion.objects.filter(status=RepeatSuggestion.Status.LINKED).filter(
            Q(claim=claim, of__in=others) | Q(of=claim, claim__in=others)
        ).update(
            status=RepeatSuggestion.Status.DISMISSED,
            decided_by=actor,
            decided_at=timezone.now(),
            updated_at=timezone.now(),
        )


def assert_family_has_no_verdict_of_ours(claim: Claim) -> None:
    """Refuse a new verdict of ours on ``claim`` when its family already holds one (the
    database refuses it too)."""
    others = [pk for pk in family_claim_ids(claim.pk) if pk != claim.pk]
    existing = our_active_verdicts(others).select_related("claim").first()
    if existing is not None:
        raise Refused(
            _(
                "“%(claim)s” is linked as the same claim as “%(other)s”, which already has our "
                "verdict “%(headline)s”: the same claim gets one verdict of ours at a time. "
                "Update that verdict, or unlink the claims first."
            )
            % {"claim": claim, "other": existing.claim, "headline": existing.headline}
        )


# Appearances ---------------------------------------------------------------------------


def _refuse_theirs(appearance: Appearance) -> None:
    if appearance.reported_by_id is not None:
        raise Refused(
            _(
                "This appearance is listed by another publisher's review: it changes only when "
                "their review is imported again."
            )
        )


def appearance_create(*, user: AnyUser, claim: Claim, **fields: Any) -> Appearance:
    """Record another time and place ``claim`` was said (who, where, when, address)."""
    with acting(user):
        actor = require(user, permissions.CHANGE_CLAIM, _("record where claims appeared"))
        changes_to(Appearance(), fields, allowed=APPEARANCE_FIELDS)  # refuses unknown fields
        appearance = Appearance(claim=claim, created_by=actor)
        save_validated(appearance, fields)
        return appearance


def appearance_update(
    *, appearance: Appearance, user: AnyUser, expected_version: int, changes: Mapping[str, Any]
) -> Appearance:
    with acting(user):
        require(user, permissions.CHANGE_CLAIM, _("edit where claims appeared"))
        appearance = lock_current_version(Appearance, pk=appearance.pk, expected=expected_version)
        _refuse_theirs(appearance)
        real = changes_to(appearance, changes, allowed=APPEARANCE_FIELDS)
        if real:
            save_validated(appearance, real)
            appearance.refresh_from_db()
        return appearance


def appearance_delete(*, appearance: Appearance, user: AnyUser) -> None:
    with acting(user):
        require(user, permissions.CHANGE_CLAIM, _("remove where claims appeared"))
        appearance = Appearance.objects.select_for_update().get(pk=appearance.pk)
        _refuse_theirs(appearance)
        appearance.delete()


def their_appearances_replace(
    *, verdict: Verdict, their_review: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, bool]:
    """For the ClaimReview import, in its transaction: the appearances ``their_review``
    lists become ``verdict``'s reported appearances (replacing those it had), and the
    review is returned without them, with whether the appearances changed."""
    kept, found = their_appearances(their_review)
    rows = list(
        Appearance.objects.filter(reported_by=verdict)
        .order_by("position", "pk")
        .values_list("url", "first", "listed", "position")
    )
    if rows == [tuple(row) for row in found]:
        return kept, False
    Appearance.objects.filter(reported_by=verdict).delete()
    Appearance.objects.bulk_create(
        Appearance(
            claim_id=verdict.claim_id,
            reported_by=verdict,
            url=url,
            first=first,
            listed=listed,
            position=position,
        )
        for url, first, listed, position in found
    )
    return kept, True


# Suggestions ---------------------------------------------------------------------------


def _older_first(a: Claim, b: Claim, checked: set[int]) -> tuple[Claim, Claim]:
    """(the repeat, the claim it repeats): the checked one is repeated, else the earlier."""
    if (a.pk in checked) != (b.pk in checked):
        return (b, a) if a.pk in checked else (a, b)
    key_a = (a.claimed_on or a.created_at.date(), a.pk)
    key_b = (b.claimed_on or b.created_at.date(), b.pk)
    return (a, b) if key_a > key_b else (b, a)


def repeat_suggestions_record(
    *,
    user: AnyUser,
    pairs: Iterable[tuple[Claim, Claim, float]],
    found_by: str,
    checked: Iterable[int] = (),
) -> int:
    """Record the matcher's proposals that two claims are the same, each as an open
    suggestion for a person to confirm or dismiss: never a link. A pair already in one
    family, already proposed (either way round) or dismissed is left as it is. Returns how
    many were added."""
    with acting(user):
        require(user, permissions.CHANGE_CLAIM, _("record suggested repeats"))
        return _record(pairs, found_by=found_by, checked=set(checked))


def repeat_suggestions_look(*, claim: Claim, user: AnyUser) -> int:
    """*Look for likely repeats* on a claim's page: ask the matcher now, and record what
    it finds as suggestions. Someone who may not record them is refused before the
    matcher runs (it reads the whole archive). Returns how many were added."""
    with acting(user):
        require(user, permissions.CHANGE_CLAIM, _("record suggested repeats"))
        found = likely_repeats(text=claim.text, exclude_pk=claim.pk)
        return _record(
            [(claim, hit.claim, hit.score) for hit in found], found_by=ON_REQUEST, checked=set()
        )


def _record(
    pairs: Iterable[tuple[Claim, Claim, float]], *, found_by: str, checked: set[int]
) -> int:
    added = 0
    for a, b, score in pairs:
        if a.pk == b.pk:
            continue
        repeat, of = _older_first(a, b, checked)
        known = RepeatSuggestion.objects.filter(
            Q(claim=repeat, of=of) | Q(claim=of, of=repeat)
        ).exists()
        if known or of.pk in family_claim_ids(repeat.pk):
            continue
        RepeatSuggestion.objects.create(
            claim=repeat, of=of, score=round(float(score), 4), found_by=found_by
        )
        added += 1
    return added


def repeat_suggestion_dismiss(*, suggestion: RepeatSuggestion, user: AnyUser) -> RepeatSuggestion:
    """A person decided the two claims are not the same claim: the pair is not proposed
    again."""
    with acting(user):
        actor = require(user, permissions.CHANGE_CLAIM, _("dismiss suggested repeats"))
        suggestion = RepeatSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if suggestion.status != RepeatSuggestion.Status.OPEN:
            raise Refused(
                _("This suggestion was already decided (%(status)s).")
                % {"status": _(suggestion.get_status_display())}
            )
        suggestion.status = RepeatSuggestion.Status.DISMISSED
        suggestion.decided_by = actor
        suggestion.decided_at = timezone.now()
        suggestion.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        return suggestion


ON_ENTRY = "entry"
ON_REQUEST = "claim page"


def suggest_repeats_of_checked(*, claim: Claim) -> int:
    """When a claim is entered, inside the service that enters it: the checked claims it
    likely repeats become suggestions in the editorial queue ("Repeats of checked
    claims"). Best effort, in a savepoint: the matcher finding nothing, not running here,
    or failing records nothing and never refuses the claim."""
    try:
        with transaction.atomic():
            found = likely_repeats(text=claim.text, exclude_pk=claim.pk, checked_only=True)
            return _record(
                [(claim, hit.claim, hit.score) for hit in found],
                found_by=ON_ENTRY,
                checked={hit.claim.pk for hit in found},
            )
    except DatabaseError:
        logger.exception("Suggesting repeats of claim %s failed; the claim is saved.", claim.pk)
        return 0


# The public index of repeats -------------------------------------------------------------

# Written from the latest revisions alone, in the statement that follows the public index
# of the same claims (refresh_published, bulk_refresh_published): each appearance of our
# public verdicts' documents that names a speaker, with whether it was said after the
# verdict was first published, in the newsroom's time zone.
REPEATS_SQL = """
INSERT INTO claims_publishedrepeat (
    created_at, updated_at, claim_id, verdict_id, position, speaker_id, said_on, after_rating)
SELECT now(), now(), pv.claim_id, pv.verdict_id, x.n,
    (r.document->'refs'->'appearance_speakers'->>(x.n::int - 1))::bigint,
    (x.e->>'date')::date,
    coalesce((x.e->>'date')::date > (pv.first_published AT TIME ZONE %(zone)s)::date, false)
FROM claims_publishedverdict pv
JOIN claims_verdictrevision r ON r.id = pv.revision_id
CROSS JOIN LATERAL jsonb_array_elements(r.document->'appearances') WITH ORDINALITY AS x(e, n)
WHERE pv.claim_id = ANY(%(ids)s) AND pv.ours AND r.document ? 'appearances'
  AND jsonb_typeof(x.e->'speaker') = 'object'
"""


def refresh_published_repeats(claim_ids: Iterable[int]) -> None:
    """Rewrite the public index of repeats of these claims from their public verdicts'
    latest revisions (called with the public index, never on its own)."""
    ids = sorted(set(claim_ids))
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM claims_publishedrepeat WHERE claim_id = ANY(%s)", [ids])
        cursor.execute(REPEATS_SQL, {"ids": ids, "zone": str(settings.TIME_ZONE)})
