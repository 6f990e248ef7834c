"""Pages for people: error pages in the site's layout, HEAD wherever GET works, the
about page a fresh install ships, bylines as published, a CSV spreadsheets read, and
the accessibility defects issue 17 found."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import extruct
import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from claims import services
from claims.models import AboutSection, Verdict
from claims.selectors.newsroom import TO_COMPLETE, about_sections_to_complete
from claims.services.about_skeleton import SKELETON, about_skeleton_install
from tests import factories
from tests.conftest import MARKER
from tests.test_leak_crawler import _public_patterns, _schema_starts, crawl

LAYOUT = ('<header class="site">', 'name="viewport"', 'role="search"', 'href="/"')


def _layout(html: str) -> None:
    for piece in LAYOUT:
        assert piece in html, piece


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


# -- Error pages -------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_unknown_address_is_a_404_page_of_ours_with_search_and_a_way_home(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    _layout(html)
    assert "Page not found" in html
    # An unknown slug is the same page, and API callers still get JSON.
    _layout(client.get(reverse("web:claim", args=["no-such-claim"])).content.decode())
    api = client.get("/api/v1/no-such-thing/")
    assert api.status_code == 404
    assert api.json() == {"detail": "Not found."}


def test_the_500_page_renders_in_the_layout_when_the_database_is_unreachable():
    """No database here (pytest-django refuses every query outside ``db``): the outage
    middleware's first touch raises, and the 500 page must still be ours, rendered from
    settings alone (the plain fallback has no site header)."""
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    html = response.content.decode()
    _layout(html)
    assert "Something went wrong" in html
    assert "Traceback" not in html
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_a_taken_down_verdict_is_a_410_page_with_search_and_a_way_home(client):
    chief = factories.make_user(username="chief")
    chief.groups.add(Group.objects.get(name="Editor-in-chief"))
    verdict = factories.make_verdict(status="published")
    services.verdict_takedown(verdict=verdict, user=chief, note="Removed on a court order.")
    response = client.get(reverse("web:claim", args=[verdict.claim.slug]))
    assert response.status_code == 410
    html = response.content.decode()
    _layout(html)
    assert "Removed on a court order." in html


# -- HEAD wherever GET works -------------------------------------------------------------


@pytest.mark.usefixtures("unthrottled")
def test_every_public_page_answers_head_as_it_answers_get(seed):
    """Every public address a crawl of the seeded site reaches (pages, feeds, sitemap,
    robots.txt, the API's reads, the docs), and at least one of each public URL pattern:
    HEAD gives GET's status and type, and no body."""
    client = Client()
    starts = ["/", "/robots.txt", "/sitemap.xml", "/feeds/verdicts.atom", "/api/docs/"]
    starts += ["/$discovery/rest", "/v1alpha1/claims:search?query=Trump", "/suggest/"]
    # The crawl's own GETs are what each HEAD is compared with.
    types: dict[str, str] = {}
    seen = crawl(client, starts + _schema_starts(client), limit=400, types=types)
    answered = {url for url, (status, _) in seen.items() if status == 200}
    names = set()
    for url in sorted(answered):
        head = client.head(url)
        assert head.status_code == 200, url
        assert head["Content-Type"] == types[url], url
        assert not (b"".join(head.streaming_content) if head.streaming else head.content), url
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            continue
        names.add(f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name)
    # Patterns the crawl cannot reach from the seed (no link points there) or that are
    # not pages: the health check, the favicon's redirect, the schema file.
    unreached = set(_public_patterns()) - names - {"healthz", "web:favicon", "schema"}
    assert not unreached, unreached
    for url in ("/healthz", "/favicon.ico"):
        assert client.head(url).status_code == client.get(url).status_code, url


@pytest.mark.django_db
def test_head_is_refused_nowhere_get_is_allowed_and_post_stays_refused(client):
    assert client.head(reverse("web:search")).status_code == 200
    assert client.post(reverse("web:search")).status_code == 405
    assert client.post(reverse("web:about")).status_code == 405


# -- The about page a fresh install ships ------------------------------------------------


@pytest.mark.django_db
def test_a_fresh_install_has_every_ifcn_section_and_the_methodology(client):
    """The test database was built by the migrations, as every installation is."""
    assert set(AboutSection.objects.values_list("kind", flat=True)) == set(SKELETON)
    about = client.get(reverse("web:about")).content.decode()
    for title, _ in SKELETON.values():
        assert title in about
    assert "will be described here" not in about
    ratings = client.get(reverse("web:ratings")).content.decode()
    assert 'id="methodology"' in ratings
    assert "at least one editor who did not write" in ratings


@pytest.mark.django_db
def test_the_skeleton_never_overwrites_editors_text_and_fills_only_gaps(editor):
    funding = AboutSection.objects.get(kind="funding")
    services.about_section_update(
        section=funding,
        user=editor,
        expected_version=funding.version,
        changes={"body": "Funded by our readers."},
    )
    AboutSection.objects.filter(kind="contact").delete()
    assert about_skeleton_install() == ["contact"]
    assert about_skeleton_install() == []
    assert AboutSection.objects.get(kind="funding").body == "Funded by our readers."
    assert TO_COMPLETE in AboutSection.objects.get(kind="contact").body


@pytest.mark.django_db
def test_the_newsroom_is_reminded_while_about_sections_are_left_to_complete(
    editor, factchecker, login
):
    page = login(editor).get(reverse("admin:index")).content.decode()
    assert 'id="about-reminder"' in page
    assert "Funding and ownership" in page
    # Fact-checkers may not write the about page: no reminder for them.
    assert (
        'id="about-reminder"'
        not in login(factchecker).get(reverse("admin:index")).content.decode()
    )
    for section in AboutSection.objects.all():
        services.about_section_update(
            section=section,
            user=editor,
            expected_version=section.version,
            changes={"body": section.body.split(TO_COMPLETE)[0] + "Our own words."},
        )
    assert about_sections_to_complete() == []
    assert 'id="about-reminder"' not in login(editor).get(reverse("admin:index")).content.decode()
    AboutSection.objects.filter(kind="team").delete()
    assert about_sections_to_complete() == ["Team"]


# -- Bylines -----------------------------------------------------------------------------


def _named(user: Any, first: str, last: str) -> Any:
    # Straight to the row: the byline page's service is tests/test_byline.py's subject,
    # and its audit context would outlive it in this test's one transaction.
    type(user).objects.filter(pk=user.pk).update(first_name=first, last_name=last)
    return user


def _staff(username: str, role: str) -> Any:
    user = factories.make_user(username=username)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.mark.django_db
def test_bylines_as_published_on_the_page_in_the_api_and_in_claimreview(client):
    # Usernames no page would print by chance: a byline must never fall back to them.
    factchecker = _staff("osaleh_login", "Fact-checker")
    editor = _staff("lhaddad_login", "Editor")
    editor2 = _staff("other_login", "Editor")
    _named(factchecker, "Omar", "Saleh")
    _named(editor, "Lina", "Haddad")
    verdict = factories.make_verdict(author=factchecker)
    services.verdict_submit(verdict=verdict, user=factchecker)
    services.verdict_publish(
        verdict=verdict, user=editor, expected_version=factories.version(verdict)
    )
    # A draft by another named writer: its byline is nowhere public.
    _named(editor2, MARKER, "Writer")
    factories.make_verdict(author=editor2, headline=f"{MARKER} draft")
    # A later change of name does not change what was published.
    _named(factchecker, "O.", "S.")

    slug = verdict.claim.slug
    page = client.get(reverse("web:claim", args=[slug])).content.decode()
    assert "By <bdi>Omar Saleh</bdi>" in page
    assert "reviewed by <bdi>Lina Haddad</bdi>" in page
    [review] = extruct.extract(page, syntaxes=["json-ld"])["json-ld"]
    assert review["author"]["@type"] == "Organization"
    assert review["creator"] == {"@type": "Person", "name": "Omar Saleh"}
    assert review["editor"] == [{"@type": "Person", "name": "Lina Haddad"}]
    jsonld = client.get(reverse("api:verdict-claimreview", args=[verdict.slug])).json()
    assert jsonld["creator"] == review["creator"]
    assert jsonld["editor"] == review["editor"]
    served = client.get(reverse("api:verdict-detail", args=[verdict.slug])).json()
    assert (served["author"], served["reviewers"]) == ("Omar Saleh", ["Lina Haddad"])
    listed = client.get(reverse("api:claim-detail", args=[slug])).json()["verdicts"][0]
    assert (listed["author"], listed["reviewers"]) == ("Omar Saleh", ["Lina Haddad"])
    everything = page + json.dumps(jsonld) + json.dumps(served) + json.dumps(listed)
    for secret in (factchecker.username, editor.username, MARKER, "O. S."):
        assert secret not in everything, secret


# -- CSV for spreadsheets ----------------------------------------------------------------


def _csv(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_the_csv_starts_with_a_bom_for_spreadsheets_and_bom_0_leaves_it_out(client, seed):
    url = reverse("api:claim-list")
    with_bom = _csv(client.get(url, {"format": "csv"}))
    assert with_bom.startswith(b"\xef\xbb\xbf" + b"claim,")
    assert with_bom.decode("utf-8-sig").count("\ufeff") == 0  # once, at the start
    plain = _csv(client.get(url, {"format": "csv", "bom": "0"}))
    assert plain.startswith(b"claim,")
    assert plain == with_bom[3:]
    assert _csv(client.get(url, {"format": "csv", "bom": "1"})) == with_bom
    rows = list(csv.DictReader(io.StringIO(with_bom.decode("utf-8-sig"))))
    assert rows
    assert "claim" in rows[0]


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"format": "csv", "bom": "yes"}, "Must be 1"),
        ({"bom": "0"}, "Only with format=csv"),
        ({"format": "csv", "b0m": "0"}, "Unknown parameter"),
    ],
)
def test_a_bad_bom_is_a_400_naming_it(client, db, params, says):
    response = client.get(reverse("api:claim-list"), params)
    assert response.status_code == 400
    [(name, [message])] = response.json().items()
    assert name in params
    assert says in message


