"""Checked elsewhere: peers asked in parallel within the time budget, from a request of
their own; slow, garbage-answering, failing and redirecting peers get a note, never a 500;
answers are cached; a review imported in one click, as theirs, by an editor. The peers are
a local HTTP server: Google's Fact Check Tools API and factcheck installations."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from claims.models import Verdict
from factcheck.federation import peers, selectors, services
from factcheck.federation.models import Peer
from tests import factories
from tests.federation_parts import (
    GOOGLE_KEY,
    Answer,
    claim,
    fake_site,
    fixed,
    google,
    search_answer,
)
from tests.servers import wait_for

pytestmark = pytest.mark.django_db

SEARCH = "admin:federation_peer_search"
IMPORT = "admin:federation_peer_import"
TEXT = "The senator said unemployment doubled in two years"
THEIR_URL = "https://othercheck.example.org/checks/unemployment-doubled"
GOOD = search_answer(claim(TEXT, url=THEIR_URL, title="No, it did not double"))
GOOGLE_URL = "https://politifact.example.com/factchecks/2026/nov/02/unemployment/"
GOOGLE_ANSWER = search_answer(
    claim(
        TEXT,
        url=GOOGLE_URL,
        rating="Pants on Fire",
        publisher="PolitiFact",
        site="politifact.example.com",
    )
)


@pytest.fixture
def peers_on(settings: Any) -> Any:
    settings.FACTCHECK_OUTBOUND_ALLOW = ["127.0.0.1"]
    settings.FACTCHECK_PEER_BUDGET_MS = 800
    settings.FACTCHECK_PEER_CACHE_SECONDS = 300
    return settings


def _peer(editor: Any, name: str, base_url: str, **fields: Any) -> Peer:
    return services.peer_create(user=editor, name=name, base_url=base_url, **fields)


def _answers(client: Client, text: str = TEXT) -> str:
    response = client.get(reverse(SEARCH), {"text": text})
    assert response.status_code == 200
    return response.content.decode()


def _state(page: str, name: str) -> str:
    """The data-state of a peer's entry in the fragment."""
    start = page.index(f"<strong>{name}</strong>")
    return page[page.rindex("data-state=", 0, start) :].split('"')[1]


def test_peers_are_asked_at_once_and_a_slow_one_does_not_hold_the_others(peers_on, editor, login):
    routes = {
        "good": fixed(Answer(body=GOOD)),
        "slow": fixed(Answer(body=GOOD, delay=3)),
        "google": google(GOOGLE_ANSWER),
    }
    with fake_site(routes) as site:
        _peer(editor, "Good Peer", site.base("good"))
        _peer(editor, "Slow Peer", site.base("slow"))
        _peer(editor, "Google", site.base("google"), kind="google", api_key=GOOGLE_KEY)
        started = time.monotonic()
        page = _answers(login(editor))
        took = time.monotonic() - started
    assert took < 2.5, f"the budget is 800 ms, the slow peer takes 3 s; the page took {took:.2f} s"
    assert _state(page, "Good Peer") == "answered"
    assert _state(page, "Google") == "answered"
    assert _state(page, "Slow Peer") == "late"
    assert "did not answer in time (800 ms)" in page
    # Their verdicts with publisher, rating and date, linked to their pages.
    assert "Other Check" in page
    assert "No, it did not double" in page
    assert "2 Nov 2026" in page
    assert "Pants on Fire" in page
    assert "PolitiFact" in page
    assert GOOGLE_URL in page
    # Google's protocol: the path, the query and the key.
    google_asked = next(a for a in site.asked if a.path.startswith("/google/"))
    assert google_asked.path == "/google/v1alpha1/claims:search"
    assert google_asked.query["query"] == [TEXT]
    assert google_asked.query["key"] == [GOOGLE_KEY]
    assert "key" not in next(a for a in site.asked if a.path.startswith("/good/")).query


