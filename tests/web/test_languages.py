"""The public site in four languages, from the address alone: English at the root, Arabic,
Spanish and French under their prefix; Accept-Language never redirects nor varies a
response; every page offers the others; hreflang pairs are symmetric and a verdict's
page keeps its one canonical at the root; dates and numbers by the language's formats
with ASCII digits; the API stays English with codes; mail in the subscriber's language;
the admin in each staff member's own (docs/languages.md)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from factcheck.alerts import mail as alert_mail
from factcheck.alerts.models import Subscription
from factcheck.i18n.languages import path_in_language
from factcheck.i18n.models import StaffLanguage
from tests import factories

pytestmark = pytest.mark.django_db
LANGUAGES = {"": ("en", "ltr"), "/ar": ("ar", "rtl"), "/es": ("es", "ltr"), "/fr": ("fr", "ltr")}
ARABIC_INDIC = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


def _html(client: Client, path: str, **headers: Any) -> str:
    response = client.get(path, **headers)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.html: dict[str, str | None] = {}
        self.alternates: dict[str, str] = {}
        self.canonical: str | None = None
        self.switcher: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.html = a
        elif tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates[str(a["hreflang"])] = str(a["href"])
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")
        elif tag == "a" and a.get("hreflang") and a.get("translate") == "no":
            self.switcher[str(a["hreflang"])] = str(a["href"])


def _links(html: str) -> _Links:
    parsed = _Links()
    parsed.feed(html)
    return parsed


def test_each_language_is_at_its_prefix_and_english_at_the_root(client, seed):
    for prefix, (code, direction) in LANGUAGES.items():
        response = client.get(f"{prefix}/")
        assert response.status_code == 200
        assert response["Content-Language"] == code
        page = _links(response.content.decode())
        assert (page.html["lang"], page.html["dir"]) == (code, direction)
    assert "Latest fact-checks" in _html(client, "/")
    assert "أحدث التحققات" in _html(client, "/ar/")
    assert "Últimas verificaciones" in _html(client, "/es/")
    assert "Dernières vérifications" in _html(client, "/fr/")
    # The default language has no prefix: /en/ is not an address.
    assert client.get("/en/").status_code == 404
    assert client.get("/de/").status_code == 404


def test_accept_language_never_redirects_nor_varies_a_response(client, seed, settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    for path in ("/", "/ar/search/", "/claims/trump-hamas-must-surrender-immediately/"):
        first = client.get(path, HTTP_ACCEPT_LANGUAGE="ar,fr;q=0.8")
        assert first.status_code == 200
        assert "accept-language" not in first.get("Vary", "").lower()
        # One entry per address in the public cache, whoever asks.
        again = client.get(path, HTTP_ACCEPT_LANGUAGE="es")
        assert again["X-Public-Cache"] == "hit"
        assert again.content == first.content
    assert _links(_html(client, "/", HTTP_ACCEPT_LANGUAGE="ar")).html["lang"] == "en"


def test_every_page_offers_itself_in_each_language_with_its_query(client, seed):
    html = _html(client, "/fr/search/?q=Hamas&rating=false")
    switcher = _links(html).switcher
    assert switcher == {
        "en": "/search/?q=Hamas&amp;rating=false".replace("&amp;", "&"),
        "ar": "/ar/search/?q=Hamas&rating=false",
        "es": "/es/search/?q=Hamas&rating=false",
        "fr": "/fr/search/?q=Hamas&rating=false",
    }
    assert 'aria-current="page">Français<' in html
    # Each name in itself, marked as such, and the suggestion a script may show.
    assert 'lang="ar" dir="rtl" translate="no" data-hint="اقرأ هذه الصفحة بالعربية"' in html
    assert 'src="/static/web/language-hint.js"' in html


def test_hreflang_alternates_are_symmetric(client, seed):
    """Each page whose words are the interface's lists the same four addresses (and
    x-default, the root's), each of which lists it back."""
    for path in ("/", "/ratings/", "/speakers/donald-trump/", "/topics/diplomacy/", "/about/"):
        pages = {code: path_in_language(path, code) for code in ("en", "ar", "es", "fr")}
        seen = {code: _links(_html(client, address)).alternates for code, address in pages.items()}
        expected = {
            code: settings.FACTCHECK_SITE_URL + address.lstrip("/")
            for code, address in pages.items()
        }
        expected["x-default"] = expected["en"]
        for code, alternates in seen.items():
            assert alternates == expected, (path, code)