# -- Accessibility defects ---------------------------------------------------------------


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.described: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        self.described += (found.get("aria-describedby") or "").split()


@pytest.mark.django_db
def test_every_aria_describedby_on_the_suggestion_form_names_an_element(client):
    for response in (
        client.get(reverse("web:suggest")),
        client.post(reverse("web:suggest"), {"text": "", "contact": "x"}),
    ):
        parser = _Ids()
        parser.feed(response.content.decode())
        assert parser.described, "the form describes its fields"
        assert set(parser.described) <= parser.ids, set(parser.described) - parser.ids


@pytest.mark.django_db
def test_the_thanks_is_only_for_who_sent_a_suggestion(client):
    thanks = "reached our editors"
    assert thanks not in Client().get(reverse("web:suggest") + "?sent=1").content.decode()
    sent = client.post(reverse("web:suggest"), {"text": "Bus fares doubled."})
    assert sent.status_code == 302
    assert thanks in client.get(sent["Location"]).content.decode()
    assert thanks not in client.get(sent["Location"]).content.decode()  # said once


@pytest.mark.django_db
def test_the_api_docs_page_has_a_language(client):
    html = client.get(reverse("api-docs")).content.decode()
    assert re.search(r'<html lang="en"', html)


def test_a_correction_note_that_names_its_kind_is_not_preceded_by_it_again(client, seed):
    page = _text(client.get(reverse("web:corrections")).content.decode())
    assert "Update, 10 October 2025" in page
    assert "Update to" not in page  # the seed's two updates both open with their kind
    verdict = Verdict.objects.public().filter(revisions__kind="update").first()
    claim = _text(client.get(reverse("web:claim", args=[verdict.claim.slug])).content.decode())
    assert "Update, 10 October 2025" in claim
    assert "Update. Update" not in claim


