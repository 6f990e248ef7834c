from __future__ import annotations

import pghistory
import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from claims.choices import CorrectionKind, VerdictStatus
from claims.models.families import one_verdict_per_family_on_verdict
from claims.models.published import PublishedVerdict
from factcheck.base.db import (
    LANGUAGE_TAG_REGEX,
    URL_MAX_LENGTH,
    Timestamped,
    choices_constraint,
    http_url_constraint,
    version_bump_trigger,
)


class VerdictQuerySet(models.QuerySet["Verdict"]):
    def public(self) -> VerdictQuerySet:
        """The one gate for every public read: verdicts in the public index, i.e. whose
        latest revision is public (published, or retracted with its notice). Only the
        revision services write that index; the working row's status is not consulted."""
        listed = PublishedVerdict.objects.filter(verdict_id=models.OuterRef("pk"))
        return self.filter(models.Exists(listed))

    def ours(self) -> VerdictQuerySet:
        """Our verdicts, translations left out: a translation is the same verdict in
        another language (a claim family's one verdict, a claim's record)."""
        return self.filter(publisher__isnull=True, translation_of__isnull=True)

    def on_record(self) -> VerdictQuerySet:
        """Verdicts whose words are part of the public record: published, retracted, or
        taken down (the notice stays). What they show changes only by an editor."""
        return self.filter(status__in=Verdict.RECORD_STATUSES)

    def takedown_notices(self) -> VerdictQuerySet:
        """Our verdicts taken down: only their notice (date and note) is public, never
        their content. Read them only through a serializer of the notice's fields."""
        return self.filter(status=Verdict.Status.WITHDRAWN, publisher__isnull=True)

    def awaiting_review(self) -> VerdictQuerySet:
        return self.filter(status=Verdict.Status.IN_REVIEW).order_by("submitted_at", "pk")


