"""The API's list filters over the public index (``factcheck.api.filters``) and the
lookups they need."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, OuterRef, QuerySet

from claims.models import PublishedClaim, PublishedVerdict, Rating, Topic
from claims.selectors.public_records import speaker_ids
from sources.models import Outlet

# The API's list filters: each narrows the index by what was published, with the slug
# turned into ids inside the page's one statement. The id arrays are compared by ``&&``
# (overlap), which their GIN indexes serve.


def _ids(rows: QuerySet[Any]) -> ArraySubquery:
    return ArraySubquery(rows.values("pk"))


def claims_from_outlet(rows: QuerySet[PublishedClaim], slug: str) -> QuerySet[PublishedClaim]:
    """Claims that appeared in the outlet at ``slug``, or in an article of it."""
    return rows.filter(outlets__overlap=_ids(Outlet.objects.filter(slug=slug)))


def claims_reviewed_by(rows: QuerySet[PublishedClaim], slug: str) -> QuerySet[PublishedClaim]:
    """Claims with a public review by the fact-checker at ``slug`` (ours are ``has_ours``)."""
    return rows.filter(publishers__overlap=_ids(Outlet.objects.filter(slug=slug)))


def claims_published_since(
    rows: QuerySet[PublishedClaim], moment: datetime
) -> QuerySet[PublishedClaim]:
    """Claims with a public verdict first published at ``moment`` or later: any of its
    verdicts, as the claim's own date is its first publication."""
    later = PublishedVerdict.objects.filter(claim_id=OuterRef("pk"), first_published__gte=moment)
    return rows.filter(Exists(later))


def verdicts_rated(rows: QuerySet[PublishedVerdict], slug: str) -> QuerySet[PublishedVerdict]:
    """Verdicts rated ``slug`` (a slug names a rating in each scale that has it)."""
    return rows.filter(rating_id__in=Rating.objects.filter(slug=slug).values("pk"))


def verdicts_on_topic(rows: QuerySet[PublishedVerdict], slug: str) -> QuerySet[PublishedVerdict]:
    return rows.filter(claim__topics__overlap=_ids(Topic.objects.filter(slug=slug)))


def verdicts_from_outlet(
    rows: QuerySet[PublishedVerdict], slug: str
) -> QuerySet[PublishedVerdict]:
    """Verdicts on claims that appeared in the outlet at ``slug``, or in an article of it."""
    return rows.filter(claim__outlets__overlap=_ids(Outlet.objects.filter(slug=slug)))


def verdicts_published_by(
    rows: QuerySet[PublishedVerdict], slug: str
) -> QuerySet[PublishedVerdict]:
    """Reviews by the fact-checker at ``slug``."""
    return rows.filter(publisher_id__in=Outlet.objects.filter(slug=slug).values("pk"))


def verdicts_of_site(rows: QuerySet[PublishedVerdict], domain: str) -> QuerySet[PublishedVerdict]:
    """Other publishers' reviews published under the bare ``domain`` (no ``www.``), whether
    the outlet was entered with ``www.`` or without: the domain as published, in the
    revision, so that editing an outlet changes no search result until a review of it is
    republished."""
    domains = [domain, f"www.{domain}"]
    return rows.filter(ours=False, revision__document__verdict__publisher__domain__in=domains)


def rating_exists(slug: str) -> bool:
    """Whether a rating has ``slug``: ratings are public whether or not a verdict uses them."""
    return Rating.objects.filter(slug=slug).exists()


def speaker_published(slug: str) -> bool:
    """Whether a claim was published under the speaker at ``slug`` or one merged into them."""
    return PublishedClaim.objects.filter(speaker_id__in=speaker_ids(slug)).exists()
