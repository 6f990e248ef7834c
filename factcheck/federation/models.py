"""Peers the newsroom asks "Already checked?" (other factcheck installations, Google's Fact
Check Tools API), feeds it subscribes to, and the report of every fetch of a feed
(docs/federation.md)."""

from __future__ import annotations

from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models.functions import MD5
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from factcheck.base.db import URL_MAX_LENGTH, Timestamped, choices_constraint, http_url_constraint

MANAGE_FEDERATION = "federation.manage_federation"
GOOGLE_API = "https://factchecktools.googleapis.com/"
SHORTEST_INTERVAL = 5  # minutes: the periodic job looks for feeds due every 5 minutes


class PeerKind(models.TextChoices):
    FACTCHECK = "factcheck", "Another factcheck installation"
    GOOGLE = "google", "Google Fact Check Tools API (needs an API key)"


class ImportAs(models.TextChoices):
    PUBLIC = "public", "Public, as theirs (their URL, date and rating)"
    REFERENCE = "reference", "Staff-only archive reference (never public)"


class Peer(Timestamped):
    """Somewhere "Already checked?" also asks: its ``/v1alpha1/claims:search``."""

    Kind = PeerKind

    name = models.CharField(
        max_length=200, unique=True, help_text="Who they are, e.g. “Les Vérificateurs”."
    )
    kind = models.CharField(
        max_length=20,
        choices=PeerKind.choices,
        default=PeerKind.FACTCHECK,
        help_text="Another installation of this software, or Google's Fact Check Tools API "
        "(the reviews of every publisher Google knows).",
    )
    base_url = models.URLField(
        "address",
        max_length=URL_MAX_LENGTH,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Their site's address, e.g. https://factcheck.example.org/ (asked at "
        "v1alpha1/claims:search under it); for Google, https://factchecktools.googleapis.com/. "
        "Private and local addresses are refused unless FACTCHECK_OUTBOUND_ALLOW names them.",
    )
    api_key = models.CharField(
        "API key",
        max_length=200,
        blank=True,
        help_text="Google's API key (Google Cloud console, Fact Check Tools API). Sent as "
        "key=… with every search; not shown again once saved.",
    )
    import_as = models.CharField(
        max_length=20,
        choices=ImportAs.choices,
        default=ImportAs.PUBLIC,
        help_text="What a review imported from their answers becomes here.",
    )
    active = models.BooleanField(
        default=True, help_text="Asked by “Already checked?” only while switched on."
    )
    created_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who configured it.",
    )

    class Meta:
        ordering = ["name", "pk"]
        permissions = [
            ("manage_federation", "Can configure peers and feed subscriptions"),
        ]
        constraints = [
            http_url_constraint("base_url", "peer_base_url_http"),
            choices_constraint("kind", PeerKind, "peer_kind_valid"),
            choices_constraint("import_as", ImportAs, "peer_import_as_valid"),
            models.CheckConstraint(
                condition=~models.Q(kind=PeerKind.GOOGLE) | ~models.Q(api_key=""),
                name="peer_google_has_key",
                violation_error_message=_("Google's Fact Check Tools API needs an API key."),
            ),
        ]
        indexes = [models.Index(fields=["active", "name"], name="peer_active_idx")]

    def __str__(self) -> str:
        return self.name


class FeedKind(models.TextChoices):
    FACTCHECK = "factcheck", "A factcheck installation's feed (asks only for what changed)"
    DATAFEED = "datafeed", "Any ClaimReview DataFeed (fetched whole when it changed)"