def _garbage_routes(site_url: str) -> dict[str, Any]:
    return {
        "html": fixed(
            Answer(
                body=b"<html><body>Gateway</body></html>", headers={"Content-Type": "text/html"}
            )
        ),
        "list": fixed(Answer(body=b'[{"claims": []}]')),
        "claims": fixed(Answer(body=b'{"claims": "none"}')),
        "binary": fixed(Answer(body=b"\xff\xfe\x00garbage")),
        "redirect": fixed(Answer(302, b"", {"Location": f"{site_url}/good/elsewhere"})),
        "error": google(b"{}"),  # asked without the right key: Google's 403
        "empty": fixed(Answer(body=b"{}")),  # Google's answer when nothing is found
        "huge": fixed(Answer(body=b'{"claims": [' + b'{"text": "x"},' * 200_000 + b"{}]}")),
    }


def test_garbage_errors_and_redirects_get_a_note_never_a_500(peers_on, editor, login):
    with fake_site({}) as site:
        site.routes.update(_garbage_routes(site.url))
        site.routes["good"] = fixed(Answer(body=GOOD))
        for name in ("html", "list", "claims", "binary", "redirect", "empty", "huge"):
            _peer(editor, name.capitalize(), site.base(name))
        _peer(editor, "Error", site.base("error"), kind="google", api_key="wrong-key-SECRET")
        page = _answers(login(editor))
        assert site.count("good") == 0, "a redirect is never followed"
    for name in ("Html", "List", "Claims", "Binary", "Redirect", "Error", "Huge"):
        assert _state(page, name) == "failed", name
    assert "not JSON" in page
    assert "not an object" in page
    assert "“claims” is not a list" in page
    assert "redirect to" in page
    assert "not followed" in page
    assert "HTTP 403: API key not valid." in page
    assert "larger than the limit" in page
    assert _state(page, "Empty") == "answered"
    assert "nothing found" in page
    assert "wrong-key-SECRET" not in page


def test_a_peer_that_is_down_or_private_gets_a_note_and_its_key_is_never_shown(
    peers_on, editor, login
):
    from tests.servers import free_port

    closed = f"http://127.0.0.1:{free_port()}/"
    _peer(editor, "Down", closed, kind="google", api_key="SECRET-KEY-123")
    page = _answers(login(editor))
    assert _state(page, "Down") == "failed"
    assert "No usable answer" in page
    assert "SECRET-KEY-123" not in page
    # Without the allow-list, a loopback peer is not asked at all (nor saved again).
    peers_on.FACTCHECK_OUTBOUND_ALLOW = []
    page = _answers(login(editor))
    assert "Not asked" in page
    assert "FACTCHECK_OUTBOUND_ALLOW" in page
    with pytest.raises(ValidationError, match="loopback"):
        _peer(editor, "Local", "http://127.0.0.1:8000/")
    with pytest.raises(ValidationError, match="link-local"):
        _peer(editor, "Metadata", "http://169.254.169.254/")


def test_answers_are_cached_for_a_short_while(peers_on, editor, login):
    with fake_site({"good": fixed(Answer(body=GOOD))}) as site:
        peer = _peer(editor, "Good Peer", site.base("good"))
        client = login(editor)
        first, second = _answers(client), _answers(client)
        assert site.count("good") == 1
        assert "answered earlier" in second
        assert "answered earlier" not in first
        # A peer changed since is asked again.
        services.peer_update(peer=peer, user=editor, changes={"name": "Good Peer, renamed"})
        _answers(client)
        assert site.count("good") == 2
        peers_on.FACTCHECK_PEER_CACHE_SECONDS = 0
        _answers(client)
        _answers(client)
        assert site.count("good") == 4


def test_a_late_answer_is_kept_for_the_next_time(peers_on, editor, login):
    peers_on.FACTCHECK_PEER_BUDGET_MS = 200
    with fake_site({"slow": fixed(Answer(body=GOOD, delay=0.5))}) as site:
        _peer(editor, "Slow Peer", site.base("slow"))
        client = login(editor)
        assert _state(_answers(client), "Slow Peer") == "late"
        # Its thread goes on, and caches what it gets.
        (target,) = selectors.active_peers()
        wait_for(lambda: peers.cached_answer(target, TEXT), seconds=5, what="the late answer")
        again = _answers(client)
        assert _state(again, "Slow Peer") == "answered"
        assert site.count("slow") == 1


