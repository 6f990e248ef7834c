"""The API serves the documents the public index stores (written from the latest revisions
by the revision services): each has exactly the fields and types its OpenAPI schema
names (``ClaimSerializer`` and the others stay the schema's definition), each says what
the revisions published, and a page of them is one query whatever its size."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import DateTimeField, Value
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from rest_framework.fields import DateTimeField as DrfDateTime

from claims import services
from claims.models import PublishedClaim, Topic, Verdict, VerdictRevision
from claims.selectors.families import API_KEYS as APPEARANCE_KEYS
from factcheck.api.factchecktools import our_site
from factcheck.base.jsonsql import iso_instant
from tests import factories
from tests.api.openapi import check, published_schema, response_schema

CORRECTING = ("correction", "update", "clarification")


def _varied_claims(editor) -> None:
    """Every shape a listed claim can take: no speaker, an article without an outlet,
    topics, another fact-checker's verdict, a retraction and a correction."""
    outlet = factories.make_outlet(name="Gazeta «Ъ»", url="https://gazeta.example.ru/")
    factories.make_verdict(
        status="published", claim=factories.make_claim(speaker=None, quote='«Всё» — "ok"')
    )
    bare = factories.make_claim(article=factories.make_article(), appeared_in=outlet)
    factories.make_verdict(status="published", claim=bare)
    factories.make_verdict(
        status="published",
        claim=bare,
        publisher=outlet,
        external_url="https://gazeta.example.ru/check/1",
    )
    only_theirs = factories.make_claim(claimed_on=datetime.date(2024, 2, 29))
    factories.make_verdict(
        status="published",
        claim=only_theirs,
        publisher=outlet,
        external_url="https://gazeta.example.ru/check/2",
    )
    topical = factories.make_claim(article=factories.make_article(outlet=outlet))
    for name in ("Zebra", "Aardvark"):
        topical.topics.add(Topic.objects.create(name=name, slug=name.lower()))
    retracted = factories.make_verdict(status="published", claim=topical)
    services.verdict_retract(verdict=retracted, user=editor, note="The figures were forged.")
    corrected = factories.make_verdict(status="published")
    # Translations: one of the latest revision, one the correction below puts out of date.
    translated = factories.make_verdict(status="published")
    for original, language in ((translated, "es"), (corrected, "fr")):
        factories.make_verdict(
            status="published",
            claim=original.claim,
            translation_of=original,
            translated_revision=1,
            language=language,
            rating=original.rating,
            headline=f"Traduction «{language}»",
            claim_wording=f"La afirmación ({language}).",
        )
    services.verdict_correct(
        verdict=corrected,
        user=editor,
        expected_version=corrected.version,
        note="The ministry confirmed the figures.",
        kind="update",
    )
    factories.make_verdict(status="draft", headline="DRAFT-MARKER-7731")


