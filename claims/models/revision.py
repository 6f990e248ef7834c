"""What the public reads of a verdict: its published revisions.

The newsroom edits working rows (verdicts, claims, speakers, sources); readers are served
revisions, each a frozen copy of everything the public saw at one moment, written only by
the publishing, correction, update, clarification, retraction and takedown services. A
revision is never changed or deleted: the database refuses it, whoever asks.
"""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from factcheck.base.db import Timestamped, choices_constraint


class RevisionQuerySet(models.QuerySet["VerdictRevision"]):
    def latest_first(self) -> RevisionQuerySet:
        return self.order_by("verdict_id", "-number")

    def served(self) -> RevisionQuerySet:
        """Revisions whose content is public: every one of a verdict not taken down.
        After a takedown, only the takedown's notice is."""
        taken_down = VerdictRevision.objects.filter(
            verdict=models.OuterRef("verdict"), kind=RevisionKind.TAKEDOWN
        )
        return self.exclude(models.Exists(taken_down))


class RevisionKind(models.TextChoices):
    # Labels marked for the catalogues: the public pages translate them as they show them.
    PUBLISHED = "published", gettext_noop("First published")
    CORRECTION = "correction", gettext_noop("Correction")
    UPDATE = "update", gettext_noop("Update")
    CLARIFICATION = "clarification", gettext_noop("Clarification")
    RETRACTION = "retraction", gettext_noop("Retraction")
    TAKEDOWN = "takedown", gettext_noop("Taken down")


class VerdictRevision(Timestamped):
    """One published state of a verdict, as readers saw it. Append-only."""

    Kind = RevisionKind

    verdict = models.ForeignKey(
        "claims.Verdict", on_delete=models.PROTECT, related_name="revisions"
    )
    number = models.PositiveIntegerField(help_text="1 for the first publication, then 2, 3, …")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.TextField(
        blank=True,
        help_text="Shown publicly: what changed and why (empty on a first publication).",
    )
    published_at = models.DateTimeField(help_text="When this revision became public.")
    document = models.JSONField(
        help_text="Everything the public sees of the verdict in this revision, as served."
    )
    content_hash = models.CharField(
        max_length=64, help_text="SHA-256 of the document: what the approving editors approved."
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The editor who published it (empty for rebuilt or imported revisions).",
    )
    # Ids rather than a many-to-many table, so that the row alone is the whole record
    # and the append-only trigger covers it.
    approved_by = ArrayField(
        models.IntegerField(),
        default=list,
        blank=True,
        help_text="Ids of the independent editors whose approval of this exact document counted.",
    )
    watermarks = models.JSONField(
        default=dict,
        blank=True,
        help_text=(
            "The newest audit event of each table when it was published: later events are "
            "changes the next revision would carry (and make their authors contributors)."
        ),
    )
    text_recorded = models.BooleanField(
        default=True,
        help_text="False for earlier revisions rebuilt on upgrade whose text was never recorded.",
    )

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["verdict", "-number"]
        constraints = [
            choices_constraint("kind", RevisionKind, "verdictrevision_kind_valid"),
            models.UniqueConstraint(
                fields=["verdict", "number"], name="verdictrevision_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="published") | ~models.Q(note=""),
                name="verdictrevision_later_has_note",
                violation_error_message=_("Every revision after the first needs a public note."),
            ),
        ]
        indexes = [
            models.Index(fields=["verdict", "-number"], name="verdictrevision_latest_idx"),
            models.Index(fields=["-published_at"], name="verdictrevision_date_idx"),
            # The public corrections log reads these few among every first publication.
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(
                    kind__in=[
                        RevisionKind.CORRECTION,
                        RevisionKind.UPDATE,
                        RevisionKind.CLARIFICATION,
                    ]
                ),
                name="verdictrevision_correcting_idx",
            ),
        ]
        triggers = [
            # The public record is append-only: no path (admin, script, cascade) may
            # rewrite or remove what readers were shown.
            pgtrigger.Protect(
                name="verdictrevision_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            ),
        ]

    def __str__(self) -> str:
        return f"Revision {self.number} ({self.get_kind_display()}) of verdict {self.verdict_id}"
