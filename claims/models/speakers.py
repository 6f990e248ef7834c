from __future__ import annotations

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower

from factcheck.db import Timestamped, choices_constraint


class SpeakerKind(models.TextChoices):
    PERSON = "person", "Named person"
    ORGANISATION = "organisation", "Organisation"
    OFFICIAL = "official", "Unnamed official (speaks for an institution)"
    ANONYMOUS = "anonymous", "Anonymous source"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["updated_at"],
)
class Speaker(Timestamped):
    Kind = SpeakerKind

    UNNAMED_KINDS = (Kind.OFFICIAL, Kind.ANONYMOUS)

    name = models.CharField(
        max_length=200,
        help_text=(
            "A person's or organisation's name. For unnamed speakers, a lower-case description "
            "exactly as reported, e.g. “an anonymous Egyptian official”: never invent a name."
        ),
    )
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in public URLs.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text="Title or role when the claim was made, e.g. “Political scientist”.",
    )
    affiliation = models.CharField(
        max_length=200,
        blank=True,
        help_text="Party, employer or institution, e.g. “Cairo University”.",
    )
    country = models.CharField(
        max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code, e.g. “EG”."
    )
    description = models.TextField(blank=True, help_text="A neutral sentence or two for readers.")
    same_as = ArrayField(
        models.URLField(max_length=500),
        default=list,
        blank=True,
        help_text="Pages that identify this speaker (Wikipedia, Wikidata, official site), one per line.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            choices_constraint("kind", SpeakerKind, "speaker_kind_valid"),
            # An unnamed speaker is described ("an Israeli government spokesperson"),
            # and a description starts in lower case; a capital would read as a name.
            models.CheckConstraint(
                condition=~models.Q(kind__in=["official", "anonymous"])
                | models.Q(name__regex=r"^[a-z]"),
                name="speaker_unnamed_described",
                violation_error_message="Describe an unnamed speaker in lower case, e.g. “an anonymous Egyptian official”: never give them a name.",
            ),
            models.CheckConstraint(
                condition=models.Q(country="") | models.Q(country__regex=r"^[A-Z]{2}$"),
                name="speaker_country_iso",
                violation_error_message="Use a two-letter ISO country code in capitals, e.g. “EG”.",
            ),
        ]
        indexes = [models.Index(Lower("name"), name="speaker_name_lower_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_named(self) -> bool:
        return self.kind not in self.UNNAMED_KINDS


class Topic(Timestamped):
    name = models.CharField(max_length=100, unique=True, help_text="e.g. “Foreign policy”.")
    slug = models.SlugField(max_length=100, unique=True, help_text="Used in public URLs.")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
