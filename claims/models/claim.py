from __future__ import annotations

from typing import Any

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from claims.models.published import PublishedClaim
from factcheck.base.db import (
    LANGUAGE_TAG_REGEX,
    URL_MAX_LENGTH,
    Timestamped,
    http_url_constraint,
    not_in_future,
    version_bump_trigger,
)

# A claim is one checkable statement; the cap also keeps its search vector
# far below PostgreSQL's 1 MB tsvector limit.
CLAIM_TEXT_MAX = 2000
QUOTE_MAX = 10000


class ClaimQuerySet(models.QuerySet["Claim"]):
    def public(self) -> ClaimQuerySet:
        """Claims the public may see: those in the public index, which only the revision
        services write (a claim with a verdict whose latest revision is public).

        ``published_at`` (kept by the services in the same transaction) is set whenever
        there is one; stating it too lets the index on it serve "newest first" at a
        million claims. It can only hide a claim, never show one."""
        listed = PublishedClaim.objects.filter(claim_id=models.OuterRef("pk"))
        return self.filter(models.Exists(listed), published_at__isnull=False)

    def awaiting_verdict(self) -> ClaimQuerySet:
        """Claims we have not written a verdict on yet (imported verdicts do not count)."""
        return self.exclude(models.Exists(_verdicts().ours().filter(claim=models.OuterRef("pk"))))


