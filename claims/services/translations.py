"""Translations of our verdicts: another language's headline, summary, body and claim
wording of one published revision of a verdict of ours.

A translation is a verdict of its own (``Verdict.translation_of``), on the same claim, with
the original's rating and sources, so it goes through the same workflow as any verdict:
draft, review, approval by an editor independent of it, publication, corrections. It is
never listed as a verdict of its own: readers find it on the original's page in its
language (docs/languages.md, "Translations of verdicts").
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from claims import permissions
from claims.models import Verdict, VerdictSource
from claims.selectors.newsroom import latest_revision
from claims.services.workflow import TransitionError, locked, record_edit
from factcheck.base.db import unique_slug
from factcheck.base.services import AnyUser, acting, require


def translation_languages() -> list[str]:
    """The languages a verdict may be translated into: those of the public site."""
    return [code for code, _name in settings.LANGUAGES]


def _primary(tag: str) -> str:
    return tag.split("-", 1)[0].lower()


def original_language(verdict: Verdict) -> str:
    """The language an original of ours is written in: its claim's (the site's when the
    claim has none)."""
    return _primary(verdict.language or verdict.claim.language or settings.LANGUAGE_CODE)


def _assert_translatable(original: Verdict, language: str) -> None:
    if language not in translation_languages():
        raise TransitionError(
            _("A verdict can be translated into %(languages)s, not “%(language)s”.")
            % {"languages": ", ".join(translation_languages()), "language": language}
        )
    if original.translation_of_id is not None:
        raise TransitionError(_("This is already a translation: translate its original instead."))
    if not original.is_ours:
        raise TransitionError(_("Only our own verdicts can be translated here."))
    if original.status != Verdict.Status.PUBLISHED or latest_revision(original) is None:
        raise TransitionError(
            _("Only a published verdict can be translated: a translation is of what readers read.")
        )
    if language == original_language(original):
        raise TransitionError(
            _("This verdict is written in that language: pick another language.")
        )
    if Verdict.objects.filter(translation_of=original, language=language).exists():
        raise TransitionError(
            _("This verdict already has a translation in this language: edit that one.")
        )


def verdict_translation_start(*, original: Verdict, language: str, user: AnyUser) -> Verdict:
    """A draft translation of ``original``'s latest published revision into ``language``,
    by ``user``: its texts copied from the revision for the translator to rewrite, its
    rating and sources the original's."""
    with acting(user):
        actor = require(user, permissions.ADD_VERDICT, _("write verdicts"))
        original = locked(original)
        _assert_translatable(original, language)
        revision = latest_revision(original)
        assert revision is not None
        published = revision.document["verdict"]
        translation = Verdict(
            claim_id=original.claim_id,
            translation_of=original,
            translated_revision=revision.number,
            language=language,
            author=actor,
            rating_id=revision.document["refs"]["rating"],
            headline=published["headline"],
            summary=published["summary"],
            body=published["body"],
            speaker_contacted_at=original.speaker_contacted_at,
            speaker_response=published["speaker_response"],
            claim_wording=revision.document["claim"]["text"],
        )
        translation.slug = unique_slug(Verdict, f"{original.slug}-{language}")
        translation.full_clean()
        translation.save()
        _cite_the_originals_sources(original, translation)
        return translation


def _cite_the_originals_sources(original: Verdict, translation: Verdict) -> None:
    """The translation's sources are the original's, in its order (a translation rewords
    the verdict; it never changes what it rests on)."""
    VerdictSource.objects.filter(verdict=translation).delete()
    VerdictSource.objects.bulk_create(
        VerdictSource(
            verdict=translation,
            source_id=line.source_id,
            position=line.position,
            note=line.note,
        )
        for line in original.verdict_sources.order_by("position", "pk")
    )


def verdict_translation_follow(
    *, translation: Verdict, user: AnyUser, expected_version: int
) -> Verdict:
    """Make ``translation`` translate the original's latest published revision (after a
    correction of the original): its working copy then says so, and its next revision
    (reviewed like any) puts it back in the ClaimReview feed."""
    with acting(user):
        actor = require(user, permissions.WRITE_VERDICT, _("edit verdicts"))
        translation = locked(translation, expected_version)
        if translation.translation_of_id is None:
            raise TransitionError(_("This verdict is not a translation."))
        if not permissions.can_edit_verdict(actor, translation):
            raise TransitionError(_("You cannot edit this translation in its present state."))
        original = Verdict.objects.get(pk=translation.translation_of_id)
        revision = latest_revision(original)
        if revision is None or revision.number == translation.translated_revision:
            raise TransitionError(
                _("This translation already translates the original's latest revision.")
            )
        translation.translated_revision = revision.number
        # The corrected original's rating and sources: a translation cannot change them
        # itself (claims.services.verdicts.TRANSLATION_FIELDS).
        translation.rating_id = revision.document["refs"]["rating"]
        translation.save(update_fields=["translated_revision", "rating", "updated_at"])
        _cite_the_originals_sources(original, translation)
        if translation.status == Verdict.Status.IN_REVIEW:
            record_edit(translation, actor)
        return translation
