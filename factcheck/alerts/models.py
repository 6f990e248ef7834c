"""Who asked to be told of what by email, and what each was (or will be) sent.

An address is stored only with its owner's consent: a subscription is kept unconfirmed
for FACTCHECK_ALERTS_CONFIRM_DAYS while its confirmation link works (nothing but that
link is sent to it) and deleted after; unsubscribing deletes it. Rows name no address in
``__str__``, so none reaches the admin's log of changes.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from factcheck.base.db import Timestamped, choices_constraint
from factcheck.i18n.models import InterfaceLanguage

MANAGE_SUBSCRIPTIONS = "alerts.manage_subscriptions"


class Target(models.TextChoices):
    SPEAKER = "speaker", "A speaker"
    TOPIC = "topic", "A topic"
    SEARCH = "search", "A search"


class Frequency(models.TextChoices):
    # Marked for the catalogues: the subscribe page and the mail translate them.
    IMMEDIATE = "immediate", gettext_noop("At once, one email per verdict")
    DAILY = "daily", gettext_noop("A daily digest")


class Subscription(Timestamped):
    """One address following one speaker, topic or search. Alerts go out only once the
    owner confirmed it through the link mailed to them (double opt-in)."""

    Target = Target
    Frequency = Frequency

    email = models.EmailField(
        max_length=254,
        help_text="Where the alerts go (kept in lower case). Personal data: never shown "
        "outside this admin, deleted when the person unsubscribes or asks us to forget it.",
    )
    target = models.CharField(max_length=20, choices=Target.choices, help_text="What they follow.")
    speaker = models.ForeignKey(
        "claims.Speaker",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="The speaker followed (a speaker with published verdicts).",
    )
    topic = models.ForeignKey(
        "claims.Topic",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="The topic followed (a topic with published verdicts).",
    )
    query = models.CharField(
        max_length=500,
        blank=True,
        help_text="The search followed, as typed on the search page: a verdict whose claim "
        "the search finds is sent.",
    )
    frequency = models.CharField(
        max_length=20,
        choices=Frequency.choices,
        default=Frequency.IMMEDIATE,
        help_text="One email per verdict, or one digest a day (at FACTCHECK_ALERTS_DIGEST_HOUR).",
    )
    key = models.CharField(
        max_length=64,
        unique=True,
        editable=False,
        help_text="The random part of its confirmation and unsubscribe links.",
    )
    confirmed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the owner confirmed it from the link we mailed them; nothing is sent "
        "before.",
    )
    added_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The staff member who added it in the admin; empty when the person "
        "subscribed on the site.",
    )
    language = models.CharField(
        max_length=8,
        choices=InterfaceLanguage.choices,
        default=InterfaceLanguage.EN,
        help_text="The language its mail is written in: the one of the page it was asked "
        "for on (/ar/… for Arabic).",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "email alert subscription"
        permissions = [
            (
                "manage_subscriptions",
                "Can list and add email alert subscriptions, and forget an address",
            )
        ]
        constraints = [
            choices_constraint("target", Target, "subscription_target_valid"),
            choices_constraint("frequency", Frequency, "subscription_frequency_valid"),
            choices_constraint("language", InterfaceLanguage, "subscription_language_valid"),
            models.CheckConstraint(
                condition=(
                    models.Q(target="speaker", speaker__isnull=False, topic__isnull=True, query="")
                    | models.Q(target="topic", topic__isnull=False, speaker__isnull=True, query="")
                    | (
                        models.Q(target="search", speaker__isnull=True, topic__isnull=True)
                        & ~models.Q(query="")
                    )
                ),
                name="subscription_follows_one_thing",
                violation_error_message=_("Follow one thing: a speaker, a topic, or a search."),
            ),
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")),
                name="subscription_email_lower_case",
            ),
            models.UniqueConstraint(
                fields=["email", "target", "speaker", "topic", "query"],
                name="subscription_once_per_address",
                nulls_distinct=False,
                violation_error_message=_("This address already follows that."),
            ),
        ]
        indexes = [
            models.Index(fields=["email"], name="subscription_email_idx"),
            models.Index(
                fields=["target", "speaker", "topic"],
                name="subscription_confirmed_idx",
                condition=models.Q(confirmed_at__isnull=False),
            ),
            models.Index(
                fields=["created_at"],
                name="subscription_unconfirmed_idx",
                condition=models.Q(confirmed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        """Names what is followed (for staff: the admin's list reads ``speaker`` and
        ``topic`` with the subscription, so the names cost no query per row)."""
        if self.target == Target.SPEAKER and self.speaker is not None:
            what = f"the speaker {self.speaker.name}"
        elif self.target == Target.TOPIC and self.topic is not None:
            what = f"the topic {self.topic.name}"
        elif self.target != Target.SEARCH:
            what = f"{self.target} #{self.speaker_id or self.topic_id}"
        else:
            what = f"search “{self.query}”"
        return f"Alerts on {what} (subscription #{self.pk})"


class AlertStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Not sent: no longer what the public reads"


class Alert(Timestamped):
    """One revision of one of our verdicts for one subscription: sent at once, or kept
    for the next daily digest. What it says is read from the public record when sent."""

    Status = AlertStatus

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="alerts")
    revision = models.ForeignKey(
        "claims.VerdictRevision",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The published revision the alert is about.",
    )
    status = models.CharField(
        max_length=20, choices=AlertStatus.choices, default=AlertStatus.PENDING
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "email alert"
        constraints = [
            choices_constraint("status", AlertStatus, "alert_status_valid"),
            models.UniqueConstraint(
                fields=["subscription", "revision"], name="alert_once_per_revision"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="alert_sent_has_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["subscription", "created_at"],
                name="alert_pending_idx",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"Alert #{self.pk} of subscription #{self.subscription_id}"


class NoticeStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for a published verdict"
    SENT = "sent", "Told"


class ReaderNotice(Timestamped):
    """A reader who suggested a claim, left an address and ticked the box to be told once
    when it is checked. The address is the suggestion's contact (staff only), kept only
    with that consent."""

    Status = NoticeStatus

    suggestion = models.OneToOneField(
        "claims.ReaderSuggestion",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The reader's suggestion; its contact is where the notice goes.",
    )
    status = models.CharField(
        max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.WAITING
    )
    revision = models.ForeignKey(
        "claims.VerdictRevision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The published verdict they were told of.",
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(
        max_length=8,
        choices=InterfaceLanguage.choices,
        default=InterfaceLanguage.EN,
        help_text="The language the notice is written in: the one of the page the claim "
        "was suggested on.",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "reader to tell"
        verbose_name_plural = "readers to tell"
        constraints = [
            choices_constraint("status", NoticeStatus, "readernotice_status_valid"),
            choices_constraint("language", InterfaceLanguage, "readernotice_language_valid"),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="readernotice_sent_has_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="readernotice_waiting_idx",
                condition=models.Q(status="waiting"),
            )
        ]

    def __str__(self) -> str:
        return f"The reader of suggestion #{self.suggestion_id}"