def test_a_verdicts_page_keeps_one_canonical_at_the_root(client, seed):
    slug = "trump-hamas-must-surrender-immediately"
    root = settings.FACTCHECK_SITE_URL + f"claims/{slug}/"
    for prefix in LANGUAGES:
        page = _links(_html(client, f"{prefix}/claims/{slug}/"))
        assert page.canonical == root
        assert page.alternates == {}  # its content is in its own language, not in four
        assert f'"url": "{root}"' in _html(client, f"{prefix}/claims/{slug}/")
    article = _links(_html(client, "/ar/articles/hamas-diplomatic-overture-gaza/"))
    assert (
        article.canonical
        == settings.FACTCHECK_SITE_URL + "articles/hamas-diplomatic-overture-gaza/"
    )


def test_dates_follow_the_language_and_digits_stay_ascii(client, seed):
    path = "/claims/trump-hamas-must-surrender-immediately/"
    assert "2 June 2025" in _html(client, path)
    assert "2 de junio de 2025" in _html(client, f"/es{path}")
    assert "2 juin 2025" in _html(client, f"/fr{path}")
    arabic = _html(client, f"/ar{path}")
    assert "2 يونيو 2025" in arabic
    speaker = factories.make_speaker(slug="many")
    for _ in range(21):
        factories.make_verdict(status="published", claim=factories.make_claim(speaker=speaker))
    page = _html(client, "/ar/speakers/many/")
    assert 'page=2">' in page
    for html in (arabic, page):
        assert not ARABIC_INDIC.search(
            " ".join(re.findall(r'(?:href|value|datetime|viewBox|x|width)="([^"]*)"', html))
        )


def test_the_speaker_chart_is_drawn_from_the_start_edge(client, db):
    speaker = factories.make_speaker(slug="jane")
    factories.make_verdict(status="published", claim=factories.make_claim(speaker=speaker))
    left = _html(client, "/speakers/jane/")
    right = _html(client, "/ar/speakers/jane/")
    assert 'direction="ltr"' in left
    assert '<text x="0" y="14"' in left
    assert 'direction="rtl"' in right
    assert '<text x="320" y="14"' in right
    assert '<rect x="38" y="3" height="13" width="170"' in right


def test_feeds_in_each_language_keep_their_entries_ids(client, seed):
    english = client.get("/feeds/verdicts.rss").content.decode()
    arabic = client.get("/ar/feeds/verdicts.rss").content.decode()
    assert "<title>Latest fact-checks</title>" in english
    assert "<title>أحدث التحققات</title>" in arabic
    guids = re.findall(r"<guid[^>]*>([^<]+)</guid>", arabic)
    assert guids == re.findall(r"<guid[^>]*>([^<]+)</guid>", english)
    assert all("/ar/" not in guid for guid in guids)
    assert "<link>http://127.0.0.1:8000/ar/claims/" in arabic