def _verdicts() -> Any:
    # Through the relation rather than an import: verdict.py imports this module.
    return Claim._meta.get_field("verdicts").related_model.objects  # type: ignore[union-attr]


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["updated_at", "version", "search", "public_text", "published_at"],
)
class Claim(Timestamped):
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in public URLs.")
    text = models.TextField(
        validators=[MaxLengthValidator(CLAIM_TEXT_MAX)],
        help_text="The claim as we check it, in neutral wording: one checkable statement.",
    )
    quote = models.TextField(
        blank=True,
        validators=[MaxLengthValidator(QUOTE_MAX)],
        help_text="The speaker's exact words, when there are any.",
    )
    speaker = models.ForeignKey(
        "claims.Speaker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text="Who made the claim. Leave empty for unattributed claims (e.g. viral posts).",
    )
    article = models.ForeignKey(
        "sources.Article",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text="The article in which we found the claim.",
    )
    appeared_in = models.ForeignKey(
        "sources.Outlet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims_appeared",
        help_text="The outlet the claim was made to or reported by, e.g. Fox News for a Fox interview.",
    )
    url = models.URLField(
        "URL",
        max_length=URL_MAX_LENGTH,
        blank=True,
        help_text="Where the claim can be seen or heard.",
    )
    archived_url = models.URLField(
        "archived copy URL",
        max_length=URL_MAX_LENGTH,
        blank=True,
        help_text="A permanent copy of where it appeared (e.g. the Wayback Machine), in case the page changes or disappears.",
    )
    claimed_on = models.DateField(
        null=True,
        blank=True,
        validators=[not_in_future],
        help_text="When the claim was made, if known.",
    )
    context = models.CharField(
        max_length=500, blank=True, help_text="The occasion, e.g. “an interview with Fox News”."
    )
    topics = models.ManyToManyField("claims.Topic", blank=True, related_name="claims")
    language = models.CharField(
        max_length=35, default="en", help_text="Language tag, e.g. “en”, “ar”."
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_claims",
        help_text="The fact-checker researching this claim.",
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
    # Kept by the services (claims.services.search), in the transaction of every change
    # that alters what the public sees: the speaker's name and the headlines and
    # summaries of the claim's public verdicts. Never drafts: it is searched publicly.
    public_text = models.TextField(
        blank=True,
        editable=False,
        help_text="The public words searched with the claim: speaker, verdict headlines and summaries.",
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When its first public verdict was published; empty while none is public.",
    )
    search = models.GeneratedField(
        expression=SearchVector("text", config="english", weight="A")
        + SearchVector("quote", config="english", weight="B")
        + SearchVector("public_text", config="english", weight="B"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-claimed_on", "-created_at"]
        constraints = [
            http_url_constraint("url", "claim_url_http"),
            http_url_constraint("archived_url", "claim_archived_url_http"),
            models.CheckConstraint(
                condition=models.Q(language__regex=LANGUAGE_TAG_REGEX),
                name="claim_language_tag",
                violation_error_message=_("Use a language tag such as “en”, “ar” or “pt-BR”."),
            ),
            models.CheckConstraint(condition=~models.Q(text=""), name="claim_text_not_empty"),
        ]
        indexes = [
            models.Index(fields=["speaker", "-claimed_on"], name="claim_speaker_date_idx"),
            models.Index(fields=["-claimed_on", "-created_at"], name="claim_date_idx"),
            models.Index(fields=["assigned_to"], name="claim_assigned_idx"),
            # The editorial queue's "awaiting a verdict, oldest first".
            models.Index(fields=["created_at", "id"], name="claim_created_idx"),
            # The public lists' default order, newest first, with a unique tiebreak. It
            # carries the search vector so that "relevance over the newest matches" finds
            # them in the index alone, without reading each claim it passes over.
            models.Index(
                fields=["-published_at", "-id"],
                name="claim_published_idx",
                condition=models.Q(published_at__isnull=False),
                include=["search"],
            ),
            GinIndex(fields=["search"], name="claim_search_gin"),
            # Trigram similarity ("already checked?") and the admin's icontains search.
            GinIndex(OpClass(Upper("text"), name="gin_trgm_ops"), name="claim_text_trgm"),
        ]
        triggers = [version_bump_trigger("claim_version_bump")]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    def get_absolute_url(self) -> str:
        return reverse("web:claim", args=[self.slug])


def _bumps_claims(name: str, operation: Any, referencing: Any, claim_ids: str) -> Any:
    # Statement level: one ``topics.set()`` or one import's bulk insert bumps each claim
    # once, however many links it writes. Setting updated_at makes the claim's own
    # version trigger run, and a stale form then says when the topics changed.
    return pgtrigger.Trigger(
        name=name,
        operation=operation,
        when=pgtrigger.After,
        level=pgtrigger.Statement,
        referencing=referencing,
        func=(
            f"UPDATE claims_claim SET updated_at = now() WHERE id IN ({claim_ids}); RETURN NULL;"
        ),
    )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ClaimTopic(Claim.topics.through):  # type: ignore[name-defined]
    """A topic filed on a claim: a proxy of the link table ``claim.topics`` writes.

    The triggers are on the table itself, so every way of changing a claim's topics (the
    admin's picker, ``claim.topics.set()`` in the services, an import's bulk insert, a
    script) bumps the claim's version, and so refuses a stale form, and is recorded in
    the audit history with who did it."""

    # In the audit history these rows are changes to their claim.
    history_parent = "claim"

    class Meta:
        proxy = True
        verbose_name = "topic of a claim"
        verbose_name_plural = "topics of claims"
        ordering = ["claim_id", "topic_id"]
        triggers = [
            _bumps_claims(
                "claimtopic_added_bumps_claim",
                pgtrigger.Insert,
                pgtrigger.Referencing(new="added"),
                "SELECT claim_id FROM added",
            ),
            _bumps_claims(
                "claimtopic_removed_bumps_claim",
                pgtrigger.Delete,
                pgtrigger.Referencing(old="removed"),
                "SELECT claim_id FROM removed",
            ),
            _bumps_claims(
                "claimtopic_moved_bumps_claim",
                pgtrigger.Update,
                pgtrigger.Referencing(old="old_links", new="new_links"),
                "SELECT claim_id FROM old_links UNION SELECT claim_id FROM new_links",
            ),
        ]

    def __str__(self) -> str:
        return str(self.topic)
