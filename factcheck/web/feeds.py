"""RSS and Atom: the latest public verdicts, per speaker and per topic, as published (the
public index and the revisions it serves).

What an entry says, in both formats:

- its title: "<rating label>: <the claim as published>" for ours, "<their rating label>:
  <the claim as they reviewed it>" for another publisher's review, "Retracted: <the
  claim>" once retracted, as every public list shows it;
- its description: the headline and summary (another publisher's named first), then the
  retraction notice or the latest correction, update or clarification with its date;
- its id (Atom ``id``, RSS ``guid``): the claim page's absolute address (at
  ``FACTCHECK_SITE_URL``, whatever host the feed was asked from) with the verdict's slug
  as fragment. Both are fixed once published (a verdict's claim and slug cannot
  change, the claim's public address never moves), so the id survives corrections and
  retractions and a reader updates the entry it has instead of adding one;
- its dates: Atom keeps the first publication as ``published`` and the latest public
  revision as ``updated``; RSS has one date per item, ``pubDate``, the latest revision's,
  so that a correction reaches readers who follow the feed;
- its author: in Atom, ours (``FACTCHECK_PUBLISHER_NAME``) or their publisher. RSS 2.0's
  ``author`` is an e-mail address, which neither has: RSS items carry no author (no
  ``dc:creator`` either) and another publisher's name is in the description.

Texts are plain. Titles are written as text, escaped once: one XML parse gives the words
back, whatever they hold. Atom titles are text constructs (no ``type``: text, which a
reader never renders as markup); in RSS, where readers guess, "&", "<" and ">" are written
as hexadecimal character references, the form the RSS Best Practices Profile recommends
for plain text because aggregators read it as text. Descriptions are HTML to readers (RSS
defines them so, Atom's summary says ``type="html"``): the plain text, HTML-escaped, so
that they show the words and never run markup."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.feedgenerator import (
    Atom1Feed,
    Rss201rev2Feed,
    SyndicationFeed,
    rfc2822_date,
)
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.translation import get_language, gettext, gettext_lazy
from django.utils.xmlutils import SimplerXMLGenerator, UnserializableContentError

from claims.choices import CorrectionKind
from claims.selectors import public as queries
from claims.selectors.public import ListedVerdict, SpeakerAddress
from factcheck.base.http import site_url
from factcheck.i18n.languages import original_url

LENGTH = 30

# What XML 1.0 cannot carry: the writer refuses it, and one such character in one claim
# would fail the whole feed.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A title or description is one line; an XML parser would also turn a "\r" into "\n".
_BREAKS = re.compile(r"\s*[\r\n\t\x85\u2028\u2029]+\s*")
_HEX = str.maketrans({"&": "&#x26;", "<": "&#x3C;", ">": "&#x3E;"})


def plain(text: str) -> str:
    """``text`` as one line XML can carry, its words otherwise as they are."""
    return _BREAKS.sub(" ", _NOT_XML.sub("", text)).strip()


def _day(moment: datetime) -> str:
    """In the feed's language's long form ("9 October 2025", "9 de octubre de 2025")."""
    return date_format(timezone.localtime(moment), get_format("DATE_FORMAT"))


@dataclass(frozen=True)
class Channel:
    """What a feed is of (``subject``: a speaker's address, a topic, or None for every
    public verdict), with the request. Absolute addresses are the site's
    (``FACTCHECK_SITE_URL``), never the request's host: ids stay the same however the
    feed is reached."""

    request: HttpRequest
    subject: Any = None

    def absolute(self, path: str) -> str:
        return site_url(path)


@dataclass(frozen=True)
class Entry:
    """A public verdict in a feed: as served, with its latest revision's kind and note."""

    verdict: ListedVerdict
    revision_kind: str
    revision_note: str
    page: str  # the claim page's absolute address, in the feed's language
    original: str = ""  # the claim page's address at the root, whatever the feed's language

    @property
    def id(self) -> str:
        return f"{self.original or self.page}#{self.verdict.slug}"

    @property
    def claim_text(self) -> str:
        """The claim as published; another publisher's review, in their wording."""
        verdict = self.verdict
        theirs = "" if verdict.is_ours else str(verdict.verdict.get("claim_reviewed") or "")
        return theirs or str(verdict.document["claim"]["text"])

    @property
    def title(self) -> str:
        verdict = self.verdict
        if verdict.retraction is not None:
            label = gettext("Retracted")
        else:
            # As published, in the feed's language where the revision has it in that one.
            label = queries.rating_label(verdict.rating, get_language())
        claim = plain(self.claim_text)
        return f"{plain(label)}: {claim}" if label else claim

    @property
    def author(self) -> str:
        publisher = self.verdict.publisher
        return str(publisher["name"]) if publisher else settings.FACTCHECK_PUBLISHER_NAME

    @property
    def description(self) -> str:
        verdict = self.verdict
        parts = []
        retraction = verdict.retraction
        if retraction is not None:
            if retraction["at"]:
                said = gettext("Retracted on %(date)s: %(note)s") % {
                    "date": _day(retraction["at"]),
                    "note": retraction["note"],
                }
            else:
                said = gettext("Retracted: %(note)s") % {"note": retraction["note"]}
            parts.append(said)
        headline = verdict.headline
        if not verdict.is_ours:
            headline = f"{self.author}: {headline}" if headline else self.author
        parts += [headline, verdict.summary]
        if self.revision_kind in CorrectionKind.values:
            label = gettext(CorrectionKind(self.revision_kind).label)
            parts.append(
                gettext("%(kind)s on %(date)s: %(note)s")
                % {"kind": label, "date": _day(verdict.last_updated), "note": self.revision_note}
            )
        return " — ".join(p for p in (plain(part) for part in parts) if p)


