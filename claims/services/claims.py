"""Writing claims. Once one of our verdicts on a claim is on the public record, what the
verdict shows of it (its words and its speaker) changes only by an editor, and a
change of its words files a public correction on each of those verdicts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from claims import permissions
from claims.models import Claim, PublishedClaim, Verdict, VerdictRevision
from claims.services.families import suggest_repeats_of_checked
from claims.services.record import correct_each, guard_record_change
from claims.services.search import reindex_claims
from claims.services.speakers import speaker_create
from claims.services.vectors import claim_vectors_refresh
from claims.services.workflow import TransitionError
from factcheck.base.concurrency import lock_current_version
from factcheck.base.db import unique_slug
from factcheck.base.services import AnyUser, acting, changes_to, require, save_validated

CLAIM_FIELDS = (
    "text",
    "quote",
    "speaker",
    "context",
    "claimed_on",
    "article",
    "appeared_in",
    "url",
    "archived_url",
    "topics",
    "language",
    "slug",
    "assigned_to",
)
# What our published verdicts show of the claim.
ON_RECORD = ("text", "quote", "speaker")
LABELS = {
    "text": gettext_noop("wording"),
    "quote": gettext_noop("quote"),
    "speaker": gettext_noop("speaker"),
}


def _refuse_published_address(slug: str, claim_pk: int | None) -> None:
    """Another claim's published page keeps its address even where that claim was renamed
    before addresses were frozen: a claim may not take it over."""
    holders = PublishedClaim.objects.filter(slug=slug)
    if claim_pk is not None:
        holders = holders.exclude(claim_id=claim_pk)
    if holders.exists():
        raise ValidationError({"slug": [_("This address is another claim's published page.")]})


def _free_address(text: str) -> str:
    """A slug for ``text`` that neither a claim nor a published page uses."""
    base = candidate = unique_slug(Claim, text)
    n = 2
    while (
        PublishedClaim.objects.filter(slug=candidate).exists()
        or Claim.objects.filter(slug=candidate).exists()
    ):
        candidate = f"{base[:190]}-{n}"
        n += 1
    return candidate


def claim_create(*, user: AnyUser, text: str, slug: str = "", **fields: Any) -> Claim:
    """A new claim, recorded as created by ``user``."""
    with acting(user):
        actor = require(user, permissions.ADD_CLAIM, _("add claims"))
        changes_to(Claim(), fields, allowed=CLAIM_FIELDS)  # refuses unknown fields
        assignee = fields.pop("assigned_to", None)
        if assignee is not None:
            _assert_can_be_assigned(assignee)
        topics = fields.pop("topics", None)
        claim = Claim(text=text, created_by=actor, assigned_to=assignee, **fields)
        claim.slug = slug or _free_address(text)
        _refuse_published_address(claim.slug, None)
        save_validated(claim, {"topics": topics} if topics is not None else {})
        reindex_claims([claim.pk])
        claim_vectors_refresh(claim_ids=[claim.pk], new=True)
        # A repeat of a claim we checked lands in the editorial queue (never linked).
        suggest_repeats_of_checked(claim=claim)
        return claim


def claim_update(
    *,
    claim: Claim,
    user: AnyUser,
    expected_version: int,
    changes: Mapping[str, Any],
    correction_note: str = "",
) -> Claim:
    """Change a claim. If our verdicts on it are on the public record, its words and
    speaker change only by an editor, and a change of words or speaker files
    ``correction_note`` as a public correction on each of them."""
    with acting(user):
        actor = require(user, permissions.CHANGE_CLAIM, _("edit claims"))
        claim = lock_current_version(Claim, pk=claim.pk, expected=expected_version)
        real = changes_to(claim, changes, allowed=CLAIM_FIELDS)
        if not real:
            return claim
        if "assigned_to" in real and real["assigned_to"] is not None:
            _assert_can_be_assigned(real["assigned_to"])
        record = Verdict.objects.ours().on_record().filter(claim=claim)
        touched = sorted(set(real) & set(ON_RECORD), key=ON_RECORD.index)
        # Its address is public once any verdict on it is (another publisher's included):
        # the public index holds it, and a new claim must never take it over.
        # A taken-down verdict leaves the index but keeps its notice at this address.
        ever_public = PublishedClaim.objects.filter(pk=claim.pk).exists() or (
            VerdictRevision.objects.filter(verdict__claim_id=claim.pk).exists()
        )
        if "slug" in real and ever_public:
            raise TransitionError(
                _("This claim has a published verdict: its address is public and cannot change.")
            )
        if "slug" in real:
            _refuse_published_address(real["slug"], claim.pk)
        if touched and record.exists():
            guard_record_change(
                actor=actor,
                subject=_("This claim has a published verdict"),
                touched=[_(LABELS[name]) for name in touched],
                note=correction_note,
            )
        save_validated(claim, real)
        if "speaker" in real:
            reindex_claims([claim.pk])
        if {"text", "quote"} & set(real):
            claim_vectors_refresh(claim_ids=[claim.pk])
        if touched:
            public = record.filter(status__in=Verdict.PUBLIC_STATUSES)
            correct_each(public, actor=actor, note=correction_note)
        claim.refresh_from_db()
        return claim


def claim_from_suggestion(
    *,
    article: Any,
    user: AnyUser,
    text: str,
    quote: str = "",
    speaker: Any = None,
    new_speaker_name: str = "",
    new_speaker_kind: str = "person",
) -> Claim:
    """Accept one of an article's claim suggestions: the claim is created with the article,
    its outlet and its date, and the speaker the editor chose (or a new one they named)."""
    with acting(user):
        if speaker is None and new_speaker_name.strip():
            speaker = speaker_create(
                user=user, name=new_speaker_name.strip(), kind=new_speaker_kind
            )
        return claim_create(
            user=user,
            text=text,
            quote=quote,
            speaker=speaker,
            article=article,
            appeared_in=article.outlet,
            claimed_on=article.published_on,
        )


def claim_assign(*, claim: Claim, assignee: Any, user: AnyUser) -> Claim:
    """Give a claim to a fact-checker to research (or take it back with ``assignee=None``)."""
    with acting(user):
        require(user, permissions.CHANGE_CLAIM, _("assign claims"))
        if assignee is not None:
            _assert_can_be_assigned(assignee)
        claim = Claim.objects.select_for_update(of=("self",)).get(pk=claim.pk)
        claim.assigned_to = assignee
        claim.save(update_fields=["assigned_to", "updated_at"])
        claim.refresh_from_db()
        return claim


def _assert_can_be_assigned(assignee: Any) -> None:
    if not permissions.fact_checkers().filter(pk=assignee.pk).exists():
        raise TransitionError(
            _("%(user)s cannot write verdicts, so cannot be assigned a claim.")
            % {"user": assignee}
        )
