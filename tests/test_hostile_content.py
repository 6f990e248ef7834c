"""Hostile content: XSS payloads in every field an editor or a reader can fill in are shown
escaped or sanitised on every page, feed, API answer and admin view, and run nowhere.

The payloads are written straight to the database, as if they had slipped past every
form: what is tested is the output, whatever got in."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from claims import services
from claims.models import AboutSection, Correction, ReaderSuggestion, Topic, Verdict
from tests import factories
from tests.test_leak_crawler import crawl

pytestmark = [pytest.mark.django_db, pytest.mark.heavy, pytest.mark.usefixtures("unthrottled")]

PAYLOADS = [
    "<script>window.xss=1</script>",
    '"><img src=x onerror="window.xss=1">',
    "'><svg onload=window.xss=1>",
    "</script><script>window.xss=1</script>",
    '<a href="javascript:window.xss=1">click</a>',
    "[click](javascript:window.xss=1)",
    "<iframe src=javascript:window.xss=1></iframe>",
    "<style>body{display:none}</style>",
    "{{ request }} {% debug %}",
]
HOSTILE = "XSSPAYLOAD " + " ".join(PAYLOADS)
# The database takes only http(s) addresses (named constraints), so a hostile address is
# one that tries to break out of the attribute it is written into.
BAD_URL = 'https://evil.example/"><script>window.xss=1</script><svg/onload=window.xss=1>'


# What must never reach a browser as markup, found by parsing the page as a browser would.
class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") and "xss" in value:
                self.problems.append(f"<{tag} {name}=…>")
            if name in {"href", "src", "action", "formaction"} and value.startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:…>")
        if tag in {"iframe", "object", "embed"}:
            self.problems.append(f"<{tag}>")
        # JSON(-LD) is data, not script: its blocks are checked by parsing them as JSON.
        data = {("type", "application/ld+json"), ("type", "application/json")}
        self._in = None if data & set(attrs) else tag

    def handle_data(self, data: str) -> None:
        if self._in in {"script", "style"} and ("xss" in data or "display:none" in data):
            self.problems.append(f"<{self._in}> holding the payload")


def dangerous(html: str) -> list[str]:
    parser = _Markup()
    parser.feed(html)
    return parser.problems


JSON_LD = re.compile(r'<script[^>]*type="application/(?:ld\+)?json"[^>]*>(.*?)</script>', re.S)


@pytest.fixture
def hostile(seed: Any, editor: Any) -> dict[str, Any]:
    speaker = factories.make_speaker(
        name=f"Speaker {HOSTILE}"[:200],
        slug="hostile-speaker",
        title=HOSTILE[:200],
        affiliation=HOSTILE[:200],
        description=HOSTILE,
    )
    outlet = factories.make_outlet(
        name=f"Outlet {HOSTILE}"[:200], slug="hostile-outlet", description=HOSTILE, url=BAD_URL
    )
    article = factories.make_article(
        title=HOSTILE[:300],
        slug="hostile-article",
        outlet=outlet,
        byline=HOSTILE[:200],
        text=f"Before. {HOSTILE} After.",
        url=BAD_URL,
    )
    topic = Topic.objects.create(name="Hostile topic", slug="hostile-topic", description=HOSTILE)
    claim = factories.make_claim(
        text=HOSTILE,
        quote=HOSTILE,
        context=HOSTILE,
        slug="hostile-claim",
        speaker=speaker,
        article=article,
        appeared_in=outlet,
        url=BAD_URL,
        archived_url=BAD_URL,
    )
    claim.topics.add(topic)
    verdict = factories.make_verdict(
        status="published",
        claim=claim,
        slug="hostile-verdict",
        headline=HOSTILE[:300],
        summary=HOSTILE,
        body=f"# Heading\n\n{HOSTILE}\n\n<script>window.xss=2</script>",
        speaker_response=HOSTILE,
    )
    verdict.verdict_sources.update(note=HOSTILE)
    source = verdict.verdict_sources.get().source
    type(source).objects.filter(pk=source.pk).update(
        title=HOSTILE[:500], publisher=HOSTILE[:200], url=BAD_URL, archived_url=BAD_URL
    )
    Correction.objects.create(verdict=verdict, note=HOSTILE, created_by=editor)
    for kind in AboutSection.Kind.values:
        AboutSection.objects.update_or_create(
            kind=kind, defaults={"title": f"About {kind}", "body": HOSTILE}
        )
    services.suggestion_submit(text=HOSTILE, seen_where=HOSTILE[:300], contact=HOSTILE[:200])
    return {"verdict": verdict, "claim": claim, "speaker": speaker, "article": article}


def _problems(url: str, body: str) -> list[str]:
    found = [f"{url}: {problem}" for problem in dangerous(body)]
    for block in JSON_LD.findall(body):
        try:
            json.loads(block)  # a payload that closed the block early would break it
        except ValueError:
            found.append(f"{url}: a JSON-LD block was broken open")
    return found


def test_every_public_page_shows_the_payloads_inert(hostile: Any) -> None:
    client = Client()
    starts = [
        "/",
        reverse("web:claim", args=["hostile-claim"]),
        reverse("web:speaker", args=["hostile-speaker"]),
        reverse("web:article", args=["hostile-article"]),
        reverse("web:outlet", args=["hostile-outlet"]),
        reverse("web:topic", args=["hostile-topic"]),
        reverse("web:about"),
        reverse("web:corrections"),
        reverse("web:search") + "?q=XSSPAYLOAD",
        reverse("web:search") + "?q=" + "%3Cscript%3Ewindow.xss%3D1%3C%2Fscript%3E",
    ]
    pages = crawl(client, starts, limit=400)
    html = {url: body for url, (status, body) in pages.items() if status == 200}
    claim_page = html[reverse("web:claim", args=["hostile-claim"])]
    assert "XSSPAYLOAD" in claim_page  # the content is there, as text
    assert "&lt;script&gt;window.xss=1&lt;/script&gt;" in claim_page
    problems = [p for url, body in html.items() for p in _problems(url, body)]
    assert problems == []


@pytest.mark.usefixtures("hostile")
def test_feeds_are_well_formed_and_their_html_is_inert() -> None:
    client = Client()
    for url in (
        "/feeds/verdicts.rss",
        "/feeds/verdicts.atom",
        "/feeds/speakers/hostile-speaker.rss",
    ):
        root = ET.fromstring(client.get(url).content)  # well-formed XML
        # Descriptions are HTML to a feed reader: after XML decoding, still escaped.
        # (Titles are plain text to readers, as RSS and Atom define them.)
        html = " ".join(
            element.text or ""
            for element in root.iter()
            if element.tag.rsplit("}", 1)[-1] in {"description", "summary", "content"}
        )
        assert "XSSPAYLOAD" in html, url
        assert dangerous(html) == [], url


def test_api_answers_are_json_with_the_payloads_as_data(hostile: Any) -> None:
    client = Client()
    for url in (
        "/api/v1/claims/?q=XSSPAYLOAD",
        "/api/v1/claims/hostile-claim/",
        "/api/v1/verdicts/hostile-verdict/",
        "/api/v1/verdicts/hostile-verdict.jsonld",
        "/api/v1/speakers/hostile-speaker/",
        "/api/v1/articles/hostile-article/",
        "/v1alpha1/claims:search?query=XSSPAYLOAD",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith(("application/json", "application/ld+json"))
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "XSSPAYLOAD" in json.dumps(response.json())
    rendered = client.get("/api/v1/verdicts/hostile-verdict/").json()
    body_html = rendered.get("body_html", "")
    assert dangerous(body_html) == []


def test_admin_views_show_the_payloads_inert(hostile: Any, editor: Any, login: Any) -> None:
    client = login(editor)
    verdict, claim = hostile["verdict"], hostile["claim"]
    suggestion = ReaderSuggestion.objects.get(text=HOSTILE)
    urls = [
        "/admin/",
        "/admin/queue/",
        reverse("admin:claims_claim_changelist") + "?q=XSSPAYLOAD",
        reverse("admin:claims_claim_change", args=[claim.pk]),
        reverse("admin:claims_verdict_changelist"),
        reverse("admin:claims_verdict_change", args=[verdict.pk]),
        reverse("admin:claims_speaker_change", args=[hostile["speaker"].pk]),
        reverse("admin:sources_article_change", args=[hostile["article"].pk]),
        reverse("admin:sources_source_changelist"),
        reverse("admin:claims_readersuggestion_changelist"),
        reverse("admin:claims_readersuggestion_change", args=[suggestion.pk]),
        reverse("admin:claims_aboutsection_changelist"),
    ]
    problems = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        problems += _problems(url, body)
    assert problems == []
    assert Verdict.objects.filter(pk=verdict.pk, headline__contains="XSSPAYLOAD").exists()