class _PlainTextWriter(SimplerXMLGenerator):
    """Character data with "&", "<" and ">" as hexadecimal character references (RSS Best
    Practices Profile, "Character data"); a description, HTML, is written by
    SimplerXMLGenerator.characters, as usual."""

    def characters(self, content: str) -> None:
        if content and _NOT_XML.search(content):
            raise UnserializableContentError("Control characters are not supported in XML 1.0")
        # The references are the escaping, written as they are (XMLGenerator would escape
        # their "&" again): ignorableWhitespace writes its content unchanged.
        self.ignorableWhitespace(content.translate(_HEX))


class _Rss(Rss201rev2Feed):
    """RSS 2.0 with plain-text titles, HTML descriptions, the date of the latest revision
    and a guid that is an id (``isPermaLink="false"``), and no author element (RSS wants
    an e-mail address)."""

    def write(self, outfile: Any, encoding: Any) -> None:
        # Django's RssFeed.write, with the plain-text writer.
        handler = _PlainTextWriter(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("rss", self.rss_attributes())  # type: ignore[arg-type]
        handler.startElement("channel", self.root_attributes())  # type: ignore[arg-type]
        self.add_root_elements(handler)
        self.write_items(handler)
        self.endChannelElement(handler)
        handler.endElement("rss")

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        handler.addQuickElement("title", item["title"])
        handler.addQuickElement("link", item["link"])
        handler.startElement("description", {})  # type: ignore[arg-type]
        SimplerXMLGenerator.characters(handler, item["description"])  # HTML: escaped as usual
        handler.endElement("description")
        handler.addQuickElement("pubDate", rfc2822_date(item["pubdate"]))
        handler.addQuickElement("guid", item["unique_id"], {"isPermaLink": "false"})


class LatestVerdicts(Feed):
    feed_type: type[SyndicationFeed] = _Rss
    # Each language's feed (/ar/feeds/verdicts.rss…) speaks it; its entries link to the
    # pages in it, their ids stay the pages' addresses at the root.
    title = gettext_lazy("Latest fact-checks")
    description = gettext_lazy("The latest published verdicts, ours and other fact-checkers'.")

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Channel:
        return Channel(request)

    def link(self, obj: Channel) -> str:
        return obj.absolute(reverse("web:home"))

    def feed_guid(self, obj: Channel) -> str:
        return obj.absolute(obj.request.path)

    def feed_url(self, obj: Channel) -> str:
        # The feed's own address (Atom's rel="self"): Django would take the request's host.
        return obj.absolute(obj.request.path)

    def author_name(self, obj: Channel) -> str:
        return settings.FACTCHECK_PUBLISHER_NAME

    def rows(self, obj: Channel) -> QuerySet[Any]:
        return queries.verdict_index()

    def items(self, obj: Channel) -> list[Entry]:
        rows = list(self.rows(obj)[:LENGTH])
        return [
            Entry(
                verdict=verdict,
                revision_kind=row.revision.kind,
                revision_note=row.revision.note,
                page=obj.absolute(reverse("web:claim", args=[verdict.claim_slug])),
                original=original_url("web:claim", verdict.claim_slug),
            )
            for row, verdict in zip(rows, queries.listed_verdicts(rows), strict=True)
        ]

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        # HTML to a feed reader: the plain text, escaped, shows as it is.
        return escape(item.description)

    def item_link(self, item: Entry) -> str:
        return item.page

    def item_guid(self, item: Entry) -> str:
        return item.id

    def item_guid_is_permalink(self, item: Entry) -> bool:
        return False

    def item_pubdate(self, item: Entry) -> datetime:
        return item.verdict.last_updated

    def item_updateddate(self, item: Entry) -> datetime:
        return item.verdict.last_updated

    def item_author_name(self, item: Entry) -> str | None:
        return None


class LatestVerdictsAtom(LatestVerdicts):
    feed_type = Atom1Feed
    subtitle = LatestVerdicts.description

    def item_pubdate(self, item: Entry) -> datetime:
        return item.verdict.first_published

    def item_author_name(self, item: Entry) -> str | None:
        return item.author


class SpeakerVerdicts(LatestVerdicts):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Channel:
        address = queries.speaker_at(kwargs["slug"])
        if address is not None and address.moved_to is not None:
            # A merged speaker's subscribers keep receiving the fact-checks of the one kept.
            address = queries.speaker_at(address.moved_to.slug)
        if address is None:
            raise Http404
        return Channel(request, address)

    def title(self, obj: Channel) -> str:  # type: ignore[override]
        address: SpeakerAddress = obj.subject
        return gettext("Fact-checks of %(speaker)s") % {"speaker": plain(address.speaker.name)}

    def link(self, obj: Channel) -> str:
        return obj.absolute(reverse("web:speaker", args=[obj.subject.speaker.slug]))

    def rows(self, obj: Channel) -> QuerySet[Any]:
        return queries.verdict_index().filter(speaker_id__in=obj.subject.ids)


class TopicVerdicts(LatestVerdicts):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Channel:
        topic = queries.topics().filter(slug=kwargs["slug"]).first()
        if topic is None:
            raise Http404
        return Channel(request, topic)

    def title(self, obj: Channel) -> str:  # type: ignore[override]
        return gettext("Fact-checks on %(topic)s") % {"topic": plain(obj.subject.name)}

    def link(self, obj: Channel) -> str:
        return obj.absolute(reverse("web:topic", args=[obj.subject.slug]))

    def rows(self, obj: Channel) -> QuerySet[Any]:
        return queries.verdict_index().filter(claim__topics__contains=[obj.subject.pk])
