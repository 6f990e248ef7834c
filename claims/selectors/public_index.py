"""What the public index holds about the newsroom's records: which speakers, topics,
outlets and articles have public pages (their addresses and headers are then the
record's), and the settings its stored documents were written with."""

from __future__ import annotations

from django.db.models import Model, Q
from django.db.models.fields.json import KeyTextTransform

from claims.models import (
    PublishedClaim,
    PublishedVerdict,
    Rating,
    Speaker,
    Topic,
    VerdictRevision,
)
from sources.models import Article, Outlet


def stored_page_address() -> str | None:
    """One of our verdicts' page address as the index stores it (``page_url``, written at
    ``FACTCHECK_SITE_URL`` when it was published); None when the index holds none of ours."""
    return (
        PublishedVerdict.objects.filter(ours=True)
        .values_list(KeyTextTransform("page_url", "document"), flat=True)
        .first()
    )


def speaker_is_public(pk: int) -> bool:
    """Whether a public claim (ours or another publisher's review) is attributed to the
    speaker, or to a record merged into them (their page lists those too)."""
    merged = list(Speaker.objects.filter(merged_into_id=pk).values_list("pk", flat=True))
    return PublishedClaim.objects.filter(speaker_id__in=[pk, *merged]).exists()


def topic_is_public(pk: int) -> bool:
    return PublishedClaim.objects.filter(topics__contains=[pk]).exists()


def outlet_is_public(pk: int) -> bool:
    """Whether the outlet's page lists public claims, or it published a public review."""
    return PublishedClaim.objects.filter(
        Q(outlets__contains=[pk]) | Q(publishers__contains=[pk])
    ).exists()


def article_is_public(pk: int) -> bool:
    return PublishedClaim.objects.filter(article_id=pk).exists()


def rating_is_published(pk: int) -> bool:
    """Whether a published revision (public now, or in a verdict's history) shows the
    rating: its label, position and slug are then the record's, whatever the working
    verdicts say today."""
    return (
        PublishedVerdict.objects.filter(rating_id=pk).exists()
        or VerdictRevision.objects.filter(document__refs__rating=pk).exists()
    )


def public_page_kept(obj: Model) -> str | None:
    """Why ``obj`` cannot be deleted: its public page lists published claims (deleting it
    would take the page down without a takedown). None when nothing public refers to it."""
    checks = (
        (Speaker, speaker_is_public, "speaker"),
        (Topic, topic_is_public, "topic"),
        (Outlet, outlet_is_public, "outlet"),
        (Article, article_is_public, "article"),
    )
    if isinstance(obj, Rating) and rating_is_published(obj.pk):
        return (
            "Published verdicts show this rating: it cannot be deleted (readers' pages, "
            "scorecards and filters name it)."
        )
    for model, is_public, noun in checks:
        if isinstance(obj, model) and is_public(obj.pk):
            return (
                f"This {noun}'s page is public: published claims refer to it, so it cannot "
                "be deleted (a published verdict leaves the public record only by a "
                "retraction or a takedown)."
            )
    return None