def test_what_peers_say_is_shown_as_text_and_only_http_links(peers_on, editor, login):
    hostile = search_answer(
        claim("<img src=x onerror=alert(1)> doubled unemployment", url="javascript:alert(1)"),
        claim(
            "<script>alert(2)</script> doubled unemployment",
            url=THEIR_URL,
            title='"><script>alert(3)</script>',
            publisher="<b>Evil</b>",
        ),
    )
    with fake_site({"evil": fixed(Answer(body=hostile))}) as site:
        _peer(editor, "Evil Peer", site.base("evil"))
        page = _answers(login(editor))
    assert "javascript:" not in page
    assert "<script>" not in page
    assert "<img" not in page
    assert "<b>Evil" not in page
    assert "&lt;script&gt;alert(2)" in page
    assert 'href="https://othercheck.example.org/' in page


def test_an_editor_imports_a_review_as_theirs_in_one_click(peers_on, editor, login):
    with fake_site({"good": fixed(Answer(body=GOOD))}) as site:
        _peer(editor, "Good Peer", site.base("good"))
        client = login(editor)
        page = _answers(client)
        assert "Import as theirs" in page
        peer = Peer.objects.get()
        form = {"peer": str(peer.pk), "text": TEXT, "url": THEIR_URL}
        answer = client.post(reverse(IMPORT), form, HTTP_X_REQUESTED_WITH="fetch")
        assert answer.status_code == 201, answer.content
        assert "Imported as their public review" in answer.content.decode()
        verdict = Verdict.objects.get(external_url=THEIR_URL)
        assert verdict.status == "published"
        assert verdict.publisher.domain == "othercheck.example.org"
        assert verdict.publisher.name == "Other Check"
        assert verdict.headline == "No, it did not double"
        assert verdict.rating.label == "False"
        assert str(verdict.published_at.date()) == "2026-11-02"
        assert Verdict.objects.public().filter(pk=verdict.pk).exists()
        public = Client().get(reverse("api:verdict-detail", args=[verdict.slug]))
        assert public.status_code == 200
        assert public.json()["publisher"]["name"] == "Other Check"
        # The answers now say it is on file, with no second button.
        again = _answers(client)
        assert "On file here" in again
        assert "Import as theirs" not in again
        # Without the page's script: back to the verdict, with a message.
        plain = client.post(reverse(IMPORT), form)
        assert plain.status_code == 302
        assert plain["Location"] == reverse("admin:claims_verdict_change", args=[verdict.pk])
        assert Verdict.objects.filter(external_url=THEIR_URL).count() == 1
        assert site.count("good") == 1  # the review came from the cached answer


def test_a_peer_set_to_references_imports_staff_only_records(peers_on, editor, login):
    with fake_site({"good": fixed(Answer(body=GOOD))}) as site:
        peer = _peer(editor, "Archive Peer", site.base("good"), import_as="reference")
        client = login(editor)
        form = {"peer": str(peer.pk), "text": TEXT, "url": THEIR_URL}
        answer = client.post(reverse(IMPORT), form, HTTP_X_REQUESTED_WITH="fetch")
    assert answer.status_code == 201
    assert "staff-only reference" in answer.content.decode()
    verdict = Verdict.objects.get(external_url=THEIR_URL)
    assert verdict.status == "reference"
    assert not Verdict.objects.public().filter(pk=verdict.pk).exists()
    assert not verdict.revisions.exists()
    assert Client().get(reverse("api:verdict-detail", args=[verdict.slug])).status_code == 404