class FeedSubscription(Timestamped):
    """A peer's ClaimReview DataFeed, fetched every ``every_minutes`` with conditional
    requests; what it holds is imported as theirs, as the person who subscribed."""

    Kind = FeedKind

    name = models.CharField(max_length=200, help_text="Whose feed, e.g. “Les Vérificateurs”.")
    feed_url = models.URLField(
        "feed address",
        max_length=URL_MAX_LENGTH,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="The DataFeed's address, e.g. https://factcheck.example.org/api/v1/"
        "claimreview-feed.json. Private and local addresses are refused unless "
        "FACTCHECK_OUTBOUND_ALLOW names them.",
    )
    kind = models.CharField(
        max_length=20,
        choices=FeedKind.choices,
        default=FeedKind.FACTCHECK,
        help_text="A factcheck installation's feed is asked only for the reviews changed "
        "since the last fetch (?since=…); any other feed is fetched whole when it changed.",
    )
    import_as = models.CharField(
        max_length=20,
        choices=ImportAs.choices,
        default=ImportAs.PUBLIC,
        help_text="What its reviews become here.",
    )
    every_minutes = models.PositiveIntegerField(
        default=60,
        validators=[MinValueValidator(SHORTEST_INTERVAL)],
        help_text=f"How often it is fetched, in minutes (at least {SHORTEST_INTERVAL}).",
    )
    active = models.BooleanField(default=True, help_text="Fetched only while switched on.")
    etag = models.CharField(
        "ETag",
        max_length=500,
        blank=True,
        help_text="The ETag of its last answer, sent back as If-None-Match.",
    )
    last_modified = models.CharField(
        max_length=100,
        blank=True,
        help_text="The Last-Modified of its last answer, sent back as If-Modified-Since.",
    )
    since = models.DateTimeField(
        null=True,
        blank=True,
        help_text="A factcheck installation's feed is next asked for what changed after "
        "this (its last Last-Modified, less a margin).",
    )
    last_checked_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was last fetched (or tried)."
    )
    created_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who subscribed: the imports run as them (an editor's permission).",
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "feed subscription"
        constraints = [
            http_url_constraint("feed_url", "feedsubscription_url_http"),
            # On its digest: a b-tree cannot index a 2,000-character address (db.py).
            models.UniqueConstraint(
                MD5("feed_url"),
                name="feedsubscription_url_unique",
                violation_error_message=_("This feed is already subscribed to."),
            ),
            choices_constraint("kind", FeedKind, "feedsubscription_kind_valid"),
            choices_constraint("import_as", ImportAs, "feedsubscription_import_as_valid"),
            models.CheckConstraint(
                condition=models.Q(every_minutes__gte=SHORTEST_INTERVAL),
                name="feedsubscription_interval_min",
                violation_error_message=format_lazy(
                    _("Fetch it every {minutes} minutes at most."), minutes=SHORTEST_INTERVAL
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["active", "last_checked_at"], name="feedsubscription_due_idx")
        ]

    def __str__(self) -> str:
        return self.name


class ReportOutcome(models.TextChoices):
    IMPORTED = "imported", "Fetched and imported"
    NOT_MODIFIED = "not_modified", "Unchanged since the last fetch (304)"
    FAILED = "failed", "Failed: nothing imported"


class FeedReport(Timestamped):
    """One fetch of a subscribed feed: what was asked, what came back, what changed."""

    Outcome = ReportOutcome

    subscription = models.ForeignKey(
        FeedSubscription, on_delete=models.CASCADE, related_name="reports"
    )
    outcome = models.CharField(max_length=20, choices=ReportOutcome.choices)
    url = models.TextField("address fetched", help_text="With ?since=… when it was asked.")
    http_status = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The HTTP status answered (none: no answer)."
    )
    elapsed_ms = models.PositiveIntegerField(
        null=True, blank=True, help_text="How long the fetch took, in milliseconds."
    )
    reviews = models.PositiveIntegerField(default=0, help_text="Reviews the answer held.")
    created = models.PositiveIntegerField(default=0, help_text="Reviews new here.")
    updated = models.PositiveIntegerField(default=0, help_text="Reviews they changed.")
    unchanged = models.PositiveIntegerField(default=0)
    held = models.PositiveIntegerField(
        default=0,
        help_text="Reviews on file here in another state (held in the newsroom, retracted, "
        "taken down, or public where references are imported): left as they are.",
    )
    skipped_ours = models.PositiveIntegerField(
        default=0, help_text="Our own verdicts in their feed: never imported as theirs."
    )
    invalid = models.PositiveIntegerField(
        default=0, help_text="Reviews that could not be read or imported (listed below)."
    )
    errors = models.TextField(
        blank=True, help_text="Why it failed, or each review left out and why."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "feed report"
        constraints = [choices_constraint("outcome", ReportOutcome, "feedreport_outcome_valid")]
        indexes = [
            models.Index(fields=["subscription", "-created_at"], name="feedreport_subscr_idx")
        ]

    def __str__(self) -> str:
        return (
            f"{self.subscription}, {self.created_at:%Y-%m-%d %H:%M}: {self.get_outcome_display()}"
        )
