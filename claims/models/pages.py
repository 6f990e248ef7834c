"""What the newsroom tells readers about itself (the IFCN code's commitments), and what
readers send in: editor-maintained sections of the about page, and suggested claims."""

from __future__ import annotations

import pghistory
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_noop

from factcheck.base.db import Timestamped, choices_constraint, version_bump_trigger


class AboutKind(models.TextChoices):
    METHODOLOGY = "methodology", "Methodology"
    CORRECTIONS = "corrections", "Corrections policy"
    FUNDING = "funding", "Funding and ownership"
    TEAM = "team", "Team"
    CONTACT = "contact", "Contact"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["updated_at", "version"],
)
class AboutSection(Timestamped):
    Kind = AboutKind

    kind = models.CharField(max_length=20, choices=Kind.choices, unique=True)
    title = models.CharField(max_length=200, help_text="The section's heading on the about page.")
    body = models.TextField(help_text="In Markdown. Shown publicly on the about page.")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["kind"]
        constraints = [choices_constraint("kind", AboutKind, "aboutsection_kind_valid")]
        triggers = [version_bump_trigger("aboutsection_version_bump")]

    def __str__(self) -> str:
        return self.title


# Marked for the catalogues: refusals name a suggestion's status in the admin's language.
class SuggestionStatus(models.TextChoices):
    NEW = "new", gettext_noop("New")
    ACCEPTED = "accepted", gettext_noop("Turned into a claim")
    DISMISSED = "dismissed", gettext_noop("Dismissed")


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    # Who accepted or dismissed which suggestion, and when. The reader's contact is
    # personal data no step changes: left out, so that blanking it on the reader's request
    # erases it, instead of leaving a copy in every event.
    exclude=["updated_at", "contact"],
)
class ReaderSuggestion(Timestamped):
    """A claim a reader asked us to check. The contact is for staff only, never shown."""

    Status = SuggestionStatus

    text = models.TextField(
        validators=[MaxLengthValidator(2000)], help_text="The claim, as the reader put it."
    )
    seen_where = models.CharField(
        max_length=500, blank=True, help_text="Where the reader saw it (a link or a description)."
    )
    contact = models.CharField(
        max_length=254, blank=True, help_text="Optional: how to reach the reader. Staff only."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    claim = models.ForeignKey(
        "claims.Claim",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        help_text="The claim made from it, once accepted.",
    )
    handled_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            choices_constraint("status", SuggestionStatus, "readersuggestion_status_valid"),
            models.CheckConstraint(
                condition=~models.Q(status="accepted") | models.Q(claim__isnull=False),
                name="readersuggestion_accepted_has_claim",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="suggestion_queue_idx")]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"
