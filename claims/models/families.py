"""Claim families: the same claim said again, by someone else, somewhere else, later.

An editor confirms that two claims are the same claim (``claims.services.families``);
they then share a family, which holds at most one verdict of ours at a time. Where a
claim was said or reported, beyond its own speaker, article, outlet and date, is an
``Appearance``: the newsroom's, and those another publisher's ClaimReview lists.

None of this is public by itself: a family's appearances reach readers only inside a
published revision of its verdict (``claims.services.revisions``), and the public index
of repeats (``PublishedRepeat``) is written from those revisions alone.
"""

from __future__ import annotations

import re
from typing import Any

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from claims.choices import VerdictStatus
from factcheck.base.db import (
    URL_MAX_LENGTH,
    Timestamped,
    choices_constraint,
    http_url_constraint,
    not_in_future,
    version_bump_trigger,
)

# Our verdicts that count towards a family's one verdict: those not retracted or taken
# down (a retracted verdict stays public, but a new verdict may replace it).
ACTIVE_STATUSES = (VerdictStatus.DRAFT, VerdictStatus.IN_REVIEW, VerdictStatus.PUBLISHED)
_ACTIVE_SQL = ", ".join(f"'{status}'" for status in ACTIVE_STATUSES)

# Counted under a lock of the family's row, so that two transactions adding a verdict or a
# member at once take turns and the second one sees the first.
_COUNT_OURS = f"""
    PERFORM 1 FROM claims_claimfamily WHERE id = fam FOR UPDATE;
    SELECT count(*) INTO n
    FROM claims_verdict v JOIN claims_claimfamilymember m ON m.claim_id = v.claim_id
    WHERE m.family_id = fam AND v.publisher_id IS NULL AND v.translation_of_id IS NULL
      AND v.status IN ({_ACTIVE_SQL});
    IF n > 1 THEN
        RAISE EXCEPTION 'claimfamily_one_verdict: claim family % would hold % verdicts of '
            'ours; a family has at most one (retract or delete one first, or unlink the '
            'claim).', fam, n
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
"""


def one_verdict_per_family_on_verdict(name: str) -> pgtrigger.Trigger:
    """On ``claims_verdict``: a verdict of ours written on a claim of a family that already
    has one is refused, whoever writes it (a service, a script, the staff API)."""
    return pgtrigger.Trigger(
        name=name,
        operation=pgtrigger.Insert | pgtrigger.Update,
        when=pgtrigger.After,
        # A translation of our verdict is the same verdict in another language.
        condition=pgtrigger.Q(new__publisher__isnull=True)
        & pgtrigger.Q(new__translation_of__isnull=True)
        & pgtrigger.Q(new__status__in=list(ACTIVE_STATUSES)),
        declare=[("fam", "bigint"), ("n", "integer")],
        func=(
            "SELECT family_id INTO fam FROM claims_claimfamilymember "
            "WHERE claim_id = NEW.claim_id;"
            "IF fam IS NULL THEN RETURN NULL; END IF;" + _COUNT_OURS
        ),
    )


