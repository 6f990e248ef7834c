"""Ratings are data, and readers have seen them: a rating in use keeps its label,
position and scale for everyone; its definition stays editable by editors (audited).
Like every edit, a change of a rating or a scale names the version it started from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from claims import permissions
from claims.models import Rating, RatingScale
from claims.selectors.public_index import rating_is_published
from claims.services.workflow import TransitionError
from factcheck.base.concurrency import lock_current_version
from factcheck.base.services import AnyUser, acting, changes_to, require, save_validated

RATING_FIELDS = ("scale", "label", "slug", "position", "definition", "colour", "sort_order")
FIXED_IN_USE = ("label", "position", "scale", "slug")
SCALE_FIELDS = ("name", "slug", "description", "is_default")


def rating_create(*, user: AnyUser, **fields: Any) -> Rating:
    with acting(user):
        require(user, permissions.ADD_RATING, "add ratings")
        changes_to(Rating(), fields, allowed=RATING_FIELDS)
        rating = Rating(**fields)
        save_validated(rating, {})
        return rating


def rating_update(
    *, rating: Rating, user: AnyUser, expected_version: int, changes: Mapping[str, Any]
) -> Rating:
    with acting(user):
        require(user, permissions.CHANGE_RATING, "edit ratings")
        rating = lock_current_version(Rating, pk=rating.pk, expected=expected_version)
        real = changes_to(rating, changes, allowed=RATING_FIELDS)
        fixed = [name for name in FIXED_IN_USE if name in real]
        if fixed and (rating.verdicts.exists() or rating_is_published(rating.pk)):
            raise TransitionError(
                f"“{rating.label}” is used by verdicts (working or published): its "
                f"{', '.join(fixed)} cannot change, or every one of them would silently say "
                "something else. Add a new rating instead; the definition can still be edited."
            )
        if real:
            save_validated(rating, real)
            rating.refresh_from_db()  # the version the trigger gave it
        return rating


def ratingscale_create(*, user: AnyUser, **fields: Any) -> RatingScale:
    with acting(user):
        require(user, permissions.ADD_RATINGSCALE, "add rating scales")
        changes_to(RatingScale(), fields, allowed=SCALE_FIELDS)
        scale = RatingScale(**fields)
        save_validated(scale, {})
        return scale


def ratingscale_update(
    *, scale: RatingScale, user: AnyUser, expected_version: int, changes: Mapping[str, Any]
) -> RatingScale:
    with acting(user):
        require(user, permissions.CHANGE_RATINGSCALE, "edit rating scales")
        scale = lock_current_version(RatingScale, pk=scale.pk, expected=expected_version)
        real = changes_to(scale, changes, allowed=SCALE_FIELDS)
        if real:
            save_validated(scale, real)
            scale.refresh_from_db()
        return scale
