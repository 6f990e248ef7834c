"""Building blocks shared by every model."""

from django.db import models


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, help_text="When this record was created.")
    updated_at = models.DateTimeField(auto_now=True, help_text="When this record was last saved.")

    class Meta:
        abstract = True


def choices_constraint(
    field: str, choices: type[models.TextChoices], name: str
) -> models.CheckConstraint:
    """A named CheckConstraint that keeps ``field`` within ``choices`` in the database too."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__in": choices.values}), name=name
    )


# BCP 47 language tags as newsrooms use them: "en", "ar", "pt-BR", "zh-Hant".
LANGUAGE_TAG_REGEX = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
