"""Writing speakers and topics. A speaker on the public record (quoted in one of our
published verdicts) is edited by editors only; a spelling fix across hundreds of
verdicts is audited but is not a correction of any of them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from claims import permissions
from claims.models import Claim, Speaker, Topic, Verdict
from claims.selectors.public_index import speaker_is_public, topic_is_public
from claims.services.record import guard_public_page
from claims.services.search import reindex_claims, reindex_speaker
from claims.services.workflow import TransitionError
from factcheck.base.concurrency import lock_current_version
from factcheck.base.db import unique_slug
from factcheck.base.services import AnyUser, acting, changes_to, require, save_validated

SPEAKER_FIELDS = (
    "name",
    "slug",
    "kind",
    "title",
    "affiliation",
    "country",
    "description",
    "same_as",
)
TOPIC_FIELDS = ("name", "slug", "description")


def speaker_on_record(speaker: Speaker) -> bool:
    """Quoted in one of our verdicts on the record, or with a public page (another
    publisher's public review attributes a claim to them): their details are public."""
    return Verdict.objects.ours().on_record().filter(
        claim__speaker=speaker
    ).exists() or speaker_is_public(speaker.pk)


def _slug_text(speaker: Speaker) -> str:
    if speaker.is_named:
        return speaker.name
    # "a senior official" of which government: tell them apart in the address too.
    return " ".join(part for part in (speaker.name, speaker.affiliation, speaker.country) if part)


def speaker_create(*, user: AnyUser, name: str, slug: str = "", **fields: Any) -> Speaker:
    with acting(user):
        require(user, permissions.ADD_SPEAKER, _("add speakers"))
        changes_to(Speaker(), fields, allowed=SPEAKER_FIELDS)
        speaker = Speaker(name=name, **fields)
        speaker.slug = slug or unique_slug(Speaker, _slug_text(speaker))
        save_validated(speaker, {})
        return speaker


def speaker_update(
    *, speaker: Speaker, user: AnyUser, expected_version: int, changes: Mapping[str, Any]
) -> Speaker:
    with acting(user):
        actor = require(user, permissions.CHANGE_SPEAKER, _("edit speakers"))
        speaker = lock_current_version(Speaker, pk=speaker.pk, expected=expected_version)
        if speaker.merged_into_id is not None:
            raise TransitionError(
                _("This record was merged into “%(into)s”: edit that one instead.")
                % {"into": speaker.merged_into}
            )
        real = changes_to(speaker, changes, allowed=SPEAKER_FIELDS)
        if not real:
            return speaker
        if speaker_on_record(speaker):
            guard_public_page(
                actor=actor,
                changes=real,
                page="speaker",
                refusal=_(
                    "This speaker is on the public record (quoted in published verdicts): only "
                    "an editor can change their details. Ask an editor."
                ),
            )
        save_validated(speaker, real)
        if "name" in real:
            reindex_speaker(speaker.pk)  # found under the new name at once
        speaker.refresh_from_db()
        return speaker


def speaker_merge(*, duplicate: Speaker, into: Speaker, user: AnyUser) -> Speaker:
    """Merge two records of the same speaker: the duplicate's claims move to ``into``,
    and the duplicate stays as a pointer (its public page redirects there)."""
    with acting(user):
        require(user, permissions.CORRECT_RECORD, _("merge speakers"))
        if duplicate.pk == into.pk:
            raise TransitionError(_("A speaker cannot be merged into itself."))
        locked = {
            s.pk: s
            for s in Speaker.objects.select_for_update().filter(pk__in=[duplicate.pk, into.pk])
        }
        duplicate, into = locked[duplicate.pk], locked[into.pk]
        if duplicate.merged_into_id is not None:
            raise TransitionError(
                _("“%(duplicate)s” was already merged into “%(into)s”.")
                % {"duplicate": duplicate, "into": duplicate.merged_into}
            )
        if into.merged_into_id is not None:
            raise TransitionError(
                _("“%(into)s” was itself merged into “%(other)s”: merge into that one.")
                % {"into": into, "other": into.merged_into}
            )
        if speaker_is_public(duplicate.pk) and not speaker_is_public(into.pk):
            # The public page would then show a name and description never on the record.
            raise TransitionError(
                _(
                    "“%(duplicate)s” has a public page and “%(into)s” has none: merge "
                    "“%(into)s” into “%(duplicate)s” instead (then correct its details if "
                    "needed)."
                )
                % {"duplicate": duplicate, "into": into}
            )
        moved = list(Claim.objects.filter(speaker=duplicate).values_list("pk", flat=True))
        Claim.objects.filter(pk__in=moved).update(speaker=into)
        reindex_claims(moved)
        Speaker.objects.filter(merged_into=duplicate).update(merged_into=into)
        duplicate.merged_into = into
        duplicate.save(update_fields=["merged_into", "updated_at"])
        into.refresh_from_db()
        return into


def topic_create(*, user: AnyUser, name: str, slug: str = "", description: str = "") -> Topic:
    with acting(user):
        require(user, permissions.ADD_TOPIC, _("add topics"))
        topic = Topic(name=name, description=description)
        topic.slug = slug or unique_slug(Topic, name)
        save_validated(topic, {})
        return topic


def topic_update(
    *, topic: Topic, user: AnyUser, expected_version: int, changes: Mapping[str, Any]
) -> Topic:
    with acting(user):
        actor = require(user, permissions.CHANGE_TOPIC, _("edit topics"))
        topic = lock_current_version(Topic, pk=topic.pk, expected=expected_version)
        real = changes_to(topic, changes, allowed=TOPIC_FIELDS)
        if real and topic_is_public(topic.pk):
            guard_public_page(
                actor=actor,
                changes=real,
                page="topic",
                refusal=_(
                    "Published claims are listed under this topic: only an editor can change "
                    "its page. Ask an editor."
                ),
            )
        if real:
            save_validated(topic, real)
            topic.refresh_from_db()
        return topic
