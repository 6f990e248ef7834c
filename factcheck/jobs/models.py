"""A long command run as a job: started from the admin, run by a worker, its progress and
outcome kept for the admin to show (docs/operations.md, "Long commands as jobs")."""

from __future__ import annotations

from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from factcheck.base.db import URL_MAX_LENGTH, Timestamped, choices_constraint, http_url_constraint

START_EMBEDDING = "jobs.start_embedding"
START_IMPORT = "jobs.start_import"


class RunKind(models.TextChoices):
    EMBED_CLAIMS = "embed_claims", "Compute the missing claim vectors (embed_claims)"
    IMPORT_CLAIMREVIEW = "import_claimreview", "Import ClaimReview from a URL (import_claimreview)"


# The admin shows a run's status in each staff member's language.
class RunStatus(models.TextChoices):
    QUEUED = "queued", gettext_noop("Waiting for a worker")
    RUNNING = "running", gettext_noop("Running")
    SUCCEEDED = "succeeded", gettext_noop("Done")
    FAILED = "failed", gettext_noop("Failed")


ACTIVE = (RunStatus.QUEUED, RunStatus.RUNNING)


class JobRun(Timestamped):
    """One run of a long command, from the admin: who started it, where it stands, how far
    it got, and what came of it."""

    Kind = RunKind
    Status = RunStatus

    kind = models.CharField(max_length=30, choices=RunKind.choices, help_text="What runs.")
    status = models.CharField(
        max_length=20,
        choices=RunStatus.choices,
        default=RunStatus.QUEUED,
        help_text="Where it stands: waiting for a worker, running, done or failed.",
    )
    started_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who started it; an import is recorded as theirs.",
    )
    source_url = models.URLField(
        "URL",
        max_length=URL_MAX_LENGTH,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="For an import: the address of the ClaimReview JSON-LD (a file, a "
        "DataFeed or a page with JSON-LD blocks). Private and local addresses are refused "
        "unless the server's FACTCHECK_OUTBOUND_ALLOW names them.",
    )
    skip_invalid = models.BooleanField(
        default=False,
        help_text="For an import: import the valid reviews and list the others, instead "
        "of importing nothing when one cannot be read.",
    )
    job_id = models.BigIntegerField(
        null=True, blank=True, help_text="Its job in the queue (Procrastinate's id)."
    )
    attempts = models.PositiveSmallIntegerField(
        default=0,
        help_text="Times a worker began it (more than one: a worker died and another "
        "ran it again).",
    )
    done = models.PositiveIntegerField(default=0, help_text="Items done so far.")
    total = models.PositiveIntegerField(
        null=True, blank=True, help_text="Items to do (known once a worker began it)."
    )
    began_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker began it (its last attempt)."
    )
    finished_at = models.DateTimeField(null=True, blank=True, help_text="When it ended.")
    result = models.TextField(blank=True, help_text="What it did, when it ended.")
    error = models.TextField(blank=True, help_text="Why it failed.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "long command run"
        permissions = [
            ("start_embedding", "Can compute the missing claim vectors from the admin"),
            ("start_import", "Can import ClaimReview from a URL from the admin"),
        ]
        constraints = [
            choices_constraint("kind", RunKind, "jobrun_kind_valid"),
            choices_constraint("status", RunStatus, "jobrun_status_valid"),
            http_url_constraint("source_url", "jobrun_source_url_http"),
            models.CheckConstraint(
                condition=~models.Q(kind=RunKind.IMPORT_CLAIMREVIEW) | ~models.Q(source_url=""),
                name="jobrun_import_has_url",
                violation_error_message=_("An import needs the URL to read."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ACTIVE) | models.Q(finished_at__isnull=False),
                name="jobrun_ended_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=RunStatus.FAILED) | ~models.Q(error=""),
                name="jobrun_failed_says_why",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="jobrun_status_idx"),
            models.Index(fields=["kind", "-created_at"], name="jobrun_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display().split(' (')[0]} #{self.pk}"

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    def seconds(self) -> float:
        """How long its last attempt has run (or ran)."""
        if self.began_at is None:
            return 0.0
        end = self.finished_at or (timezone.now() if self.active else self.updated_at)
        return max(0.0, (end - self.began_at).total_seconds())

    def rate(self) -> float | None:
        """Items a second over its last attempt; None before it has done any."""
        seconds = self.seconds()
        return self.done / seconds if self.done and seconds > 0 else None
