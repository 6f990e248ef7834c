"""RSS and Atom: the latest public verdicts, per speaker and per topic."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from claims.selectors import public as queries

LENGTH = 30


class LatestVerdicts(Feed):
    title = "Latest fact-checks"
    description = "The latest published verdicts, ours and other fact-checkers'."

    def link(self) -> str:
        return reverse("web:home")

    def rows(self) -> Any:
        return queries.verdicts_with_claims()

    def items(self, obj: Any = None) -> Any:
        return self.rows().order_by("-published_at", "-pk")[:LENGTH]

    def item_title(self, item: Any) -> str:
        return f"{item.rating.label}: {item.headline}"

    def item_description(self, item: Any) -> str:
        # A description is HTML to a feed reader: the summary is plain text, so escape it.
        return escape(item.summary)

    def item_link(self, item: Any) -> str:
        return reverse("web:claim", args=[item.claim.slug])

    def item_guid(self, item: Any) -> str:
        return f"{reverse('web:claim', args=[item.claim.slug])}#{item.slug}"

    def item_pubdate(self, item: Any) -> Any:
        return item.published_at

    def item_author_name(self, item: Any) -> str | None:
        return item.publisher.name if item.publisher else None


class LatestVerdictsAtom(LatestVerdicts):
    feed_type = Atom1Feed
    subtitle = LatestVerdicts.description


class SpeakerVerdicts(LatestVerdicts):
    def get_object(self, request: HttpRequest, slug: str) -> Any:
        speaker = queries.speakers().filter(slug=slug).first()
        if speaker is None:
            raise Http404
        return speaker

    def title(self, obj: Any) -> str:  # type: ignore[override]
        return f"Fact-checks of {obj.name}"

    def link(self, obj: Any) -> str:  # type: ignore[override]
        return reverse("web:speaker", args=[obj.slug])

    def items(self, obj: Any = None) -> Any:
        return self.rows().filter(claim__speaker=obj).order_by("-published_at", "-pk")[:LENGTH]


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

    def items(self, obj: Any = None) -> Any:
        return self.rows().filter(claim__topics=obj).order_by("-published_at", "-pk")[:LENGTH]
