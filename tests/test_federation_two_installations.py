"""Two installations on this machine, each with its own database and its own server:
installation A (``runserver`` on a migrated database of its own) publishes a
verdict; installation B (this test's database, served by the live server) finds it through
its "Already checked?" (A as a peer) and through its feed subscription to A's DataFeed,
fetched by a real worker, incrementally. A's draft and verdict in review, carrying a
marker, never reach B."""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from claims.models import Claim, Verdict
from factcheck.federation import services, tasks
from factcheck.federation.models import FeedReport, FeedSubscription
from tests.conftest import MARKER
from tests.databases import migrated_database, server_url
from tests.servers import ROOT, app_env, app_server, get
from tests.webhook_parts import clear_queue, run_jobs

pytestmark = [pytest.mark.heavy, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TEXT = "The harbour tunnel cost four billion euros, twice its approved budget"
HEADLINE = "No, the harbour tunnel did not cost twice its budget"
LATER = "The harbour ferry carried nine million passengers in a single year"
CLICKED = "The old harbour bridge was closed to traffic for a whole year"
HIDDEN = f"{MARKER} the harbour tunnel cost four billion euros, twice its approved budget"


def _shell(env: dict[str, str], code: str) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def _publish_on(env: dict[str, str], text: str, headline: str) -> None:
    _shell(
        env,
        "from tests.federation_parts import installation_publishes as go; "
        f"go({text!r}, {headline!r})",
    )


@dataclass
class Installation:
    base: str  # where it is served
    env: dict[str, str]  # its settings, for manage.py on its database


@pytest.fixture
def installation_a() -> Iterator[Installation]:
    """A: its own database on the suite's server, migrated, with a published verdict and
    unpublished work carrying the marker; served by ``runserver``."""
    with migrated_database(server_url(), "factcheck_installation_a") as url:
        env = app_env(
            DATABASE_URL=url,
            FACTCHECK_PUBLISHER_NAME="Installation A",
            FACTCHECK_PUBLISHER_URL="https://a.example.org/",
            FACTCHECK_SITE_URL="https://a.example.org/",
            FACTCHECK_EMBED_ON_WRITE="0",
            PUBLIC_CACHE_SECONDS="0",
        )
        _publish_on(env, TEXT, HEADLINE)
        _shell(
            env,
            "from tests.federation_parts import installation_drafts as go; "
            f"go({HIDDEN!r}, {MARKER + ' hidden headline'!r})",
        )
        with app_server(env) as base:
            yield Installation(base, env)


def _session(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return str(client.cookies["sessionid"].value)


def _through_b(live_server: Any, session: str, path: str, **params: str) -> tuple[int, str, str]:
    """A page of B's admin, asked over HTTP of B's live server; with its CSRF cookie."""
    request = urllib.request.Request(
        f"{live_server.url}{path}?{urlencode(params)}", headers={"Cookie": f"sessionid={session}"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        cookie = response.headers.get("Set-Cookie", "")
        token = re.search(r"csrftoken=([^;]+)", cookie)
        return response.status, response.read().decode(), token.group(1) if token else ""


def _post_through_b(
    live_server: Any, session: str, csrf: str, path: str, form: dict[str, str]
) -> tuple[int, str]:
    request = urllib.request.Request(
        f"{live_server.url}{path}",
        data=urlencode(form).encode(),
        headers={
            "Cookie": f"sessionid={session}; csrftoken={csrf}",
            "X-Requested-With": "fetch",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_b_finds_as_verdict_by_search_and_by_feed_and_never_its_drafts(
    installation_a, live_server, settings, editor, monkeypatch
):
    settings.FACTCHECK_OUTBOUND_ALLOW = ["127.0.0.1"]
    settings.FACTCHECK_PUBLISHER_URL = settings.FACTCHECK_SITE_URL = "https://b.example.org/"
    settings.FACTCHECK_PEER_BUDGET_MS = (
        5000  # runserver on a busy machine: the budget is not the subject
    )
    a = installation_a.base
    # A's own public surfaces hold the verdict and none of the marker.
    status, _, body = get(f"{a}/api/v1/claimreview-feed.json")
    assert status == 200
    assert HEADLINE in body
    assert MARKER not in body

    # -- B asks A while a claim is typed ("Already checked?"), over B's own server.
    peer = services.peer_create(user=editor, name="Installation A", base_url=f"{a}/")
    session = _session(editor)
    search = "/admin/federation/peer/search/"
    status, page, csrf = _through_b(live_server, session, search, text=TEXT)
    assert status == 200
    assert 'data-state="answered"' in page
    assert "Installation A" in page
    assert "False" in page  # the rating
    assert "https://a.example.org/claims/" in page  # their page
    assert MARKER not in page
    # The marker's own words find nothing at A: its draft is not public there.
    _, hidden, _ = _through_b(live_server, session, search, text=HIDDEN)
    assert "nothing found" in hidden
    assert MARKER not in hidden.replace(HIDDEN, "")  # only what B asked, never an answer

    # -- B subscribes to A's feed; the periodic job and a real worker fetch it. (A fetch
    # asks from A's last Last-Modified less a margin for late commits, ten minutes, which
    # here would take in the first verdict again: none, to see the incremental form.)
    monkeypatch.setattr(services, "OVERLAP", datetime.timedelta(0))
    clear_queue()
    try:
        feed = f"{a}/api/v1/claimreview-feed.json"
        subscription = services.subscription_create(
            user=editor, name="Installation A", feed_url=feed, kind="factcheck"
        )
        tasks.feeds_due(timestamp=0)
        run_jobs()
        first = FeedReport.objects.get()
        assert (first.outcome, first.reviews, first.created) == ("imported", 1, 1), first.errors
        theirs = Verdict.objects.get(publisher__isnull=False, publisher__name="Installation A")
        assert theirs.status == "published"
        assert theirs.external_url.startswith("https://a.example.org/claims/")
        assert theirs.claim.text == TEXT
        # Public on B, as A's review, read over B's server.
        status, _, listing = get(
            f"{live_server.url}/api/v1/claims/?{urlencode({'q': 'harbour tunnel'})}"
        )
        assert status == 200
        assert (
            json.loads(listing)["results"][0]["verdicts"][0]["publisher"]["name"]
            == "Installation A"
        )
        subscription.refresh_from_db()
        assert subscription.since is not None
        assert subscription.etag.startswith('"feed-')

        # Nothing changed at A: a 304.
        services.enqueue_fetch(subscription.pk)
        run_jobs()
        assert FeedReport.objects.order_by("-pk").first().outcome == "not_modified"

        # A publishes again: B's next fetch asks only for what changed since.
        _publish_on(installation_a.env, LATER, "No, the ferry carried four million")
        services.enqueue_fetch(subscription.pk)
        run_jobs()
        latest = FeedReport.objects.order_by("-pk").first()
        assert "since=" in latest.url
        assert (latest.outcome, latest.reviews, latest.created) == ("imported", 1, 1), (
            latest.errors
        )
        assert Verdict.objects.filter(publisher__name="Installation A").count() == 2
    finally:
        clear_queue()

    # "Already checked?" now says B has it on file, with no button to import it again.
    _, page, _ = _through_b(live_server, session, search, text=TEXT)
    assert "On file here" in page
    assert "Import as theirs" not in page
    # A verdict A publishes next is imported in one click, through B's server: the
    # button's POST, as peers.js sends it (the fragment's CSRF token, the button's peer
    # and review address), as A's.
    _publish_on(installation_a.env, CLICKED, "No, the bridge was not closed for a year")
    _, page, csrf = _through_b(live_server, session, search, text=CLICKED)
    token = re.search(r'data-csrf="([^"]+)"', page)
    button = re.search(r'class="button peer-import" data-peer="(\d+)" data-url="([^"]+)"', page)
    assert token, page
    assert button, page
    assert button.group(1) == str(peer.pk)
    form = {
        "peer": button.group(1),
        "text": CLICKED,
        "url": button.group(2),
        "csrfmiddlewaretoken": token.group(1),
    }
    status, answer = _post_through_b(
        live_server, session, csrf, "/admin/federation/peer/import/", form
    )
    assert status == 201, answer
    assert "Imported as their public review" in answer
    clicked = Verdict.objects.get(external_url=button.group(2))
    assert (clicked.status, clicked.publisher.name) == ("published", "Installation A")
    assert Verdict.objects.public().filter(publisher__name="Installation A").count() == 3

    # Nothing of A's unpublished work reached B, by any path.
    assert not Claim.objects.filter(text__contains=MARKER).exists()
    assert not Verdict.objects.filter(headline__contains=MARKER).exists()
    assert MARKER not in "".join(FeedReport.objects.values_list("errors", flat=True))
    assert FeedSubscription.objects.count() == 1
