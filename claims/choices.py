"""The values a speaker's kind, a verdict's status and a correction's kind may take.

Vocabulary, not models: the models build their fields and constraints from these, and
the API names them (its schema's enums, its status checks) without importing a models
module. Imports nothing of ours, so every layer of ``claims`` may use it."""

from __future__ import annotations

from django.db import models


class SpeakerKind(models.TextChoices):
    PERSON = "person", "Named person"
    ORGANISATION = "organisation", "Organisation"
    OFFICIAL = "official", "Unnamed official (speaks for an institution)"
    ANONYMOUS = "anonymous", "Anonymous source"


class VerdictStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"
    WITHDRAWN = "withdrawn", "Taken down"
    # Another publisher's archive record without a public page or date (e.g. LIAR):
    # a reference for staff ("already checked?"), never public.
    REFERENCE = "reference", "Archive reference (staff only)"


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", "Correction"
    UPDATE = "update", "Update"
    CLARIFICATION = "clarification", "Clarification"
