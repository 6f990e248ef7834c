from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from claims import services
from claims.models import Claim, Rating, Verdict, VerdictReview, VerdictRevision
from claims.services.revisions import rebuild_revisions
from claims.services.search import reindex_claims
from tests import factories


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The heavy checks (load, fuzzing, crawling, faults) run once: in the embedded pass,
    which always runs, not again on DATABASE_URL's server. FACTCHECK_HEAVY_TESTS=1 runs
    them there too."""
    if not os.environ.get("DATABASE_URL") or os.environ.get("FACTCHECK_HEAVY_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="heavy: runs in the embedded pass (FACTCHECK_HEAVY_TESTS=1)")
    for item in items:
        if "heavy" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def rating_scale(request: pytest.FixtureRequest) -> None:
    """Ratings are reference data every verdict needs, as in every installation."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction", False)
    )
    if transactional:
        request.getfixturevalue("transactional_db")
    elif marker is not None or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    if not Rating.objects.exists():
        call_command("loaddata", "fixtures/rating_scale.json", verbosity=0)


@pytest.fixture
def unthrottled(monkeypatch: pytest.MonkeyPatch) -> None:
    """One visitor making thousands of requests (crawlers, fuzzers): the API's rate limit
    is not the subject of those tests."""
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "allow_request", lambda self, request, view: True)


@pytest.fixture
def seed(db: None) -> None:
    call_command("loaddata", "fixtures/seed.json", verbosity=0)
    # As quickstart does: the seed's public verdicts get the revisions readers are served.
    rebuild_revisions(Verdict, VerdictRevision)
    reindex_claims(Claim.objects.values_list("pk", flat=True))


def _user(username: str, role: str | None) -> Any:
    user = factories.make_user(username=username)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(db: None) -> Any:
    return _user("editor", "Editor")


@pytest.fixture
def editor2(db: None) -> Any:
    return _user("editor2", "Editor")


@pytest.fixture
def factchecker(db: None) -> Any:
    return _user("factchecker", "Fact-checker")


@pytest.fixture
def login() -> Callable[[Any], Client]:
    def _login(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def fresh_cache(settings: Any) -> None:
    """Each test starts with an empty cache: no throttle history from the tests before.

    The public response cache is off: tests change rows directly (factories), which a
    deployment never does, and assert the query counts of uncached pages. The tests of
    the cache itself switch it on."""
    cache.clear()
    settings.PUBLIC_CACHE_SECONDS = 0


MARKER = "ZQXMARKER"


def _plant_beyond_drafts(public: Any, factchecker: Any, editor: Any) -> None:
    """Every other kind of record that must not be public, each carrying the marker: an
    approved but unpublished correction (and working-copy edits of a published claim and
    its cited source), a verdict taken down, another publisher's archive reference (as
    LIAR's)."""
    editor2 = _user("planter-editor", "Editor")
    chief = _user("planter-chief", "Editor-in-chief")
    services.verdict_correct(
        verdict=public,
        user=editor,
        expected_version=factories.version(public),
        note=f"{MARKER} proposed note",
        changes={"headline": f"{MARKER} proposed headline"},
    )
    services.verdict_approve(
        verdict=public, user=editor2, expected_version=factories.version(public)
    )
    Claim.objects.filter(pk=public.claim_id).update(quote=f"{MARKER} working quote")
    cited = public.verdict_sources.first()
    type(cited.source).objects.filter(pk=cited.source_id).update(title=f"{MARKER} source")
    taken = factories.make_verdict(
        status="published",
        headline=f"{MARKER} taken down headline",
        claim=factories.make_claim(text=f"{MARKER} taken down claim", slug="zqx-taken-down"),
    )
    services.verdict_takedown(verdict=taken, user=chief, note="Removed on a court order.")
    factories.make_verdict(
        status="reference",
        headline=f"{MARKER} reference headline",
        publisher=factories.make_outlet(kind="fact_checker", name="Archive Check"),
        claim=factories.make_claim(text=f"{MARKER} reference claim", slug="zqx-reference"),
    )


@pytest.fixture
def planted(seed, factchecker, editor):
    """Unpublished work in every state, each piece carrying the marker."""
    speaker = factories.make_speaker(name=f"{MARKER} Speaker", slug="zqx-speaker")
    outlet = factories.make_outlet(
        name=f"{MARKER} Outlet", slug="zqx-outlet", domain="zqx.example.com"
    )
    article = factories.make_article(title=f"{MARKER} Article", slug="zqx-article", outlet=outlet)
    topic = services.topic_create(user=editor, name=f"{MARKER} Topic", slug="zqx-topic")
    source = factories.make_source(title=f"{MARKER} Source", url="https://zqx.example.com/doc")
    slugs = {}
    for state in ("draft", "in_review", "returned"):
        claim = factories.make_claim(
            text=f"{MARKER} claim {state} about Trump and Qatar",
            slug=f"zqx-claim-{state}",
            speaker=speaker,
            article=article,
            appeared_in=outlet,
        )
        claim.topics.add(topic)
        verdict = factories.make_verdict(
            claim=claim,
            author=factchecker,
            headline=f"{MARKER} headline {state}",
            summary=f"{MARKER} summary {state}",
            slug=f"zqx-verdict-{state}",
        )
        verdict.verdict_sources.update(source=source)
        if state != "draft":
            services.verdict_submit(verdict=verdict, user=factchecker)
        if state == "returned":
            services.verdict_return(
                verdict=verdict, user=editor, comment=f"{MARKER} private comment"
            )
        slugs[state] = (claim.slug, verdict.slug)
    # A private review comment on a verdict that is public.
    public = Verdict.objects.public().ours().order_by("pk").first()
    VerdictReview.objects.create(
        verdict=public,
        reviewer=editor,
        decision="approved",
        comment=f"{MARKER} review note",
        round=1,
    )
    _plant_beyond_drafts(public, factchecker, editor)
    return {
        "slugs": slugs,
        "speaker": speaker,
        "outlet": outlet,
        "article": article,
        "topic": topic,
    }