# Marked for the catalogues: the verdict's page in the admin names the latest decision in
# each staff member's language.
class ReviewDecision(models.TextChoices):
    APPROVED = "approved", gettext_noop("Approved")
    RETURNED = "returned", gettext_noop("Returned to the author")
    # Editing a verdict in review makes the editor a contributor: their approval
    # of a text they helped write would not be a second pair of eyes.
    EDITED = "edited", gettext_noop("Edited the text under review")


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["updated_at", "version"],
)
class Verdict(Timestamped):
    Status = VerdictStatus

    PUBLIC_STATUSES = (Status.PUBLISHED, Status.RETRACTED)
    RECORD_STATUSES = (Status.PUBLISHED, Status.RETRACTED, Status.WITHDRAWN)

    claim = models.ForeignKey("claims.Claim", on_delete=models.PROTECT, related_name="verdicts")
    publisher = models.ForeignKey(
        "sources.Outlet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verdicts",
        help_text="Leave empty for our own verdicts. Set it for a verdict imported from another fact-checker.",
    )
    slug = models.SlugField(
        max_length=200, unique=True, help_text="Used in the verdict's public URL."
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    rating = models.ForeignKey(
        "claims.Rating",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verdicts",
        help_text="Required before publishing.",
    )
    headline = models.CharField(
        max_length=300, help_text="The verdict page's title, e.g. “No, …”."
    )
    summary = models.TextField(
        blank=True,
        help_text="Two or three plain sentences: what is true, what is not. Required before publishing.",
    )
    body = models.TextField(blank=True, help_text="The full fact-check, in Markdown.")
    sources = models.ManyToManyField(
        "sources.Source", through="claims.VerdictSource", blank=True, related_name="verdicts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authored_verdicts",
        help_text="The fact-checker who wrote it. Empty for imported verdicts.",
    )
    external_url = models.URLField(
        "external URL",
        max_length=URL_MAX_LENGTH,
        blank=True,
        help_text="For imported verdicts: the publisher's own page.",
    )
    external_id = models.CharField(
        "external id",
        max_length=100,
        blank=True,
        help_text="For imported verdicts: the publisher's own id for the review (re-imports update it).",
    )
    claim_reviewed = models.TextField(
        blank=True,
        help_text=(
            "For imported verdicts: the claim in the publisher's own words (ClaimReview "
            "claimReviewed). Their wording never replaces ours."
        ),
    )
    language = models.CharField(
        max_length=35,
        blank=True,
        help_text=(
            "For imported verdicts: the review's own language tag (ClaimReview inLanguage, "
            "or detected when missing; “und” when it could not be told), e.g. “fr”. Our "
            "verdicts are in their claim's language."
        ),
    )
    # A translation of one of our verdicts: the same verdict (claim, rating, sources) in
    # another language, reviewed and published like any verdict (docs/languages.md).
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="translations",
        help_text="For translations: the verdict of ours this one translates.",
    )
    translated_revision = models.PositiveIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="For translations: the number of the original's revision it translates.",
    )
    claim_wording = models.TextField(
        blank=True,
        help_text=(
            "For translations: the claim as reviewed, in the translation's language (empty: "
            "readers see the claim in its own words)."
        ),
    )
    their_review = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text=(
            "For imported verdicts: what the publisher's ClaimReview said that has no "
            "column here (their rating numbers, dates, author, claimant, appearances), "
            "served back as theirs."
        ),
    )
    speaker_contacted_at = models.DateTimeField(
        null=True, blank=True, help_text="Right of reply: when we asked the speaker for comment."
    )
    speaker_response = models.TextField(
        blank=True, help_text="Right of reply: what the speaker said, or that they did not answer."
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    retracted_at = models.DateTimeField(null=True, blank=True, editable=False)
    retraction_note = models.TextField(
        blank=True, editable=False, help_text="Shown publicly on a retracted verdict."
    )
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When it was taken down."
    )
    withdrawal_note = models.TextField(
        blank=True,
        editable=False,
        help_text="Shown publicly in place of a verdict taken down: that it was removed and why.",
    )
    # A proposed revision of a published verdict: its working copy, with this public note,
    # awaits independent approval; readers still see the latest revision meanwhile.
    proposal_kind = models.CharField(
        max_length=20,
        choices=CorrectionKind.choices,
        blank=True,
        editable=False,
        help_text="The kind of revision proposed (correction, update, clarification).",
    )
    proposal_note = models.TextField(
        blank=True, editable=False, help_text="The public note of the proposed revision."
    )
    proposed_at = models.DateTimeField(null=True, blank=True, editable=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="Who proposed the revision (their approval does not count).",
    )
    review_round = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Rounds of review so far: each submission and each edit during review starts one.",
    )
    submission_round = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="The round its latest submission for review started.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = VerdictQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        permissions = [
            ("review_verdict", "Can review, return and publish verdicts"),
            ("retract_verdict", "Can retract and correct published verdicts"),
            ("takedown_verdict", "Can take a published verdict down (legal takedown)"),
        ]
        constraints = [
            choices_constraint("status", VerdictStatus, "verdict_status_valid"),
            models.UniqueConstraint(
                fields=["claim", "publisher"],
                nulls_distinct=False,
                condition=models.Q(translation_of__isnull=True),
                name="verdict_one_per_publisher",
                violation_error_message=_(
                    "This claim already has a verdict from this publisher. Edit that one instead."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["published", "retracted", "withdrawn"])
                | models.Q(published_at__isnull=False, rating__isnull=False),
                name="verdict_public_has_date_and_rating",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="retracted", retracted_at__isnull=False)
                    & ~models.Q(retraction_note="")
                )
                # A retracted verdict may later be taken down: it keeps its retraction.
                | models.Q(status="withdrawn")
                | (~models.Q(status="retracted") & models.Q(retracted_at__isnull=True)),
                name="verdict_retraction_dated_and_explained",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="withdrawn", withdrawn_at__isnull=False)
                    & ~models.Q(withdrawal_note="")
                )
                | (~models.Q(status="withdrawn") & models.Q(withdrawn_at__isnull=True)),
                name="verdict_takedown_dated_and_explained",
            ),
            models.CheckConstraint(
                condition=models.Q(publisher__isnull=True)
                | ~models.Q(external_url="")
                | models.Q(status="reference"),
                name="verdict_imported_has_url",
                violation_error_message=_(
                    "An imported verdict needs the external URL of the publisher's own page."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="reference") | models.Q(publisher__isnull=False),
                name="verdict_reference_is_imported",
                violation_error_message=_(
                    "Only another publisher's archive record can be a staff-only reference."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(proposed_at__isnull=True, proposal_kind="", proposal_note="")
                    | (
                        models.Q(status="published", proposed_at__isnull=False)
                        & models.Q(proposal_kind__in=CorrectionKind.values)
                        & ~models.Q(proposal_note="")
                    )
                ),
                name="verdict_proposal_complete",
                violation_error_message=_(
                    "A proposed revision needs its kind and public note, on a published verdict."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(language="") | models.Q(language__regex=LANGUAGE_TAG_REGEX),
                name="verdict_language_tag",
                violation_error_message=_("Use a BCP 47 language tag, e.g. “en” or “pt-BR”."),
            ),
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                name="verdict_one_translation_per_language",
                violation_error_message=_(
                    "This verdict already has a translation in this language."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(translation_of__isnull=True, translated_revision__isnull=True)
                | models.Q(
                    translation_of__isnull=False,
                    translated_revision__isnull=False,
                    publisher__isnull=True,
                )
                & ~models.Q(language=""),
                name="verdict_translation_complete",
                violation_error_message=_(
                    "A translation is one of our verdicts, with its language and the revision "
                    "of the original it translates."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(translation_of__isnull=False) | models.Q(claim_wording=""),
                name="verdict_claim_wording_translated",
                violation_error_message=_("Only a translation rewords the claim."),
            ),
            http_url_constraint("external_url", "verdict_external_url_http"),
            models.UniqueConstraint(
                fields=["publisher", "external_id"],
                condition=~models.Q(external_id=""),
                name="verdict_external_id_unique",
                violation_error_message=_(
                    "This publisher's review with this id is already on file."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="verdict_status_date_idx"),
            # The admin's list order (Meta.ordering, the id as Django's tiebreak).
            models.Index(fields=["-published_at", "-created_at", "-id"], name="verdict_list_idx"),
            models.Index(fields=["rating"], name="verdict_rating_idx"),
            models.Index(fields=["author", "status"], name="verdict_author_status_idx"),
        ]
        triggers = [
            version_bump_trigger("verdict_version_bump"),
            # A claim family holds one verdict of ours at a time (claims/models/families.py).
            one_verdict_per_family_on_verdict("verdict_one_per_family"),
            # The public record is permanent: a published or retracted verdict is
            # never deleted, whoever asks (admin, a script, a cascade).
            pgtrigger.Trigger(
                name="verdict_public_undeletable",
                operation=pgtrigger.Delete,
                when=pgtrigger.Before,
                condition=pgtrigger.Q(old__status="published")
                | pgtrigger.Q(old__status="retracted")
                | pgtrigger.Q(old__status="withdrawn"),
                func=(
                    "RAISE EXCEPTION 'verdict_public_undeletable: verdict % is part of the public "
                    "record and cannot be deleted; retract it instead.', OLD.id "
                    "USING ERRCODE = 'integrity_constraint_violation';"
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("web:claim", args=[self.claim.slug])

    @property
    def is_ours(self) -> bool:
        return self.publisher_id is None

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    def clean(self) -> None:
        # Spans tables, so it lives here rather than in a database constraint.
        rating = self.rating if self.rating_id is not None else None
        if rating is not None and self.publisher_id is None:
            from claims.models.ratings import RatingScale

            default = (
                RatingScale.objects.filter(is_default=True).values_list("pk", flat=True).first()
            )
            if default is not None and rating.scale_id != default:
                raise ValidationError(
                    {
                        "rating": "Our own verdicts use the default rating scale; pick a rating from it."
                    }
                )


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["updated_at"],
)
class VerdictSource(Timestamped):
    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="verdict_sources")
    source = models.ForeignKey(
        "sources.Source", on_delete=models.PROTECT, related_name="verdict_sources"
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in which readers see the sources."
    )
    note = models.TextField(blank=True, help_text="What this source shows, in a sentence.")

    class Meta:
        ordering = ["verdict", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["verdict", "source"],
                name="verdictsource_unique",
                violation_error_message=_("This source is already listed on the verdict."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.source}"


@pghistory.track(pghistory.InsertEvent(), exclude=["updated_at"])
class VerdictReview(Timestamped):
    """A recorded decision by an editor on a verdict in review. Internal, never public."""

    Decision = ReviewDecision

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    comment = models.TextField(
        blank=True, help_text="Required when returning a verdict. Internal: never public."
    )
    # Approvals count only for the draft they approved: a resubmission starts a new round.
    round = models.PositiveIntegerField(default=1)
    content_hash = models.CharField(
        max_length=64,
        blank=True,
        help_text="For approvals: the hash of the exact public document approved. Any change voids it.",
    )
    approved_document = models.JSONField(
        null=True,
        blank=True,
        help_text="For approvals: what was approved, to show the editor what changed since.",
    )

    class Meta:
        ordering = ["verdict", "created_at"]
        constraints = [
            choices_constraint("decision", ReviewDecision, "verdictreview_decision_valid"),
            models.CheckConstraint(
                condition=~models.Q(decision="returned") | ~models.Q(comment=""),
                name="verdictreview_return_has_comment",
            ),
        ]
        indexes = [models.Index(fields=["verdict", "round"], name="verdictreview_round_idx")]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.reviewer} on {self.created_at:%Y-%m-%d}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), exclude=["updated_at"])
class Correction(Timestamped):
    """A dated public note on a published verdict."""

    Kind = CorrectionKind

    verdict = models.ForeignKey(Verdict, on_delete=models.PROTECT, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    note = models.TextField(help_text="Shown publicly: what changed and why.")
    published_at = models.DateTimeField(default=timezone.now)
    previous_rating = models.ForeignKey(
        "claims.Rating", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    new_rating = models.ForeignKey(
        "claims.Rating", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-published_at"]
        constraints = [
            choices_constraint("kind", CorrectionKind, "correction_kind_valid"),
            models.CheckConstraint(condition=~models.Q(note=""), name="correction_note_not_empty"),
        ]
        indexes = [
            models.Index(fields=["verdict", "-published_at"], name="correction_verdict_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.published_at:%Y-%m-%d}: {self.note[:60]}"
