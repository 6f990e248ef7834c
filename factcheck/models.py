"""The project app's own models: the publication generation behind the public cache, and
the record of the seed data quickstart dealt with."""

from __future__ import annotations

from django.db import models

from factcheck.base.db import Timestamped
from factcheck.base.publication import PublicationGeneration

__all__ = ["PublicationGeneration", "SeedLoad"]


class SeedLoad(Timestamped):
    """That ``quickstart`` dealt with a fixture in this database, once: it loaded it into
    empty tables, or found data there and left them alone. Either way it never loads it
    again, since a reload writes the fixture's rows back over everything the newsroom did
    to them since (retractions, takedowns, corrections, new slugs)."""

    fixture = models.CharField(max_length=100, unique=True, help_text="e.g. seed.json")
    loaded = models.BooleanField(
        help_text="False: the tables it would fill already held data, so it was not loaded."
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.fixture} ({'loaded' if self.loaded else 'not loaded'})"
