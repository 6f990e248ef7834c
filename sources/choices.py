"""The values an outlet's kind and a source's kind may take.

Vocabulary, not models: ``sources.models`` builds its fields and constraints from these,
and the API names them without importing a models module."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_noop


class OutletKind(models.TextChoices):
    # Marked for the catalogues: the outlet's page translates it as it shows it.
    NEWSPAPER = "newspaper", gettext_noop("Newspaper")
    BROADCASTER = "broadcaster", gettext_noop("Broadcaster")
    AGENCY = "agency", gettext_noop("News agency")
    WEBSITE = "website", gettext_noop("Website")
    FACT_CHECKER = "fact_checker", gettext_noop("Fact-checker")
    OTHER = "other", gettext_noop("Other")


class SourceKind(models.TextChoices):
    OFFICIAL_RECORD = "official_record", "Official record"
    DATASET = "dataset", "Data set"
    INTERVIEW = "interview", "Interview"
    NEWS_REPORT = "news_report", "News report"
    STUDY = "study", "Study"
    STATEMENT = "statement", "Public statement"
    OTHER = "other", "Other"
