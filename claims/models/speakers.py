from __future__ import annotations

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from claims.choices import SpeakerKind
from factcheck.base.db import (
    Timestamped,
    choices_constraint,
    http_urls_constraint,
    version_bump_trigger,
)

# PostgreSQL's character classes follow the database's character type (C.UTF-8, en_US.UTF-8…:
# Unicode-aware); under the plain "C" type no letter beyond ASCII is a capital, so those
# would pass rather than an Arabic description fail.
UNNAMED_DESCRIPTION = r"^[^[:upper:][:digit:][:space:][:punct:][:cntrl:]]"


class SpeakerQuerySet(models.QuerySet["Speaker"]):
    def current(self) -> SpeakerQuerySet:
        """Speakers not merged into another: the ones to pick for new claims."""
        return self.filter(merged_into__isnull=True)


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["updated_at", "version"],
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
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_from",
        help_text="Set when this record was merged into another: its claims moved there, and its page redirects.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            http_urls_constraint("same_as", "speaker_same_as_http"),
            choices_constraint("kind", SpeakerKind, "speaker_kind_valid"),
            # An unnamed speaker is described ("an Israeli government spokesperson"),
            # and a description starts in lower case; a capital would read as a name. In
            # any script: "مسؤول مصري" has no case, so it starts with no capital either.
            # The first character may be anything but a capital (of any cased script), a
            # digit, a space, punctuation or a control character.
            models.CheckConstraint(
                condition=~models.Q(kind__in=["official", "anonymous"])
                | models.Q(name__regex=UNNAMED_DESCRIPTION),
                name="speaker_unnamed_described",
                violation_error_message=_(
                    "Describe an unnamed speaker in lower case, e.g. “an anonymous Egyptian official”: never give them a name."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(country="") | models.Q(country__regex=r"^[A-Z]{2}$"),
                name="speaker_country_iso",
                violation_error_message=_(
                    "Use a two-letter ISO country code in capitals, e.g. “EG”."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("id")),
                name="speaker_not_merged_into_itself",
            ),
        ]
        indexes = [models.Index(Lower("name"), name="speaker_name_lower_idx")]
        triggers = [version_bump_trigger("speaker_version_bump")]

    def __str__(self) -> str:
        if self.is_named:
            return self.name
        # "a senior official" alone is ambiguous: say whose, and where.
        details = ", ".join(part for part in (self.affiliation, self.country) if part)
        return f"{self.name} ({details})" if details else self.name

    def get_absolute_url(self) -> str:
        return reverse("web:speaker", args=[self.slug])

    @property
    def is_named(self) -> bool:
        return self.kind not in self.UNNAMED_KINDS


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["updated_at", "version"],
)
class Topic(Timestamped):
    name = models.CharField(max_length=100, unique=True, help_text="e.g. “Foreign policy”.")
    slug = models.SlugField(max_length=100, unique=True, help_text="Used in public URLs.")
    description = models.TextField(
        blank=True, help_text="A sentence for readers of the topic page."
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["name"]
        triggers = [version_bump_trigger("topic_version_bump")]

    def __str__(self) -> str:
        return self.name