def _one_verdict_on_member(name: str) -> pgtrigger.Trigger:
    # The claim's row is locked first: a verdict being inserted on it meanwhile holds a
    # key-share lock on it (its foreign key) until it commits, and is then counted.
    return pgtrigger.Trigger(
        name=name,
        operation=pgtrigger.Insert | pgtrigger.Update,
        when=pgtrigger.After,
        declare=[("fam", "bigint"), ("n", "integer")],
        func=(
            "PERFORM 1 FROM claims_claim WHERE id = NEW.claim_id FOR UPDATE;"
            "fam := NEW.family_id;" + _COUNT_OURS
        ),
    )


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent(), exclude=["updated_at"])
class ClaimFamily(Timestamped):
    """Claims a person confirmed are the same claim. A claim is in at most one family, and
    a family holds at most one verdict of ours at a time (the database refuses a second)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="Who first linked two of its claims.",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "claim families"

    def __str__(self) -> str:
        return f"Claim family {self.pk}"


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent(), exclude=["updated_at"])
class ClaimFamilyMember(Timestamped):
    """A claim's place in its family: linked, and unlinked, only by a person
    (``claim_link_as_repeat``, ``claim_unlink``), each step in the audit history."""

    family = models.ForeignKey(ClaimFamily, on_delete=models.CASCADE, related_name="members")
    claim = models.OneToOneField(
        "claims.Claim",
        on_delete=models.PROTECT,
        related_name="family_member",
        help_text="A claim is in one family at most. Unlink it before deleting it.",
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="Who confirmed it is the same claim.",
    )
    note = models.TextField(
        blank=True, help_text="Internal: why it is the same claim (never shown publicly)."
    )

    # In the audit history these rows are changes to their claim.
    history_parent = "claim"

    class Meta:
        ordering = ["family", "created_at", "id"]
        verbose_name = "claim in a family"
        verbose_name_plural = "claims in families"
        triggers = [_one_verdict_on_member("claimfamilymember_one_verdict")]

    def __str__(self) -> str:
        return f"Claim {self.claim_id} in family {self.family_id}"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["updated_at", "version"],
)
class Appearance(Timestamped):
    """A further time and place a claim was said or reported: who said it, where, when,
    at which address. Kept by the newsroom, or listed by another publisher's ClaimReview
    (``reported_by``: its ``firstAppearance`` and ``appearance``, given back in it)."""

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="appearances")
    reported_by = models.ForeignKey(
        "claims.Verdict",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="reported_appearances",
        help_text="The imported review that lists it; empty for the newsroom's own.",
    )
    speaker = models.ForeignKey(
        "claims.Speaker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appearances",
        help_text="Who said it this time, when known.",
    )
    outlet = models.ForeignKey(
        "sources.Outlet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claim_appearances",
        help_text="The outlet it was said to or reported by, when known.",
    )
    article = models.ForeignKey(
        "sources.Article",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claim_appearances",
        help_text="The article it appeared in, when known.",
    )
    said_on = models.DateField(
        null=True, blank=True, validators=[not_in_future], help_text="When, if known."
    )
    url = models.URLField(
        "URL",
        max_length=URL_MAX_LENGTH,
        blank=True,
        help_text="Where it can be seen or heard.",
    )
    first = models.BooleanField(
        default=False,
        editable=False,
        help_text="The publisher named it the claim's first appearance (firstAppearance).",
    )
    listed = models.BooleanField(
        default=True,
        editable=False,
        help_text="In the publisher's list of appearances (a first appearance may not be).",
    )
    position = models.PositiveIntegerField(
        default=0, editable=False, help_text="Its place in the publisher's list."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    # In the audit history these rows are changes to their claim.
    history_parent = "claim"

    class Meta:
        ordering = ["claim", "position", "said_on", "id"]
        constraints = [
            http_url_constraint("url", "appearance_url_http"),
            models.CheckConstraint(
                condition=~models.Q(url="")
                | models.Q(speaker__isnull=False)
                | models.Q(outlet__isnull=False)
                | models.Q(article__isnull=False)
                | models.Q(said_on__isnull=False),
                name="appearance_says_something",
                violation_error_message=_("Say at least who, where, when or at which address."),
            ),
        ]
        indexes = [models.Index(fields=["claim", "position"], name="appearance_claim_idx")]
        triggers = [version_bump_trigger("appearance_version_bump")]

    def __str__(self) -> str:
        parts = [str(part) for part in (self.speaker, self.outlet, self.said_on) if part]
        return ", ".join(parts) or self.url or f"Appearance {self.pk}"


# Marked for the catalogues: refusals name a suggestion's status in the admin's language.
class SuggestionStatus(models.TextChoices):
    OPEN = "open", gettext_noop("To confirm")
    LINKED = "linked", gettext_noop("Linked as the same claim")
    DISMISSED = "dismissed", gettext_noop("Not the same claim")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), exclude=["updated_at"])
class RepeatSuggestion(Timestamped):
    """The matcher's proposal that ``claim`` repeats ``of``: never a link by itself. A
    person confirms it (``claim_link_as_repeat``) or dismisses it, and a dismissed pair is
    not proposed again."""

    Status = SuggestionStatus

    claim = models.ForeignKey(
        "claims.Claim", on_delete=models.CASCADE, related_name="repeat_suggestions"
    )
    of = models.ForeignKey(
        "claims.Claim",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The claim it would repeat: the one checked, else the earlier one.",
    )
    score = models.FloatField(help_text="How alike the matcher found them (cosine, 0 to 1).")
    found_by = models.CharField(
        max_length=40, help_text="What proposed it: entry of the claim, or suggest_families."
    )
    status = models.CharField(
        max_length=20, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            choices_constraint("status", SuggestionStatus, "repeatsuggestion_status_valid"),
            models.UniqueConstraint(fields=["claim", "of"], name="repeatsuggestion_unique_pair"),
            models.CheckConstraint(
                condition=~models.Q(claim=models.F("of")), name="repeatsuggestion_two_claims"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="repeatsuggestion_status_idx"),
            models.Index(fields=["of"], name="repeatsuggestion_of_idx"),
        ]

    def __str__(self) -> str:
        return f"Claim {self.claim_id} may repeat claim {self.of_id} ({self.score:.2f})"


class PublishedRepeat(Timestamped):
    """One appearance of a claim, by a speaker, in the latest public revision of our
    verdict on it: what a speaker's page lists as "repeated after being rated". Written
    only with the public index (``claims.services.published``), from the revisions."""

    claim = models.ForeignKey(
        "claims.PublishedClaim",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="The public claim our verdict rated.",
    )
    verdict = models.ForeignKey(
        "claims.PublishedVerdict",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    position = models.PositiveIntegerField(
        help_text="Its place in the revision's list of appearances."
    )
    speaker = models.ForeignKey(
        "claims.Speaker",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        help_text="Who said it, as published.",
    )
    said_on = models.DateField(null=True)
    after_rating = models.BooleanField(
        help_text="Said after our verdict was first published (in the newsroom's time zone)."
    )

    class Meta:
        ordering = ["-said_on", "-verdict_id", "position"]
        indexes = [
            models.Index(fields=["speaker", "-said_on"], name="publishedrepeat_speaker_idx"),
            models.Index(fields=["claim"], name="publishedrepeat_claim_idx"),
        ]

    def __str__(self) -> str:
        return f"Repeat {self.position} of published verdict {self.verdict_id}"


Listed = tuple[str, bool, bool, int]  # url, first, listed, position


def their_appearances(review: Any) -> tuple[Any, list[Listed]]:
    """Another publisher's ClaimReview as kept (``Verdict.their_review``) without the
    appearances its ``itemReviewed`` lists, and those appearances as ``(url, first,
    listed, position)``: ``firstAppearance`` (position 0 unless it is also in the list),
    then ``appearance`` in its order. Anything the table could not hold (a value that is
    not an http(s) address, a shape the importer never writes) stays where it was: nothing
    is dropped. Pure, so the upgrade migration and the importer share it."""
    item = review.get("itemReviewed") if isinstance(review, dict) else None
    if not isinstance(item, dict):
        return review, []
    first = item.get("firstAppearance")
    listed = item.get("appearance", [])
    if not isinstance(listed, list) or not all(_is_http(url) for url in listed):
        return review, []
    if first is not None and not _is_http(first):
        return review, []
    rows: dict[str, Listed] = {}
    if first is not None:
        rows[first] = (first, True, False, 0)
    for position, url in enumerate(listed, start=1):
        rows[url] = (url, url == first, True, position)
    kept = {k: v for k, v in item.items() if k not in ("firstAppearance", "appearance")}
    return {**review, "itemReviewed": kept}, sorted(rows.values(), key=lambda row: row[3])


# As the database's http_url_constraint reads it (HTTP_URL_REGEX, in PostgreSQL's syntax).
_HTTP_URL = re.compile(r"^https?://[^/?#\s]+\S*$", re.IGNORECASE)


def _is_http(value: object) -> bool:
    return isinstance(value, str) and bool(_HTTP_URL.match(value))
