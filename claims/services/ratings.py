"""Ratings are data, and readers have seen them: a rating in use keeps its label,
position and scale for everyone; its definition stays editable by editors (audited).
Like every edit, a change of a rating or a scale names the version it started from.

A rating's label and definition in another language (``RatingTranslation``) are edited
by the editors who edit the rating, in use or not: each published revision keeps the
translations it was published with, so a better Arabic word changes the verdicts
published from then on, never what readers were already shown."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from claims import permissions
from claims.models import Rating, RatingScale, RatingTranslation
from claims.selectors.public_index import rating_is_published
from claims.services.workflow import TransitionError
from factcheck.base.concurrency import lock_current_version
from factcheck.base.services import (
    AnyUser,
    Refused,
    acting,
    changes_to,
    require,
    save_validated,
)

RATING_FIELDS = ("scale", "label", "slug", "position", "definition", "colour", "sort_order")
FIXED_IN_USE = ("label", "position", "scale", "slug")
SCALE_FIELDS = ("name", "slug", "description", "is_default")
TRANSLATION_FIELDS = ("language", "label", "definition")


def rating_create(*, user: AnyUser, **fields: Any) -> Rating:
    with acting(user):
        require(user, permissions.ADD_RATING, _("add ratings"))
        changes_to(Rating(), fields, allowed=RATING_FIELDS)
        rating = Rating(**fields)
        save_validated(rating, {})
        return rating


def rating_update(
    *, rating: Rating, user: AnyUser, expected_version: int, changes: Mapping[str, Any]
) -> Rating:
    with acting(user):
        require(user, permissions.CHANGE_RATING, _("edit ratings"))
        rating = lock_current_version(Rating, pk=rating.pk, expected=expected_version)
        real = changes_to(rating, changes, allowed=RATING_FIELDS)
        fixed = [name for name in FIXED_IN_USE if name in real]
        if fixed and (rating.verdicts.exists() or rating_is_published(rating.pk)):
            raise TransitionError(
                # Translators: %(fields)s names fields as the code does: label, position.
                _(
                    "“%(rating)s” is used by verdicts (working or published): its %(fields)s "
                    "cannot change, or every one of them would silently say something else. "
                    "Add a new rating instead; the definition can still be edited."
                )
                % {"rating": rating.label, "fields": ", ".join(fixed)}
            )
        if real:
            save_validated(rating, real)
            rating.refresh_from_db()  # the version the trigger gave it
        return rating


def ratingscale_create(*, user: AnyUser, **fields: Any) -> RatingScale:
    with acting(user):
        require(user, permissions.ADD_RATINGSCALE, _("add rating scales"))
        changes_to(RatingScale(), fields, allowed=SCALE_FIELDS)
        scale = RatingScale(**fields)
        save_validated(scale, {})
        return scale


def ratingscale_update(
    *, scale: RatingScale, user: AnyUser, expected_version: int, changes: Mapping[str, Any]
) -> RatingScale:
    with acting(user):
        require(user, permissions.CHANGE_RATINGSCALE, _("edit rating scales"))
        scale = lock_current_version(RatingScale, pk=scale.pk, expected=expected_version)
        real = changes_to(scale, changes, allowed=SCALE_FIELDS)
        if real:
            save_validated(scale, real)
            scale.refresh_from_db()
        return scale


def _refuse_a_label_taken(translation: RatingTranslation) -> None:
    """Two ratings of one scale with the same label in a language would read as one rating
    to readers of that language, as the English labels are kept apart (a constraint)."""
    taken = (
        RatingTranslation.objects.filter(
            rating__scale_id=translation.rating.scale_id,
            language=translation.language,
            label__iexact=translation.label.strip(),
        )
        .exclude(rating_id=translation.rating_id)
        .select_related("rating")
        .first()
    )
    if taken is not None:
        raise Refused(
            {
                "label": _(
                    "“%(label)s” is already the %(language)s label of “%(rating)s” on this "
                    "scale: readers could not tell them apart."
                )
                % {
                    "label": taken.label,
                    "language": taken.get_language_display(),
                    "rating": taken.rating.label,
                }
            }
        )


def rating_translation_create(
    *, user: AnyUser, rating: Rating, language: str, label: str, definition: str = ""
) -> RatingTranslation:
    """``rating``'s label (and definition: empty shows the English one) in ``language``."""
    with acting(user):
        require(user, permissions.CHANGE_RATING, _("translate ratings"))
        # The rating's own row is held, so that two editors adding the same language at
        # once meet the unique constraint one after the other, as a refusal.
        rating = Rating.objects.select_for_update(of=("self",)).get(pk=rating.pk)
        translation = RatingTranslation(
            rating=rating, language=language, label=label.strip(), definition=definition.strip()
        )
        _refuse_a_label_taken(translation)
        save_validated(translation, {})
        return translation


def rating_translation_update(
    *,
    translation: RatingTranslation,
    user: AnyUser,
    expected_version: int,
    changes: Mapping[str, Any],
) -> RatingTranslation:
    with acting(user):
        require(user, permissions.CHANGE_RATING, _("translate ratings"))
        translation = lock_current_version(
            RatingTranslation, pk=translation.pk, expected=expected_version
        )
        cleaned = {
            name: value.strip() if isinstance(value, str) and name != "language" else value
            for name, value in changes.items()
        }
        real = changes_to(translation, cleaned, allowed=TRANSLATION_FIELDS)
        if real:
            for name, value in real.items():
                setattr(translation, name, value)
            _refuse_a_label_taken(translation)
            save_validated(translation, real)
            translation.refresh_from_db()  # the version the trigger gave it
        return translation


def rating_translation_delete(
    *, translation: RatingTranslation, user: AnyUser, expected_version: int
) -> None:
    """Readers of that language then see the English label and definition, on the ratings
    page and on verdicts published from then on; published revisions keep theirs."""
    with acting(user):
        require(user, permissions.CHANGE_RATING, _("translate ratings"))
        translation = lock_current_version(
            RatingTranslation, pk=translation.pk, expected=expected_version
        )
        translation.delete()