@pytest.mark.django_db
def test_a_claim_row_without_a_speaker_starts_with_its_rating(client):
    factories.make_verdict(
        status="published", claim=factories.make_claim(text="Nobody said this", speaker=None)
    )
    html = client.get(reverse("web:search"), {"q": "Nobody said this"}).content.decode()
    meta = re.search(r'<div class="meta">(.*?)</div>', html, re.S)
    assert meta is not None
    assert not _text(meta.group(1)).strip().startswith("·")


@pytest.mark.django_db
def test_an_article_without_an_outlet_starts_its_line_with_the_byline(client):
    article = factories.make_article(outlet=None, byline="Jane Doe", slug="no-outlet")
    factories.make_verdict(status="published", claim=factories.make_claim(article=article))
    html = client.get(reverse("web:article", args=["no-outlet"])).content.decode()
    who = re.search(r'<p class="who">(.*?)</p>', html, re.S)
    assert who is not None
    assert _text(who.group(1)).strip().startswith("Jane Doe")


@pytest.mark.django_db
def test_the_focus_ring_contrasts_at_least_3_to_1_with_white(client):
    from pathlib import Path

    from django.contrib.staticfiles import finders

    css = Path(str(finders.find("web/site.css"))).read_text()
    colour = re.search(r"--focus:\s*#([0-9a-f]{6})", css)
    assert colour is not None

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for background in ("ffffff", "fff1a8"):  # the page, and the marks on article pages
        ratio = (luminance(background) + 0.05) / (luminance(colour.group(1)) + 0.05)
        assert ratio >= 3, (background, ratio)