def test_importing_is_an_editors_post_with_its_token(peers_on, editor, factchecker, login):
    with fake_site({"good": fixed(Answer(body=GOOD))}) as site:
        peer = _peer(editor, "Good Peer", site.base("good"))
        form = {"peer": str(peer.pk), "text": TEXT, "url": THEIR_URL}
        # Fact-checkers see the answers, without the button; the import is refused.
        page = _answers(login(factchecker))
        assert "Other Check" in page
        assert "Import as theirs" not in page
        refused = login(factchecker).post(reverse(IMPORT), form, HTTP_X_REQUESTED_WITH="fetch")
        assert refused.status_code == 403
        assert login(editor).get(reverse(IMPORT), form).status_code == 405
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(editor)
        assert strict.post(reverse(IMPORT), form).status_code == 403
        assert Client().post(reverse(IMPORT), form).status_code == 302  # to the sign-in
        # A review the peer does not list, or no such peer: nothing imported.
        other = {**form, "url": "https://othercheck.example.org/not-in-the-answer"}
        client = login(editor)
        assert (
            client.post(reverse(IMPORT), other, HTTP_X_REQUESTED_WITH="fetch").status_code == 404
        )
        for bad in ("abc", "٣", "0", ""):
            answer = client.post(
                reverse(IMPORT), {**form, "peer": bad}, HTTP_X_REQUESTED_WITH="fetch"
            )
            assert answer.status_code == 400, bad
        gone = {**form, "peer": str(peer.pk + 1000)}
        assert client.post(reverse(IMPORT), gone, HTTP_X_REQUESTED_WITH="fetch").status_code == 404
    assert not Verdict.objects.filter(external_url__startswith="https://othercheck").exists()


def test_the_answers_are_for_staff_who_read_claims(peers_on, editor, login):
    assert Client().get(reverse(SEARCH), {"text": TEXT}).status_code == 302
    nobody = factories.make_user(username="staff-without-roles")
    assert login(nobody).get(reverse(SEARCH), {"text": TEXT}).status_code == 403
    # Too short to ask anyone: nothing asked, an empty fragment.
    assert login(editor).get(reverse(SEARCH), {"text": "short"}).content.strip() == b""


def test_the_claim_form_loads_the_peers_script_after_ours(factchecker, login):
    page = login(factchecker).get(reverse("admin:claims_claim_add")).content.decode()
    ours, theirs = page.find("claims/similar"), page.find("federation/peers")
    assert 0 < ours < theirs


def test_peers_are_configured_by_editors_only(peers_on, editor, factchecker, login):
    with pytest.raises(PermissionDenied):
        _peer(factchecker, "Nope", "https://peer.example.org/")
    assert login(factchecker).get(reverse("admin:federation_peer_add")).status_code == 403
    with pytest.raises(ValidationError, match="API key"):
        _peer(editor, "Google", "", kind="google")
    google = _peer(editor, "Google", "", kind="google", api_key="k-1")
    assert google.base_url == "https://factchecktools.googleapis.com/"
    # The key is never shown again, and an empty field keeps it.
    client = login(editor)
    change = client.get(reverse("admin:federation_peer_change", args=[google.pk])).content.decode()
    assert "k-1" not in change
    services.peer_update(peer=google, user=editor, changes={"api_key": "", "name": "Google FC"})
    google.refresh_from_db()
    assert google.api_key == "k-1"
    assert google.name == "Google FC"
    # Through the admin's form too, whose key field is always empty.
    form = {
        "name": "Google Fact Check",
        "kind": "google",
        "base_url": google.base_url,
        "api_key": "",
        "import_as": "public",
        "active": "on",
    }
    saved = client.post(reverse("admin:federation_peer_change", args=[google.pk]), form)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    google.refresh_from_db()
    assert (google.name, google.api_key) == ("Google Fact Check", "k-1")
    added = client.post(
        reverse("admin:federation_peer_add"),
        {
            "name": "Peer",
            "kind": "factcheck",
            "base_url": "http://10.0.0.5/",
            "import_as": "public",
            "active": "on",
        },
    )
    assert added.status_code == 200
    assert "private address" in added.content.decode()
