"""RSS and Atom: the latest public verdicts, per speaker and per topic, as published (the
public index and the revisions it serves). An item's date moves to its latest revision's
when a correction, update or retraction is published, so that it reaches readers who
follow the feed: RSS has one date per item, which says so; Atom keeps the first
publication as ``published`` and the latest revision as ``updated``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from claims.selectors import public as queries
from claims.selectors.public import ListedVerdict, SpeakerAddress

LENGTH = 30


class LatestVerdicts(Feed):
    title = "Latest fact-checks"
    description = "The latest published verdicts, ours and other fact-checkers'."

    def link(self) -> str:
        return reverse("web:home")

    def rows(self, obj: Any) -> QuerySet[Any]:
        return queries.verdict_index()

    def items(self, obj: Any = None) -> list[ListedVerdict]:
        return queries.listed_verdicts(self.rows(obj)[:LENGTH])

    def item_title(self, item: ListedVerdict) -> str:
        if item.retraction is not None:
            return f"Retracted: {item.headline}"
        return f"{(item.rating or {}).get('label', '')}: {item.headline}"

    def item_description(self, item: ListedVerdict) -> str:
        # A description is HTML to a feed reader: the texts are plain, so escape them.
        retraction = item.retraction
        if retraction is not None:
            when = date_format(retraction["at"], "j F Y") if retraction["at"] else ""
            return escape(f"Retracted on {when}: {retraction['note']}")
        return escape(item.summary)

    def item_link(self, item: ListedVerdict) -> str:
        return reverse("web:claim", args=[item.claim_slug])

    def item_guid(self, item: ListedVerdict) -> str:
        return f"{reverse('web:claim', args=[item.claim_slug])}#{item.slug}"

    def item_pubdate(self, item: ListedVerdict) -> datetime:
        return item.last_updated

    def item_updateddate(self, item: ListedVerdict) -> datetime:
        return item.last_updated

    def item_author_name(self, item: ListedVerdict) -> str | None:
        return item.publisher["name"] if item.publisher else None


class LatestVerdictsAtom(LatestVerdicts):
    feed_type = Atom1Feed
    subtitle = LatestVerdicts.description

    def item_pubdate(self, item: ListedVerdict) -> datetime:
        return item.first_published


class SpeakerVerdicts(LatestVerdicts):
    def get_object(self, request: HttpRequest, slug: str) -> SpeakerAddress:
        address = queries.speaker_at(slug)
        if address is not None and address.moved_to is not None:
            # A merged speaker's subscribers keep receiving the fact-checks of the one kept.
            address = queries.speaker_at(address.moved_to.slug)
        if address is None:
            raise Http404
        return address

    def title(self, obj: SpeakerAddress) -> str:  # type: ignore[override]
        return f"Fact-checks of {obj.speaker.name}"

    def link(self, obj: SpeakerAddress) -> str:  # type: ignore[override]
        return reverse("web:speaker", args=[obj.speaker.slug])

    def rows(self, obj: SpeakerAddress) -> QuerySet[Any]:
        return queries.verdict_index().filter(speaker_id__in=obj.ids)


class TopicVerdicts(LatestVerdicts):
    def get_object(self, request: HttpRequest, slug: str) -> Any:
        topic = queries.topics().filter(slug=slug).first()
        if topic is None:
            raise Http404
        return topic

    def title(self, obj: Any) -> str:  # type: ignore[override]
        return f"Fact-checks on {obj.name}"

    def link(self, obj: Any) -> str:  # type: ignore[override]
        return reverse("web:topic", args=[obj.slug])

    def rows(self, obj: Any) -> QuerySet[Any]:
        return queries.verdict_index().filter(claim__topics__contains=[obj.pk])
