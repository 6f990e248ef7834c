from __future__ import annotations

import pghistory
import pgtrigger
from django.db import models
from django.utils.translation import gettext_lazy as _

from factcheck.base.db import Timestamped, choices_constraint, version_bump_trigger


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
                violation_error_message=_(
                    "Another scale is already the default. Untick it there first."
                ),
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
                violation_error_message=_(
                    "Another rating on this scale already has this position."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="rating_position_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(colour__regex=r"^#[0-9a-fA-F]{6}$"),
                name="rating_colour_hex",
                violation_error_message=_("Use a hex colour such as “#1a7f37”."),
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


class RatingLanguage(models.TextChoices):
    """The languages a rating is translated into: the public interface's
    (``settings.LANGUAGES``) but English, the language the scale itself is written in.
    A language added to the interface is added here too, with a migration
    (docs/languages.md, "Adding a language")."""

    AR = "ar", "العربية (Arabic)"
    ES = "es", "Español (Spanish)"
    FR = "fr", "Français (French)"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["updated_at", "version"],
)
class RatingTranslation(Timestamped):
    """A rating's label and definition in another language, as readers of the pages in
    that language see it (``/ar/ratings/``, and every verdict published after it was
    written). A published revision keeps the translations it was published with: editing
    one here changes no page already published, only the revisions published later."""

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(
        max_length=8,
        choices=RatingLanguage.choices,
        help_text="The language of this label and definition.",
    )
    label = models.CharField(
        max_length=100,
        help_text="The rating's label in this language, as readers see it, e.g. “خطأ” for “False”.",
    )
    definition = models.TextField(
        blank=True,
        help_text=(
            "What this rating means, in this language. Leave empty to show the English definition."
        ),
    )
    # As the rating's: one editor's fix of the Spanish definition must not revert
    # another's new Spanish label (factcheck.base.concurrency).
    version = models.PositiveIntegerField(default=1, editable=False)

    # Not a part of the rating's record (``history_parent``): a translation has a version
    # of its own, and editing one does not make an open form of the rating stale.

    class Meta:
        ordering = ["rating", "language"]
        verbose_name = "translation of a rating"
        verbose_name_plural = "translations of ratings"
        constraints = [
            models.UniqueConstraint(
                fields=["rating", "language"],
                name="ratingtranslation_one_per_language",
                violation_error_message=_(
                    "This rating already has a translation into this language."
                ),
            ),
            choices_constraint("language", RatingLanguage, "ratingtranslation_language_valid"),
            models.CheckConstraint(
                condition=~models.Q(label__regex=r"^\s*$"),
                name="ratingtranslation_label_not_blank",
                violation_error_message=_("Enter the label in this language."),
            ),
        ]
        triggers = [version_bump_trigger("ratingtranslation_version_bump")]

    def __str__(self) -> str:
        return f"{self.label} ({self.language})"