def test_the_api_and_the_sitemap_stay_unprefixed_and_english(client, seed):
    assert client.get("/ar/api/v1/claims/").status_code == 404
    assert client.get("/ar/sitemap.xml").status_code == 404
    response = client.get("/api/v1/claims/?speakr=x", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 400
    assert response.json()["speakr"][0].startswith("Unknown parameter")
    assert response["Error-Code"] == "speakr:unknown_parameter"
    # A parameter's name is the caller's: in the header it cannot break a line.
    odd = client.get("/api/v1/claims/?a%0D%0ASet-Cookie:%20x=1=2")
    assert odd.status_code == 400
    assert odd["Error-Code"] == "a__Set-Cookie__x:unknown_parameter"
    assert "Set-Cookie" not in odd.headers
    missing = client.get("/api/v1/claims/no-such-claim/", HTTP_ACCEPT_LANGUAGE="fr")
    assert (missing.status_code, missing["Error-Code"]) == (404, "not_found")
    assert missing.json() == {"detail": "Not found."}
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/ar/" not in sitemap


def test_alerts_asked_for_in_a_language_are_mailed_in_it(client, db):
    speaker = factories.make_speaker(name="Mayor Jones", slug="mayor-jones")
    factories.make_verdict(status="published", claim=factories.make_claim(speaker=speaker))
    page = _html(client, "/fr/speakers/mayor-jones/")
    assert 'href="/fr/alerts/subscribe/?speaker=mayor-jones"' in page
    sent = client.post(
        "/fr/alerts/subscribe/?speaker=mayor-jones",
        {"email": "lectrice@example.org", "frequency": "daily"},
    )
    assert sent.status_code == 302
    assert sent["Location"].startswith("/fr/alerts/subscribe/")
    subscription = Subscription.objects.get()
    assert subscription.language == "fr"
    message = alert_mail.confirmation_message(subscription)
    assert message.subject.startswith("Confirmez vos alertes par e-mail")
    assert "/fr/alerts/confirm/" in message.body
    assert "Un résumé quotidien" in message.body
    html = str(message.alternatives[0][0])
    assert '<html lang="fr" dir="ltr">' in html
    subscription.language = "ar"
    arabic = str(alert_mail.confirmation_message(subscription).alternatives[0][0])
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "/ar/alerts/confirm/" in arabic


def test_a_reader_told_of_their_suggestion_is_told_in_the_pages_language(client, db):
    from factcheck.alerts.models import ReaderNotice

    sent = client.post(
        "/es/suggest/",
        {"text": "El alquiler bajó a la mitad.", "contact": "lector@example.org", "consent": "on"},
    )
    assert sent.status_code == 302
    assert sent["Location"] == "/es/suggest/?sent=1"
    assert ReaderNotice.objects.get().language == "es"
    thanks = client.get(sent["Location"]).content.decode()
    assert "Gracias: tu sugerencia ha llegado a nuestros editores." in thanks


def test_staff_choose_the_admins_language_for_themselves(editor, editor2, login):
    mine, theirs = login(editor), login(editor2)
    assert _links(mine.get("/admin/").content.decode()).html["lang"] == "en"
    page = mine.get(reverse("your-language"))
    assert page.status_code == 200
    answer = mine.post(reverse("your-language"), {"language": "ar"})
    assert answer.status_code == 302
    assert StaffLanguage.objects.get(user=editor).language == "ar"
    admin = mine.get("/admin/")
    assert (_links(admin.content.decode()).html["lang"], admin["Content-Language"]) == ("ar", "ar")
    assert 'dir="rtl"' in admin.content.decode()
    # Theirs alone: another editor, the public site and the API are unchanged.
    assert _links(theirs.get("/admin/").content.decode()).html["lang"] == "en"
    assert _links(mine.get("/").content.decode()).html["lang"] == "en"
    assert mine.get("/api/v1/claims/?speakr=x")["Content-Language"] == "en"
    # A new session remembers it.
    again = Client()
    again.force_login(editor)
    assert _links(again.get("/admin/").content.decode()).html["lang"] == "ar"
    assert mine.post(reverse("your-language"), {"language": "xx"}).status_code == 200


def test_the_admins_language_page_is_for_staff_only(client, db):
    assert client.get(reverse("your-language")).status_code == 302  # to the sign-in page
    reader = factories.make_user(is_staff=False)
    assert urlsplit(Client().get(reverse("your-language"))["Location"]).path == "/admin/login/"
    assert not StaffLanguage.objects.filter(user=reader).exists()
