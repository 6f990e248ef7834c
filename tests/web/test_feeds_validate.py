"""Feeds that validate: the Atom feed meets every MUST of RFC 4287 (4.1.1, 4.1.2) with
our verdicts, another publisher's review, a corrected and a retracted verdict in it; RSS
items carry an absolute guid that is an id; titles and descriptions are plain text that
comes back as written after one XML parse and never as markup; a correction or a
retraction updates its entry under the same id; nothing unpublished is in any feed; and a
feed costs the same queries however long it is.

Parsed with xml.etree; validated against RFC 4287's RELAX NG schema with lxml; read
back with feedparser, as feed readers do."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from claims import services
from claims.models import Speaker, Topic
from claims.models.revision import RevisionKind
from claims.services import revisions
from tests import factories
from tests.conftest import MARKER

pytestmark = pytest.mark.django_db

A = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
PAYLOAD = '<a href="javascript:alert(1)">x</a>'
HOSTILE_CLAIM = f'The minister said {PAYLOAD} & "more" <script>alert(2)</script>'
HOSTILE_SUMMARY = f"We checked {PAYLOAD} & <b>bold</b> words."
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
PUBLISHER = "The Test Newsroom"


@pytest.fixture(autouse=True)
def publisher_name(settings: Any) -> None:
    settings.FACTCHECK_PUBLISHER_NAME = PUBLISHER


def _get(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return bytes(response.content)


def _atom(client: Client) -> ET.Element:
    return ET.fromstring(_get(client, reverse("web:feed-atom")))


def _rss(client: Client, url: str | None = None) -> ET.Element:
    return ET.fromstring(_get(client, url or reverse("web:feed-rss")))


def _moment(text: str | None) -> datetime:
    assert text
    assert RFC3339.match(text), text  # RFC 4287 3.3: an RFC 3339 date-time
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _absolute(iri: str | None) -> bool:
    parts = urlsplit(iri or "")
    return (parts.scheme in ("http", "https") and bool(parts.netloc)) or parts.scheme == "tag"


def _ago(days: int) -> datetime:
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def kinds(editor: Any, editor2: Any) -> dict[str, Any]:
    """A feed with one of each: ours (hostile words), another publisher's review in their
    wording, one of ours corrected (a new rating) and one retracted."""
    ours = factories.make_verdict(
        status="published",
        published_at=_ago(5),
        claim=factories.make_claim(text=HOSTILE_CLAIM, slug="hostile-claim"),
        headline="Our headline",
        summary=HOSTILE_SUMMARY,
        rating=factories.rating("false"),
    )
    outlet = factories.make_outlet(name="Vérif Check", kind="fact_checker")
    theirs = factories.make_verdict(
        status="published",
        published_at=_ago(4),
        publisher=outlet,
        external_url="https://verif.example.org/review/1",
        claim=factories.make_claim(text="Our wording of the claim.", slug="their-claim"),
        claim_reviewed="Their wording of the claim.",
        headline="XXXXXXXXXXX: Faux",
        rating=factories.rating("pants-on-fire"),
    )
    corrected = factories.make_verdict(
        status="published",
        published_at=_ago(3),
        claim=factories.make_claim(text="Barley output doubled.", slug="barley"),
        rating=factories.rating("false"),
    )
    services.verdict_correct(
        verdict=corrected,
        user=editor,
        expected_version=factories.version(corrected),
        note="New data from the ministry.",
        changes={"rating": factories.rating("half-true")},
    )
    factories.publish_proposal(corrected, editor2)
    retracted = factories.make_verdict(
        status="published",
        published_at=_ago(2),
        claim=factories.make_claim(text="Rye output halved.", slug="rye"),
        headline="Rye headline",
        rating=factories.rating("true"),
    )
    services.verdict_retract(verdict=retracted, user=editor, note="The data was forged.")
    return {"ours": ours, "theirs": theirs, "corrected": corrected, "retracted": retracted}


def _entry_id(client: Client, verdict: Any) -> str:
    """The claim page's absolute address, at the site's address (FACTCHECK_SITE_URL)
    whatever host the test client names, with the verdict's slug as fragment."""
    page = reverse("web:claim", args=[verdict.claim.slug]).removeprefix("/")
    return f"{settings.FACTCHECK_SITE_URL}{page}#{verdict.slug}"


