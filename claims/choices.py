"""The values a speaker's kind, a verdict's status and a correction's kind may take.

Vocabulary, not models: the models build their fields and constraints from these, and
the API names them (its schema's enums, its status checks) without importing a models
module. Imports nothing of ours, so every layer of ``claims`` may use it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext, gettext_noop


# Labels the public pages show are marked for the catalogues (gettext_noop: the values
# stay plain English here; the pages translate them as they show them).
class SpeakerKind(models.TextChoices):
    PERSON = "person", gettext_noop("Named person")
    ORGANISATION = "organisation", gettext_noop("Organisation")
    OFFICIAL = "official", gettext_noop("Unnamed official (speaks for an institution)")
    ANONYMOUS = "anonymous", gettext_noop("Anonymous source")


# The admin shows a verdict's status in each staff member's language (``status_name``).
class VerdictStatus(models.TextChoices):
    DRAFT = "draft", gettext_noop("Draft")
    IN_REVIEW = "in_review", gettext_noop("In review")
    PUBLISHED = "published", gettext_noop("Published")
    RETRACTED = "retracted", gettext_noop("Retracted")
    WITHDRAWN = "withdrawn", gettext_noop("Taken down")
    # Another publisher's archive record without a public page or date (e.g. LIAR):
    # a reference for staff ("already checked?"), never public.
    REFERENCE = "reference", gettext_noop("Archive reference (staff only)")


def status_name(status: str) -> str:
    """A verdict's status in the active language, in lower case, as a sentence holds it
    ("this one is in review")."""
    labels = dict(VerdictStatus.choices)
    return gettext(labels.get(status, status)).lower()


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", gettext_noop("Correction")
    UPDATE = "update", gettext_noop("Update")
    CLARIFICATION = "clarification", gettext_noop("Clarification")
