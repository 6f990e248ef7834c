"""Nothing of the interface is left untranslated.

- The catalogues (``factcheck/locale/<language>/LC_MESSAGES/django.po``) hold every string the code
  and templates mark, nothing else, none empty or fuzzy, with the same placeholders, and
  the committed ``.mo`` files are compiled from them (``factcheck.i18n.catalogues``: the
  extraction runs here, with Babel and Django's ``templatize``).
- A pseudo-locale: every translated string comes out wrapped in ⟦…⟧. Every public page
  type, its feeds and its mail are rendered that way, and every text a reader sees that
  is not the records' content (marked ``dir="auto"`` or ``<bdi>``, dates in ``<time>``,
  rating labels, the site's name) must be inside the marks: a string that never went
  through the catalogues would show bare."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import trans_real

from claims.models import Rating, Verdict
from claims.models.revision import RevisionKind
from claims.services import revisions
from factcheck.alerts import mail as alert_mail
from factcheck.i18n import catalogues
from factcheck.i18n.models import InterfaceLanguage
from tests import factories

OPEN, CLOSE = "⟦", "⟧"
# What may stand outside the marks: spacing, digits, punctuation and the symbols the
# pages draw (rating shapes, arrows).
LOOSE = re.compile(r"[\s\d.,;:!?·()\[\]{}<>\"'“”‘’«»…–—\-/+%&#*|→←⚠⊘✔✓◐✗✘✹]*")  # noqa: RUF001
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}
CONTENT = {"bdi", "time", "script", "style", "code", "pre"}  # never the interface's own words
SEEN_ATTRIBUTES = ("aria-label", "placeholder", "alt", "title")


def test_the_catalogues_hold_every_marked_string_translated_and_compiled():
    found = [str(problem) for problem in catalogues.problems()]
    assert found == [], "run `python manage.py translations` and translate:\n" + "\n".join(
        found[:40]
    )


def test_the_interface_languages_are_the_same_everywhere():
    codes = [code for code, _ in settings.LANGUAGES]
    assert codes[0] == settings.LANGUAGE_CODE == "en"
    assert sorted(codes) == sorted(InterfaceLanguage.values)
    for code in codes:
        assert catalogues.po_path(code).exists()
        assert catalogues.mo_path(code).exists()


# -- The pseudo-locale ------------------------------------------------------------------


def _wrapped(function: Callable[..., str]) -> Callable[..., str]:
    def wrapper(*args: Any) -> str:
        result = function(*args)
        marked = f"{OPEN}{result}{CLOSE}"
        return mark_safe(marked) if isinstance(result, SafeData) else marked

    return wrapper


@pytest.fixture
def pseudo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every string the catalogues translate, Django's own included, comes out marked."""
    for name in ("gettext", "ngettext", "pgettext", "npgettext"):
        getattr(translation._trans, name)  # Django binds them on first use
        monkeypatch.setattr(translation._trans, name, _wrapped(getattr(trans_real, name)))


