from __future__ import annotations

import pghistory
import pgtrigger
from django.db import models

from factcheck.base.db import Timestamped, version_bump_trigger


class RatingScaleQuerySet(models.QuerySet["RatingScale"]):
    def default(self) -> RatingScale:
        return self.get(is_default=True)


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["updated_at", "version"],
)
class RatingScale(Timestamped):
    name = models.CharField(max_length=100, unique=True, help_text="e.g. “Truth-O-Meter”.")
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True, help_text="Shown on the public methodology page.")
    is_default = models.BooleanField(
        default=False,
        help_text="Our own verdicts use the default scale. Only one scale can be the default.",
    )

    # Bumped by the trigger on every update: a form opened before another editor's save
    # is merged or refused, never written over it (factcheck.base.concurrency).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RatingScaleQuerySet.as_manager()

    class Meta:
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="ratingscale_one_default",
                violation_error_message="Another scale is already the default. Untick it there first.",
            ),
        ]
        triggers = [version_bump_trigger("ratingscale_version_bump")]

    def __str__(self) -> str:
        return self.name


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["updated_at", "version"],
)
class Rating(Timestamped):
    scale = models.ForeignKey(RatingScale, on_delete=models.PROTECT, related_name="ratings")
    label = models.CharField(max_length=100, help_text="As readers see it, e.g. “Mostly False”.")
    slug = models.SlugField(max_length=100)
    position = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=(
            "Place on the scale, 1 = least accurate. Published as ClaimReview ratingValue. "
            "Leave empty for labels that are not a degree of truth (e.g. “Unproven”)."
        ),
    )
    definition = models.TextField(help_text="What this rating means, shown to readers.")
    colour = models.CharField(max_length=7, help_text="Hex colour for badges, e.g. “#1a7f37”.")
    sort_order = models.PositiveSmallIntegerField(
        default=0, help_text="Order in pickers and legends."
    )
    # As the scale's: one editor's colour change must not revert another's new definition.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["scale", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "slug"], name="rating_slug_unique_in_scale"),
            models.UniqueConstraint(
                fields=["scale", "label"], name="rating_label_unique_in_scale"
            ),
            models.UniqueConstraint(
                fields=["scale", "position"],
                condition=models.Q(position__isnull=False),
                name="rating_position_unique_in_scale",
                violation_error_message="Another rating on this scale already has this position.",
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="rating_position_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(colour__regex=r"^#[0-9a-fA-F]{6}$"),
                name="rating_colour_hex",
                violation_error_message="Use a hex colour such as “#1a7f37”.",
            ),
        ]
        triggers = [
            version_bump_trigger("rating_version_bump"),
            # Readers and ClaimReview consumers have seen this label and position on
            # verdicts: relabelling it would rewrite every one of them silently.
            pgtrigger.Trigger(
                name="rating_in_use_fixed",
                operation=pgtrigger.Update,
                when=pgtrigger.Before,
                condition=pgtrigger.AnyChange("label", "position", "scale"),
                func=(
                    "IF EXISTS (SELECT 1 FROM claims_verdict WHERE rating_id = OLD.id) THEN "
                    "RAISE EXCEPTION 'rating_in_use_fixed: rating % is used by verdicts; its "
                    "label, position and scale cannot change.', OLD.id "
                    "USING ERRCODE = 'integrity_constraint_violation'; END IF; RETURN NEW;"
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_ordinal(self) -> bool:
        return self.position is not None
