"""Bring in an article and turn its suggested claims into claims in one step each."""

from __future__ import annotations

import http.server
import io
import re
import threading
from contextlib import redirect_stdout

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.models import Claim, Speaker
from sources.models import Article, Outlet
from tests import factories

pytestmark = pytest.mark.django_db

PAGE = """<!DOCTYPE html><html lang="en"><head><title>Jobs figures disputed | Example News</title>
<meta property="article:published_time" content="2025-04-02T10:00:00Z"></head>
<body><nav>Home | World | Politics | NAVIGATION-NOISE</nav><article><h1>Jobs figures disputed</h1>
<p>Unemployment in Ohio fell to 3.9 percent in March, the lowest rate since 2000, according to the state labor department.</p>
<p>Governor Mike DeWine said: "We have created more than 150,000 jobs in two years."</p>
<p>"That number counts seasonal work twice," said Maria Lopez, an economist at Ohio State University. "The real figure is closer to 90,000."</p>
</article><footer>Subscribe to our newsletter FOOTER-NOISE</footer></body></html>"""


def _run(*args):
    out = io.StringIO()
    with redirect_stdout(out):
        call_command("import_article", *args, "--as", "factchecker", stdout=out)
    return out.getvalue()


def test_an_html_page_becomes_an_article_and_its_suggestions_are_printed(tmp_path, factchecker):
    path = tmp_path / "story.html"
    path.write_text(PAGE, encoding="utf-8")
    output = _run(str(path), "--url", "https://news.example.com/jobs")
    article = Article.objects.get()
    assert article.title.startswith("Jobs figures disputed")
    assert "150,000 jobs" in article.text
    assert "NOISE" not in article.text  # the page's navigation and footer are not the article
    assert article.outlet == Outlet.objects.get(domain="news.example.com")
    assert article.published_on.isoformat() == "2025-04-02"
    assert article.created_by == factchecker
    assert "Governor Mike DeWine: We have created more than 150,000 jobs in two years." in output
    assert "why: quoted statement attributed to Governor Mike DeWine; contains a number" in output
    again = _run(str(path), "--url", "https://news.example.com/jobs")
    assert "Already on file" in again
    assert Article.objects.count() == 1


def test_a_plain_text_file_and_a_page_from_a_url(tmp_path, factchecker, settings):
    # The test's server is on the loopback, which the outbound client refuses unless told.
    settings.FACTCHECK_OUTBOUND_ALLOW = ["127.0.0.1"]
    text = tmp_path / "story.txt"
    text.write_text(
        'Rally claims\n"Crime has doubled in every city since 2020," Senator Ann Ruiz said.\n',
        encoding="utf-8",
    )
    first = _run(str(text))
    assert "Senator Ann Ruiz: Crime has doubled" in first
    assert "No --url given" in first
    assert Article.objects.get().title == "Rally claims"
    assert Article.objects.get().outlet is None
    # Without an address, the same file is recognised by its title and text.
    assert "Already on file" in _run(str(text))
    assert Article.objects.count() == 1

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(PAGE.encode())

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        _run(f"http://127.0.0.1:{server.server_port}/jobs")
    finally:
        server.shutdown()
    assert Article.objects.filter(url__startswith="http://127.0.0.1").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01binary", "binary file"),
        (b"\xff\xfe\xfa", "not UTF-8"),
        (b"<html><body></body></html>", "no article text"),
    ],
)
def test_files_that_are_not_articles_are_refused(tmp_path, factchecker, content, message):
    path = tmp_path / "thing.html"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        _run(str(path))
    assert not Article.objects.exists()
    with pytest.raises(CommandError, match="no such file"):
        _run(str(tmp_path / "missing.html"))


def test_the_article_page_shows_suggestions_and_adds_one_in_one_step(seed, factchecker, login):
    article = Article.objects.get(slug="hamas-diplomatic-overture-gaza")
    client = login(factchecker)
    html = client.get(reverse("admin:sources_article_change", args=[article.pk])).content.decode()
    assert 'id="claim-suggestions"' in html
    page = html.split('id="claim-suggestions"')[1].split("</table>")[0]
    cohen = Speaker.objects.get(name="Sarah Cohen")
    # A named speaker of the same name is preselected; an unnamed one never is.
    assert re.search(rf'<option value="{cohen.pk}" selected>Sarah Cohen', page)
    trump = Speaker.objects.get(name="Donald Trump")  # suggested as "Trump"
    assert re.search(rf'<option value="{trump.pk}" selected>Donald Trump', page)
    khalil = Speaker.objects.get(name="Amira Khalil")  # suggested as "Dr. Amira Khalil"
    assert re.search(rf'<option value="{khalil.pk}" selected>Amira Khalil', page)
    spokesperson = Speaker.objects.get(name="an Israeli government spokesperson")
    assert f'<option value="{spokesperson.pk}">' in page
    assert f'<option value="{spokesperson.pk}" selected>' not in page
    before = Claim.objects.count()
    response = client.post(
        reverse("admin:sources_article_suggestion", args=[article.pk]),
        {
            "text": "Every day that passes without their return is a day of anguish",
            "quote": "Every day that passes without their return is a day of anguish",
            "speaker": cohen.pk,
        },
        follow=True,
    )
    assert "Claim added" in response.content.decode()
    claim = Claim.objects.latest("pk")
    assert Claim.objects.count() == before + 1
    assert (claim.article, claim.speaker, claim.created_by) == (article, cohen, factchecker)


def test_a_new_speaker_can_be_named_from_the_suggestion(seed, factchecker, login):
    article = Article.objects.get(slug="hamas-diplomatic-overture-gaza")
    login(factchecker).post(
        reverse("admin:sources_article_suggestion", args=[article.pk]),
        {
            "text": "A new claim from the article.",
            "speaker": "new:official",
            "speaker_name": "a Jordanian minister",
        },
    )
    claim = Claim.objects.latest("pk")
    assert (claim.speaker.name, claim.speaker.kind) == ("a Jordanian minister", "official")


def test_a_refused_suggestion_is_a_message(seed, login, db):
    reader = factories.make_user(username="viewer")
    article = Article.objects.get(slug="hamas-diplomatic-overture-gaza")
    response = login(reader).post(
        reverse("admin:sources_article_suggestion", args=[article.pk]), {"text": "x"}
    )
    assert response.status_code in (302, 403)
    assert not Claim.objects.filter(text="x").exists()
