"""The values an outlet's kind and a source's kind may take.

Vocabulary, not models: ``sources.models`` builds its fields and constraints from these,
and the API names them without importing a models module."""

from __future__ import annotations

from django.db import models


class OutletKind(models.TextChoices):
    NEWSPAPER = "newspaper", "Newspaper"
    BROADCASTER = "broadcaster", "Broadcaster"
    AGENCY = "agency", "News agency"
    WEBSITE = "website", "Website"
    FACT_CHECKER = "fact_checker", "Fact-checker"
    OTHER = "other", "Other"


class SourceKind(models.TextChoices):
    OFFICIAL_RECORD = "official_record", "Official record"
    DATASET = "dataset", "Data set"
    INTERVIEW = "interview", "Interview"
    NEWS_REPORT = "news_report", "News report"
    STUDY = "study", "Study"
    STATEMENT = "statement", "Public statement"
    OTHER = "other", "Other"