def _get(api, url: str, **params: Any) -> Any:
    response = api.get(url, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def _listed(api) -> list[dict]:
    return _get(api, reverse("api:claim-list"), page_size=100)["results"]


def test_every_served_document_has_exactly_the_schemas_fields_and_types(api, seed, editor):
    _varied_claims(editor)
    schema = published_schema()
    for path in (
        "/api/v1/claims/",
        "/api/v1/verdicts/",
        "/api/v1/speakers/",
        "/api/v1/articles/",
        "/api/v1/outlets/",
        "/api/v1/topics/",
    ):
        body = _get(api, path, page_size=100)
        assert body["results"], path
        check(schema, response_schema(schema, path), body, path)
    claims = _listed(api)
    assert len(claims) == PublishedClaim.objects.count() > 10
    for claim in claims:
        detail = _get(api, claim["url"])
        check(schema, response_schema(schema, "/api/v1/claims/{slug}/"), detail, claim["url"])
        assert detail == claim
        for verdict in claim["verdicts"]:
            url = reverse("api:verdict-detail", args=[verdict["slug"]])
            served = _get(api, url)
            check(schema, response_schema(schema, "/api/v1/verdicts/{slug}/"), served, url)
            assert {k: v for k, v in served.items() if k not in ("claim", "translations")} == (
                verdict
            )
            # A verdict's translations are its claim's: those of our verdict on it.
            ours = verdict["publisher"]["ours"]
            assert served["translations"] == (claim["translations"] if ours else [])
            assert served["claim"] == {
                key: claim[key] for key in ("slug", "text", "speaker", "claimed_on", "language")
            }
    assert "DRAFT-MARKER-7731" not in json.dumps(claims)


def _instant(moment: datetime.datetime) -> str:
    return DrfDateTime().to_representation(moment)


def _outlet(outlet: dict | None) -> dict | None:
    return None if outlet is None else {k: outlet[k] for k in ("slug", "name", "domain")}


def _expected_verdict(verdict: Verdict, claim_slug: str) -> dict[str, Any]:
    """What the revisions of ``verdict`` published, in the API's words."""
    revisions = list(VerdictRevision.objects.filter(verdict=verdict).order_by("number"))
    latest = revisions[-1].document
    published = latest["verdict"]
    rating = published["rating"]
    ours = published["publisher"] is None
    home = settings.FACTCHECK_PUBLISHER_URL
    retraction = latest.get("retraction")
    theirs = published.get("their_review")
    undated = theirs is not None and not theirs.get("datePublished")
    if theirs is not None:  # another publisher's own numbers, as they gave them
        given = theirs.get("reviewRating") or {}
        rating = rating | {
            "position": given.get("ratingValue"),
            "best": given.get("bestRating"),
            "worst": given.get("worstRating"),
        }
    return {
        "slug": verdict.slug,
        "status": "retracted" if retraction else "published",
        "publisher": {"name": settings.FACTCHECK_PUBLISHER_NAME, "url": home, "ours": True}
        if ours
        else {"name": published["publisher"]["name"], "url": published["publisher"]["url"]}
        | {"ours": False},
        "rating": {
            "slug": rating["slug"],
            "label": rating["label"],
            "position": rating["position"],
            "best": rating["best"],
            "worst": rating["worst"],
            "scale": rating["scale"]["slug"],
        },
        "headline": published["headline"],
        "summary": published["summary"],
        # The bylines as the revision froze them, never the working rows.
        "author": published["author"],
        "reviewers": latest["reviewers"],
        "page_url": f"{settings.FACTCHECK_SITE_URL}claims/{claim_slug}/"
        if ours
        else published["external_url"],
        "first_published": _instant(revisions[0].published_at),
        # Another publisher's review that gave no date: its date is the day first seen.
        "review_date": None if undated else _instant(revisions[0].published_at),
        "date_first_seen": _instant(revisions[0].published_at) if undated else None,
        "language": published.get("language") or latest["claim"]["language"],
        "last_updated": _instant(revisions[-1].published_at),
        "corrections": sum(r.kind in CORRECTING for r in revisions),
        "retraction": None
        if retraction is None
        else {
            "date": _instant(datetime.datetime.fromisoformat(retraction["at"])),
            "note": retraction["note"],
        },
    }


def _expected_claim(served: dict[str, Any]) -> dict[str, Any]:
    """The claim as its lead verdict's latest revision published it (ours, else the first
    other publisher's), with every public verdict, ours first."""
    verdicts = sorted(
        Verdict.objects.filter(slug__in=[v["slug"] for v in served["verdicts"]]),
        key=lambda v: (v.publisher_id is not None, v.publisher_id or 0, v.pk),
    )
    lead = VerdictRevision.objects.filter(verdict=verdicts[0]).order_by("-number").first()
    assert lead is not None
    claim = lead.document["claim"]
    article = claim["article"]
    return {
        "slug": claim["slug"],
        "url": served["url"],
        "text": claim["text"],
        "quote": claim["quote"],
        "speaker": None
        if claim["speaker"] is None
        else {k: claim["speaker"][k] for k in ("slug", "name", "kind", "title")},
        "article": None
        if article is None
        else {
            "slug": article["slug"],
            "title": article["title"],
            "url": article["url"],
            "published_on": article["published_on"],
            "outlet": _outlet(article["outlet"]),
        },
        "outlet": _outlet(claim["appeared_in"]),
        "appearance_url": claim["url"],
        "archived_url": claim["archived_url"],
        "claimed_on": claim["claimed_on"],
        "context": claim["context"],
        "topics": claim["topics"],
        "language": claim["language"],
        # Where else it was said, as the lead revision published it (claim families).
        "appearances": [
            {k: entry[k] for k in APPEARANCE_KEYS}
            for entry in lead.document.get("appearances", [])
        ],
        "verdicts": [_expected_verdict(v, claim["slug"]) for v in verdicts],
        "translations": [
            _expected_translation(t, claim["slug"], v)
            for v in verdicts
            if v.publisher_id is None and _listed_status(v) == "published"
            for t in v.translations.order_by("language")
            if _listed_status(t) == "published"
        ],
    }


def _listed_status(verdict: Verdict) -> str | None:
    latest = VerdictRevision.objects.filter(verdict=verdict).order_by("-number").first()
    if latest is None or latest.kind == "takedown":
        return None
    return "retracted" if "retraction" in latest.document else "published"


def _expected_translation(translation: Verdict, slug: str, original: Verdict) -> dict[str, Any]:
    """A translation of ours as its latest revision published it: its page, its headline,
    and whether the original was revised after the revision it translates."""
    latest = VerdictRevision.objects.filter(verdict=translation).order_by("-number").first()
    assert latest is not None
    language = latest.document["verdict"]["language"]
    translated = latest.document["translation"]["revision"]
    return {
        "language": language,
        "url": f"{settings.FACTCHECK_SITE_URL}{language}/claims/{slug}/",
        "headline": latest.document["verdict"]["headline"],
        "out_of_date": original.revisions.count() > translated,
    }


def _served_equal_published(api) -> None:
    claims = _listed(api)
    assert claims
    for claim in claims:
        assert claim == _expected_claim(claim)
        assert claim["url"].endswith(reverse("api:claim-detail", args=[claim["slug"]]))
    assert [v["last_updated"] for c in claims for v in c["verdicts"]]


def test_the_served_documents_are_what_the_revisions_published(api, seed, editor):
    _varied_claims(editor)
    _served_equal_published(api)
    topics = next(c for c in _listed(api) if c["topics"])["topics"]
    assert [t["name"] for t in topics] == ["Aardvark", "Zebra"]


@override_settings(TIME_ZONE="America/New_York")
def test_times_are_written_in_the_configured_zone_as_drf_writes_them(api, editor):
    # In the zone configured when the revision was published: stored, not re-rendered.
    _varied_claims(editor)
    stamps = [v["first_published"] for c in _listed(api) for v in c["verdicts"]]
    assert any(s.endswith(("-04:00", "-05:00")) for s in stamps)
    _served_equal_published(api)


def _count(api, name: str, **params: Any) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as run:
        response = api.get(reverse(name), params)
    assert response.status_code == 200, response.content
    return len(run.captured_queries), len(json.loads(response.content)["results"])


# Every list and filter a page can be, checked on one archive (building it is what
# costs: 110 published verdicts, each written through the revision services).
PAGE_CASES = [
    ("api:claim-list", {}),
    ("api:claim-list", {"q": "claim"}),
    ("api:claim-list", {"q": "claim", "ordering": "-published"}),
    ("api:claim-list", {"ordering": "-claimed"}),
    ("api:claim-list", {"speaker": "many", "rating": "false", "topic": "busy"}),
    ("api:claim-list", {"publisher": "ours", "published_after": "2000-01-01"}),
    ("api:verdict-list", {}),
    ("api:verdict-list", {"q": "claim", "speaker": "many", "rating": "false"}),
]


def test_a_page_is_one_query_whatever_its_size(api, db):
    speaker = factories.make_speaker(slug="many")
    topic = Topic.objects.create(name="Busy", slug="busy")
    # Enough for three page sizes that differ tenfold; each published verdict costs a
    # revision (~0.1 s), so not the hundreds a page could hold.
    for n in range(30):
        claim = factories.make_claim(speaker=speaker if n % 2 else factories.make_speaker())
        claim.topics.add(topic)
        factories.make_verdict(status="published", claim=claim, rating=factories.rating("false"))
    for name, params in PAGE_CASES:
        counts, found = [], []
        for size in (2, 5, 20):
            queries, items = _count(api, name, page_size=size, **params)
            counts.append(queries)
            found.append(items)
        assert found[:2] == [2, 5], (name, params)
        assert found[2] > 10, (name, params)
        assert counts[0] == counts[1] == counts[2] == 1, (name, params, counts)


def test_a_claim_or_verdict_is_one_query(api, db):
    verdict = factories.make_verdict(status="published")
    for url in (
        reverse("api:claim-detail", args=[verdict.claim.slug]),
        reverse("api:verdict-detail", args=[verdict.slug]),
    ):
        with CaptureQueriesContext(connection) as run:
            assert api.get(url).status_code == 200
        assert len(run.captured_queries) == 1, url


# factcheck.base.jsonsql.iso_instant no longer writes the API's documents (the revision
# services do, in Python); kept to DRF's format while it exists.
@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata", "Pacific/Chatham", "America/St_Johns"])
def test_the_sql_time_format_matches_drf_for_odd_offsets(db, zone):
    Topic.objects.create(name="Any", slug="any")  # one row to select the expression on
    moments = [
        datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
        datetime.datetime(2025, 7, 2, 23, 59, 59, 120000, tzinfo=datetime.UTC),
        datetime.datetime(1999, 12, 31, 12, 0, 0, 1, tzinfo=datetime.UTC),
    ]
    with override_settings(TIME_ZONE=zone):
        for moment in moments:
            written = Topic.objects.values_list(
                iso_instant(Value(moment, output_field=DateTimeField())), flat=True
            ).get()
            assert written == DrfDateTime().to_representation(moment), (zone, moment)


FACT_CHECK_TOOLS_CASES = [
    {"query": "claim"},
    {"query": "claim", "reviewPublisherSiteFilter": "checks.example", "maxAgeDays": "30"},
    {"reviewPublisherSiteFilter": "checks.example", "languageCode": "en"},
]


def test_a_fact_check_tools_page_is_two_queries_whatever_its_size(api, db):
    theirs = factories.make_outlet(domain="checks.example", kind="fact_checker")
    for n in range(16):
        claim = factories.make_claim()
        factories.make_verdict(status="published", claim=claim)
        factories.make_verdict(
            status="published",
            claim=claim,
            publisher=theirs,
            external_url=f"https://checks.example/{n}",
        )
    for params in FACT_CHECK_TOOLS_CASES:
        counts = []
        for size in (2, 15):
            with CaptureQueriesContext(connection) as run:
                response = api.get(reverse("factchecktools-search"), {**params, "pageSize": size})
            claims = response.json()["claims"]
            assert len(claims) == size, params
            reviews = [r for c in claims for r in c["claimReview"]]
            sites = {r["publisher"]["site"] for r in reviews}
            filtered = "reviewPublisherSiteFilter" in params
            assert sites == ({"checks.example"} if filtered else {"checks.example", our_site()})
            counts.append(len(run.captured_queries))
        assert counts[0] == counts[1] == 2, (params, counts)