def _only(element: ET.Element, tag: str) -> ET.Element:
    found = element.findall(tag)
    assert len(found) == 1, (tag, len(found))
    return found[0]


def _at_most_one(element: ET.Element, *tags: str) -> None:
    for tag in tags:
        assert len(element.findall(tag)) <= 1, tag


def _one_alternate_per_type(element: ET.Element) -> None:
    alternates = Counter(
        (link.get("type"), link.get("hreflang"))
        for link in element.findall(f"{A}link")
        if link.get("rel", "alternate") == "alternate"
    )
    assert all(count == 1 for count in alternates.values()), alternates


def _person(person: ET.Element) -> str:
    name = _only(person, f"{A}name").text or ""  # RFC 4287 3.2.1: exactly one name
    assert name.strip()
    return name


def _plain_text(construct: ET.Element) -> str:
    """A text construct of type text (RFC 4287 3.1.1.1): no markup, shown as it is."""
    assert construct.get("type", "text") == "text"
    assert len(construct) == 0
    return construct.text or ""


def _check_atom(feed: ET.Element) -> dict[str, ET.Element]:
    """Every MUST of RFC 4287 4.1.1 (atom:feed) and 4.1.2 (atom:entry); the entries by id."""
    assert feed.tag == f"{A}feed"
    # 4.1.1: exactly one id, title and updated; at most one of the singular elements.
    assert _absolute(_only(feed, f"{A}id").text)
    assert _plain_text(_only(feed, f"{A}title"))
    updated = _moment(_only(feed, f"{A}updated").text)
    _at_most_one(feed, f"{A}generator", f"{A}icon", f"{A}logo", f"{A}rights", f"{A}subtitle")
    _one_alternate_per_type(feed)
    assert [link.get("rel") for link in feed.findall(f"{A}link")].count("self") == 1  # SHOULD
    assert all(_absolute(link.get("href")) for link in feed.findall(f"{A}link"))
    feed_authors = feed.findall(f"{A}author")
    entries = feed.findall(f"{A}entry")
    # 4.1.1: one or more authors, unless every entry has one. Both, here: the feed names
    # us, and every entry its own publisher.
    assert len(feed_authors) == 1
    assert _person(feed_authors[0]) == PUBLISHER
    by_id: dict[str, ET.Element] = {}
    for entry in entries:
        # 4.1.2: exactly one id, title, updated; authors; content or an alternate link.
        entry_id = _only(entry, f"{A}id").text or ""
        assert _absolute(entry_id), entry_id
        assert entry_id not in by_id
        by_id[entry_id] = entry
        assert _plain_text(_only(entry, f"{A}title"))
        entry_updated = _moment(_only(entry, f"{A}updated").text)
        assert entry_updated <= updated
        authors = entry.findall(f"{A}author")
        assert len(authors) == 1
        _person(authors[0])
        _at_most_one(
            entry, f"{A}content", f"{A}published", f"{A}rights", f"{A}source", f"{A}summary"
        )
        alternates = [
            link
            for link in entry.findall(f"{A}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        assert entry.find(f"{A}content") is not None or alternates
        assert all(_absolute(link.get("href")) for link in alternates)
        _one_alternate_per_type(entry)
        published = entry.find(f"{A}published")
        if published is not None:
            assert _moment(published.text) <= entry_updated
        summary = entry.find(f"{A}summary")
        if summary is not None:
            assert summary.get("type", "text") in ("text", "html")
    # The feed's updated is its newest entry's.
    if entries:
        assert updated == max(_moment(e.findtext(f"{A}updated")) for e in entries)
    return by_id


def test_the_atom_feed_meets_every_must_of_rfc_4287(client, kinds):
    entries = _check_atom(_atom(client))
    assert set(entries) == {_entry_id(client, v) for v in kinds.values()}
    authors = {
        name: entries[_entry_id(client, v)].findtext(f"{A}author/{A}name")
        for name, v in kinds.items()
    }
    assert authors == {
        "ours": PUBLISHER,
        "theirs": "Vérif Check",
        "corrected": PUBLISHER,
        "retracted": PUBLISHER,
    }


# RFC 4287's Appendix B grammar (tests/web/schemas/atom.rnc), converted to XML syntax
# with rnc2rng (tests/web/schemas/README.md). Its two Schematron rules (authors, and an
# alternate link or content per entry) are not RELAX NG: _check_atom asserts them.
ATOM_SCHEMA = Path(__file__).parent / "schemas" / "atom.rng"


@pytest.mark.parametrize("with_entries", [True, False], ids=["every kind", "empty"])
def test_the_atom_feed_validates_against_the_rfc_4287_relax_ng_schema(
    client, request, with_entries
):
    if with_entries:
        request.getfixturevalue("kinds")
    schema = etree.RelaxNG(etree.parse(str(ATOM_SCHEMA)))
    feed = etree.fromstring(_get(client, reverse("web:feed-atom")))
    assert schema.validate(feed), schema.error_log
    assert len(feed.findall(f"{A}entry")) == (4 if with_entries else 0)


def test_an_empty_atom_feed_is_valid_too(client, db):
    feed = _atom(client)
    assert _check_atom(feed) == {}


def test_each_entry_says_what_the_public_pages_say(client, kinds):
    entries = _check_atom(_atom(client))

    def entry(name: str) -> ET.Element:
        return entries[_entry_id(client, kinds[name])]

    def dates(name: str) -> tuple[datetime, datetime]:
        found = entry(name)
        return _moment(found.findtext(f"{A}published")), _moment(found.findtext(f"{A}updated"))

    assert entry("ours").findtext(f"{A}title") == f"False: {HOSTILE_CLAIM}"
    # Their rating and the claim in their words, not their headline.
    assert entry("theirs").findtext(f"{A}title") == "Pants on Fire: Their wording of the claim."
    their_summary = html.unescape(entry("theirs").findtext(f"{A}summary") or "")
    assert their_summary.startswith("Vérif Check: XXXXXXXXXXX: Faux")
    # The corrected rating, and the correction's note and date.
    assert entry("corrected").findtext(f"{A}title") == "Half True: Barley output doubled."
    corrected_summary = html.unescape(entry("corrected").findtext(f"{A}summary") or "")
    today = timezone.localdate().strftime("%-d %B %Y")
    assert f"Correction on {today}: New data from the ministry." in corrected_summary
    assert entry("retracted").findtext(f"{A}title") == "Retracted: Rye output halved."
    retracted_summary = html.unescape(entry("retracted").findtext(f"{A}summary") or "")
    assert retracted_summary.startswith(f"Retracted on {today}: The data was forged.")
    # published: the first publication; updated: the latest public revision.
    published, updated = dates("ours")
    assert published == updated
    assert published.date() == _ago(5).date()
    for name, days in (("corrected", 3), ("retracted", 2)):
        published, updated = dates(name)
        assert published.date() == _ago(days).date()
        assert updated > published
        assert updated.date() == timezone.now().date()


def test_rss_items_carry_an_absolute_guid_that_is_an_id(client, kinds):
    rss = _rss(client)
    channel = _only(rss, "channel")
    for tag in ("title", "link", "description"):  # RSS 2.0's required channel elements
        assert (channel.findtext(tag) or "").strip(), tag
    items = list(channel.iter("item"))
    assert len(items) == 4
    guids = []
    for item in items:
        guid = _only(item, "guid")
        assert guid.get("isPermaLink") == "false"
        assert _absolute(guid.text)
        guids.append(guid.text or "")
        assert _absolute(item.findtext("link"))
        assert (guid.text or "").startswith(item.findtext("link") or "")
        parsedate_to_datetime(item.findtext("pubDate"))  # RFC 822, as RSS 2.0 requires
        # RSS 2.0's author is an e-mail address; none is known, so no author at all.
        assert item.find("author") is None
        assert item.find(f"{DC}creator") is None
    assert sorted(guids) == sorted(_entry_id(client, v) for v in kinds.values())
    # pubDate is the latest revision's: a correction or retraction reaches readers.
    by_guid = {item.findtext("guid"): item for item in items}
    corrected = by_guid[_entry_id(client, kinds["corrected"])]
    pub_date = parsedate_to_datetime(corrected.findtext("pubDate"))
    assert pub_date.date() == timezone.now().date()
    assert "Vérif Check" in (
        by_guid[_entry_id(client, kinds["theirs"])].findtext("description") or ""
    )


def test_titles_and_descriptions_are_plain_text_escaped_once(client, kinds):
    rss_raw = _get(client, reverse("web:feed-rss")).decode()
    atom_raw = _get(client, reverse("web:feed-atom")).decode()
    rss = ET.fromstring(rss_raw)
    atom = ET.fromstring(atom_raw)
    ours = _entry_id(client, kinds["ours"])
    rss_item = next(i for i in rss.iter("item") if i.findtext("guid") == ours)
    atom_entry = next(e for e in atom.iter(f"{A}entry") if e.findtext(f"{A}id") == ours)
    # One XML parse gives the claim back, character for character.
    assert rss_item.findtext("title") == f"False: {HOSTILE_CLAIM}"
    assert atom_entry.findtext(f"{A}title") == f"False: {HOSTILE_CLAIM}"
    # Never markup: an Atom title is text (no type attribute), and RSS writes the markup
    # characters of plain text as the hexadecimal references aggregators read as text.
    assert _only(atom_entry, f"{A}title").get("type") is None
    assert '<a href="javascript' not in rss_raw + atom_raw
    assert "&lt;a href" not in rss_raw
    assert "&#x3C;a href=" in rss_raw
    # Descriptions: HTML to readers, whose text is our plain text, escaped, so no markup
    # survives the XML parse, and the HTML shows the words as written.
    for description in (
        rss_item.findtext("description") or "",
        atom_entry.findtext(f"{A}summary") or "",
    ):
        assert "<" not in description
        assert html.unescape(description) == f"Our headline — {HOSTILE_SUMMARY}"
    assert _only(atom_entry, f"{A}summary").get("type") == "html"


def test_a_claim_with_control_characters_and_line_breaks_is_one_plain_line(client, db):
    factories.make_verdict(
        status="published",
        claim=factories.make_claim(text="First line\r\nsecond\x0bline\x1b."),
        summary="A\nsummary.",
        rating=factories.rating("true"),
    )
    for root in (_rss(client), _atom(client)):
        titles = [t.text for t in root.iter() if t.tag.endswith("title")]
        assert "True: First line secondline." in titles


def test_a_correction_then_a_retraction_update_the_same_entry(client, editor, editor2):
    verdict = factories.make_verdict(
        status="published",
        published_at=_ago(10),
        claim=factories.make_claim(text="Oat output tripled.", slug="oats"),
        rating=factories.rating("false"),
    )
    entry_id = _entry_id(client, verdict)

    def read() -> tuple[str, datetime, datetime, str]:
        feed = _atom(client)
        [entry] = _check_atom(feed).values()
        assert entry.findtext(f"{A}id") == entry_id
        rss_item = next(_rss(client).iter("item"))
        assert rss_item.findtext("guid") == entry_id
        return (
            entry.findtext(f"{A}title") or "",
            _moment(entry.findtext(f"{A}updated")),
            _moment(feed.findtext(f"{A}updated")),
            rss_item.findtext("pubDate") or "",
        )

    title, updated, feed_updated, pub_date = read()
    assert title == "False: Oat output tripled."
    assert updated == feed_updated
    assert updated.date() == _ago(10).date()

    services.verdict_correct(
        verdict=verdict,
        user=editor,
        expected_version=factories.version(verdict),
        note="We misread a table.",
        changes={"rating": factories.rating("mostly-false")},
    )
    assert read()[0] == title  # proposed only: readers see nothing yet
    factories.publish_proposal(verdict, editor2)
    corrected_title, corrected, feed_updated, corrected_pub_date = read()
    assert corrected_title == "Mostly False: Oat output tripled."
    assert corrected > updated
    assert feed_updated == corrected
    assert corrected_pub_date != pub_date

    services.verdict_retract(verdict=verdict, user=editor, note="The table was forged.")
    retracted_title, retracted, feed_updated, _ = read()
    assert retracted_title == "Retracted: Oat output tripled."
    assert retracted >= corrected
    assert feed_updated == retracted


def _every_feed() -> list[str]:
    urls = [reverse("web:feed-rss"), reverse("web:feed-atom")]
    urls += [
        reverse("web:feed-speaker", args=[s])
        for s in Speaker.objects.values_list("slug", flat=True)
    ]
    urls += [
        reverse("web:feed-topic", args=[t]) for t in Topic.objects.values_list("slug", flat=True)
    ]
    return urls


def test_no_planted_draft_reaches_any_feed(client, planted):
    served = 0
    for url in _every_feed():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        body = response.content.decode()
        assert MARKER not in body, url
        if response.status_code == 200:
            served += 1
            ET.fromstring(response.content)
    assert served > 4
    # The planted speaker and topic have only unpublished work: no feed at all.
    for url in (
        reverse("web:feed-speaker", args=["zqx-speaker"]),
        reverse("web:feed-topic", args=["zqx-topic"]),
    ):
        assert client.get(url).status_code == 404, url


def _add(count: int, speaker: Any, topic: Any, outlet: Any, editor: Any) -> None:
    """``count`` claims, each with one of ours and another publisher's review; every
    other one of ours corrected, every third retracted."""
    for n in range(count):
        claim = factories.make_claim(speaker=speaker)
        claim.topics.add(topic)
        ours = factories.make_verdict(status="published", claim=claim, published_at=_ago(2))
        factories.make_verdict(
            status="published",
            claim=claim,
            publisher=outlet,
            external_url=f"https://other.example.org/{claim.slug}",
            claim_reviewed=f"Their words {n}",
        )
        if n % 3 == 0:
            services.verdict_retract(verdict=ours, user=editor, note="Retracted.")
        elif n % 2 == 0:
            revisions.revision_from_working_copy(
                verdict=ours, kind=RevisionKind.CORRECTION, note="A correction."
            )


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/verdicts.rss",
        "/feeds/verdicts.atom",
        "/feeds/speakers/feed-speaker.rss",
        "/feeds/topics/feed-topic.rss",
    ],
)
def test_a_feed_costs_the_same_queries_however_many_entries(url, client, editor):
    speaker = factories.make_speaker(slug="feed-speaker")
    topic = services.topic_create(user=editor, name="Feed topic", slug="feed-topic")
    outlet = factories.make_outlet(kind="fact_checker")
    _add(1, speaker, topic, outlet, editor)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        short = _get(client, url)
    _add(6, speaker, topic, outlet, editor)
    with CaptureQueriesContext(connection) as many:
        long = _get(client, url)
    assert len(many) == len(few), url
    assert long.count(b"/claims/") > short.count(b"/claims/") >= 2


@pytest.mark.parametrize("name", ["feed-rss", "feed-atom"])
def test_a_feed_reader_reads_every_entry_as_we_wrote_it(client, kinds, name):
    """feedparser, as feed readers parse: well-formed, each entry with its absolute link
    and id, its date, and the hostile claim as plain words, never as markup."""
    parsed = feedparser.parse(_get(client, reverse(f"web:{name}")))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == 4
    for entry in parsed.entries:
        assert _absolute(entry.link)
        assert _absolute(entry.id)
        assert entry.get("updated_parsed") or entry.get("published_parsed")
    titles = [entry.title for entry in parsed.entries]
    assert any(HOSTILE_CLAIM in title for title in titles)
    assert "Retracted: Rye output halved." in titles
    assert any("Their wording of the claim." in title for title in titles)
    assert len({entry.id for entry in parsed.entries}) == 4