class _Reader(HTMLParser):
    """The texts of a page's body a reader sees, outside the records' content, and the
    marks' depth across them (a translated sentence may hold markup)."""

    def __init__(self, data: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.data = sorted(data, key=len, reverse=True)
        self.stack: list[bool] = []  # per open element: is it the records' content?
        self.in_body = False
        self.depth = 0
        self.bare: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "body":
            self.in_body = True
        for name in SEEN_ATTRIBUTES:
            value = values.get(name)
            if self.in_body and value:
                self._check(value, standalone=True)
        if tag in VOID:
            return
        inherited = self.stack[-1] if self.stack else False
        content = values["dir"] == "auto" if "dir" in values else inherited
        # translate="no": a name in its own language (the language switcher's).
        self.stack.append(content or tag in CONTENT or values.get("translate") == "no")

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.stack:
            self.stack.pop()

    def _content(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_data(self, data: str) -> None:
        if not self.in_body:
            return
        if self._content():
            self.depth += data.count(OPEN) - data.count(CLOSE)
            return
        self._check(data, standalone=False)

    def _check(self, text: str, *, standalone: bool) -> None:
        for value in self.data:
            text = text.replace(value, " ")
        depth = 0 if standalone else self.depth
        loose = []
        for char in text:
            if char == OPEN:
                depth += 1
            elif char == CLOSE:
                depth -= 1
            elif depth == 0:
                loose.append(char)
        if not standalone:
            self.depth = depth
        words = "".join(loose)
        if not LOOSE.fullmatch(words):
            self.bare.append(text.strip())


def _bare_texts(html: str, data: set[str]) -> list[str]:
    reader = _Reader(data)
    reader.feed(html)
    return reader.bare


def test_the_pseudo_locale_check_finds_a_string_left_bare():
    html = (
        "<html><body><p>⟦Checked by <bdi>Reuters</bdi>⟧ · <time>9 May</time></p>"
        '<p dir="auto">A claim as published</p><span aria-label="⟦Pages⟧">False</span>'
        '<p>Left out</p><input placeholder="Type here"></body></html>'
    )
    assert _bare_texts(html, {"False"}) == ["Left out", "Type here"]


def _corrected() -> str:
    """A verdict of ours with a byline, the speaker's response, another publisher's review
    of its claim and a correction that changed its rating, headline and a source."""
    author = factories.make_user(first_name="Omar", last_name="Saleh")
    verdict = factories.make_verdict(
        status="published",
        author=author,
        speaker_contacted_at=timezone.now(),
        speaker_response="We stand by it.",
    )
    factories.make_verdict(
        status="published",
        claim=verdict.claim,
        publisher=factories.make_outlet(kind="fact_checker", name="Other Check"),
        external_url="https://other.example.org/check",
        claim_reviewed="Their wording of it.",
    )
    Verdict.objects.filter(pk=verdict.pk).update(
        rating=factories.rating("mostly-false"), headline="A corrected headline"
    )
    verdict.verdict_sources.update(source=factories.make_source(title="A better source"))
    revisions.revision_from_working_copy(
        verdict=verdict, kind=RevisionKind.CORRECTION, note="We misread a table."
    )
    return verdict.claim.slug


def _pages() -> dict[str, str]:
    retracted = factories.make_verdict(status="retracted")
    taken = factories.make_verdict(status="withdrawn")
    return {
        "claim corrected": f"/claims/{_corrected()}/",
        "home": "/",
        "claim": "/claims/qatar-intensive-communications-hamas-israel/",
        "claim with history": "/claims/us-drafting-agreement-israel-egypt-qatar/",
        "claim by nobody named": "/claims/trump-former-us-president/",
        "retracted": f"/claims/{retracted.claim.slug}/",
        "taken down": f"/claims/{taken.claim.slug}/",
        "speaker": "/speakers/donald-trump/",
        "outlet": "/outlets/the-national/",
        "topic": "/topics/diplomacy/",
        "article": "/articles/hamas-diplomatic-overture-gaza/",
        "search": "/search/?q=Hamas",
        "search by rating": "/search/?rating=false",
        "search empty": "/search/",
        "checked": "/checked/?text=Qatar+mediates+between+Israel+and+Hamas",
        "checked, nothing": "/checked/?text=The+moon+is+made+of+green+cheese+entirely",
        "checked empty": "/checked/",
        "ratings": "/ratings/",
        "corrections": "/corrections/",
        "about": "/about/",
        "suggest": "/suggest/",
        "alerts": "/alerts/subscribe/?topic=diplomacy",
        "not found": "/no-such-page/",
    }


@pytest.mark.usefixtures("words_only")
def test_every_public_page_says_nothing_the_catalogues_did_not_translate(client, seed, pseudo):
    data = {settings.FACTCHECK_PUBLISHER_NAME, *Rating.objects.values_list("label", flat=True)}
    failures = {}
    for name, path in _pages().items():
        response = client.get(path)
        assert response.status_code in (200, 404, 410), (name, response.status_code)
        html = response.content.decode()
        assert OPEN in html, name
        if name == "claim corrected":  # the parts only a corrected verdict shows
            for part in ("⟦Rating changed from", "⟦By ", "⟦We asked for comment", "⟦Headline"):
                assert part in html, part
        bare = _bare_texts(html, data)
        if bare:
            failures[name] = bare
    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())


def test_the_feeds_titles_are_translated(client, seed, pseudo):
    for path in (
        "/feeds/verdicts.rss",
        "/feeds/verdicts.atom",
        "/feeds/speakers/donald-trump.rss",
        "/feeds/topics/diplomacy.rss",
    ):
        root = ET.fromstring(client.get(path).content)
        titles = [
            e.text or ""
            for e in root.iter()
            if e.tag.split("}")[-1] in ("title", "description", "subtitle")
        ]
        channel = titles[:2]
        assert all(t.startswith(OPEN) and t.endswith(CLOSE) for t in channel), (path, channel)


def test_the_alerts_mail_is_translated(db, pseudo):
    from factcheck.alerts.models import Subscription

    speaker = factories.make_speaker(name="Mayor Jones")
    verdict = factories.make_verdict(
        status="published", claim=factories.make_claim(speaker=speaker)
    )
    subscription = Subscription.objects.create(
        email="reader@example.org", target="speaker", speaker=speaker, key="k" * 32
    )
    message = alert_mail.confirmation_message(subscription)
    assert message.subject.startswith(OPEN)
    html = str(message.alternatives[0][0])
    assert _bare_texts(html, {settings.FACTCHECK_PUBLISHER_NAME}) == []
    assert verdict.claim.speaker == speaker


def _between(html: str, start: str, end: str) -> str:
    """The part of an admin page our own templates write: from ``start`` to ``end``."""
    assert start in html, start
    part = html[html.index(start) :]
    return "<html><body>" + part[: part.index(end)] + "</body></html>"


def test_the_newsrooms_own_admin_screens_say_nothing_the_catalogues_did_not_translate(
    editor, factchecker, login, pseudo
):
    """The editorial queue, the admin's front-page panel and a verdict's workflow panel (our
    templates inside Django's admin), for an editor: every word of ours goes through the
    catalogues, as the services' refusals shown there do."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from claims.models import Speaker

    in_review = factories.make_verdict(author=factchecker, status="in_review")
    factories.make_verdict(author=editor, status="draft")
    factories.make_claim(text="A claim nobody has checked yet.", assigned_to=editor)
    client = login(editor)
    data = {
        *Rating.objects.values_list("label", flat=True),
        *Speaker.objects.values_list("name", flat=True),
        *get_user_model().objects.values_list("username", flat=True),
    }
    screens = {
        "queue": _between(
            client.get(reverse("editorial-queue")).content.decode(),
            '<div id="content-main" class="editorial-queue">',
            '<footer id="footer">',
        ),
        "index": _between(
            client.get(reverse("admin:index")).content.decode(),
            '<div class="module" id="editorial-queue-link">',
            '<div class="app-',
        ),
        "workflow": _between(
            client.get(
                reverse("admin:claims_verdict_change", args=[in_review.pk])
            ).content.decode(),
            '<div class="module workflow" id="workflow">',
            '<form method="post" id="verdict_form"',
        ),
    }
    refused = client.post(
        reverse("admin:claims_verdict_workflow", args=[in_review.pk, "retract"]),
        {"text": "Retracted."},
        follow=True,
    ).content.decode()
    assert f"{OPEN}Only a verdict that is" in refused  # the service's refusal, translated
    failures = {}
    for name, html in screens.items():
        assert OPEN in html, name
        bare = _bare_texts(html, data)
        if bare:
            failures[name] = bare
    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())
