"""Real-world ClaimReview files (AFP's French DataFeed item and schema.org's PolitiFact
example in ``../shared/data/claimreview/``, Google's documented example in
``tests/data/``): each imports, and comes back out of ``export_claimreview --publisher``
as the publisher wrote it: wording, rating with their own numbers, dates, author,
claimant, appearances and language. Also what the import keeps or refuses on the way:
reviews without a date, descriptive claimants, non-http addresses, --skip-invalid."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import Claim, Speaker, Verdict
from factcheck.claimreview import parse as parse_module
from sources.models import Article, Outlet, Source
from tests import factories
from tests.databases import manage, migrated_database, server_url

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "claimreview"
AFP = SHARED / "afp_factuel_defacto.json"
POLITIFACT = SHARED / "schemaorg_politifact_example.html"
GOOGLE = Path(__file__).resolve().parent / "data" / "google_factcheck_example.html"

FILES = {
    # name: (path, publisher slug, the language the export should carry)
    "afp": (AFP, "xxxxxxxxxxx", "fr"),  # no inLanguage: French, detected
    "politifact": (POLITIFACT, "politifactcom", "en"),  # no inLanguage either: detected
    "google": (GOOGLE, "examplecom-science-watch", "en"),
}


def _input(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("<"):
        text = text[text.index('type="application/ld+json">') + 27 : text.index("</script>")]
    return json.loads(text)


def _import(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_claimreview", str(path), "--as", "editor", *args, stdout=out)
    return out.getvalue()


def _export(slug: str) -> list[dict[str, Any]]:
    out = io.StringIO()
    call_command("export_claimreview", "--publisher", slug, stdout=out)
    feed = json.loads(out.getvalue())
    return [item for element in feed["dataFeedElement"] for item in element["item"]]


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _norm_author(author: dict[str, Any]) -> dict[str, Any]:
    kind = author.get("@type", author.get("type"))
    return {"@type": kind, "name": author.get("name"), "url": author.get("url")}


def _appearances(item: dict[str, Any]) -> list[str]:
    found = item.get("appearance") or []
    found = found if isinstance(found, list) else [found]
    return [a["url"] if isinstance(a, dict) else a for a in found]


def _skip_absent(path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"{path} is absent")


@pytest.mark.parametrize("name", list(FILES))
def test_real_files_import_and_round_trip_unchanged(name, editor):
    path, slug, detected = FILES[name]
    _skip_absent(path)
    given = _input(path)
    _import(path)
    [back] = _export(slug)
    assert back["url"] == given["url"]
    assert back["claimReviewed"] == given["claimReviewed"]
    assert back["reviewRating"]["alternateName"] == given["reviewRating"]["alternateName"]
    for key in ("ratingValue", "bestRating", "worstRating"):
        assert _number(back["reviewRating"].get(key)) == _number(given["reviewRating"].get(key)), (
            key
        )
    for key in ("datePublished", "dateModified"):
        assert back.get(key) == given.get(key), key
    assert back.get("inLanguage") == (given.get("inLanguage") or detected)
    if "name" in given["author"]:
        assert back["author"]["name"] == given["author"]["name"]
    assert _norm_author(back["author"])["url"] == given["author"].get("url")
    item, item_back = given["itemReviewed"], back["itemReviewed"]
    assert item_back.get("datePublished") == item.get("datePublished")
    assert item_back["author"]["name"] == item["author"]["name"]
    assert item_back["author"].get("jobTitle") == item["author"].get("jobTitle")
    same_as = item["author"].get("sameAs")
    same_as = [same_as] if isinstance(same_as, str) else same_as
    assert item_back["author"].get("sameAs") == same_as
    assert item_back.get("appearance", []) == _appearances(item)


def test_politifact_keeps_its_own_one_of_six(editor, api):
    _skip_absent(POLITIFACT)
    _import(POLITIFACT)
    verdict = Verdict.objects.get()
    # "True" matches our scale's label (6 of 6 there): their numbers stay theirs.
    assert verdict.rating.label == "True"
    [back] = _export("politifactcom")
    assert back["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "True",
        "ratingValue": 1,
        "bestRating": 6,
    }
    served = api.get(reverse("api:verdict-detail", args=[verdict.slug])).json()
    assert (served["rating"]["position"], served["rating"]["best"]) == (1, 6)
    assert served["rating"]["worst"] is None
    # jobTitle as they wrote it, on the speaker this import created.
    assert verdict.claim.speaker.title == "Former Governor of Texas"


def test_googles_example_without_a_review_date_is_public_and_dated_first_seen(editor, api):
    _import(GOOGLE)
    verdict = Verdict.objects.select_related("claim__speaker").get()
    assert verdict.status == "published"
    assert verdict.their_review is not None
    assert "datePublished" not in verdict.their_review
    assert verdict.claim.speaker.name == "Square World Society"
    assert verdict.claim.speaker.kind == "organisation"
    served = api.get(reverse("api:verdict-detail", args=[verdict.slug])).json()
    assert served["review_date"] is None
    assert served["date_first_seen"] == served["first_published"]
    search = api.get(
        reverse("factchecktools-search"), {"query": "world flat", "maxAgeDays": 2}
    ).json()
    [review] = search["claims"][0]["claimReview"]
    assert "reviewDate" not in review  # unknown, so absent, as Google leaves it
    assert review["firstSeenDate"]


def test_afps_french_review_is_french_and_found_with_languagecode_fr(editor, api):
    _skip_absent(AFP)
    _import(AFP)
    verdict = Verdict.objects.select_related("claim").get()
    assert (verdict.language, verdict.claim.language) == ("fr", "fr")
    found = api.get(
        reverse("factchecktools-search"), {"query": "FIJAIS", "languageCode": "fr"}
    ).json()
    assert [r["languageCode"] for r in found["claims"][0]["claimReview"]] == ["fr"]
    english = {"query": "FIJAIS", "languageCode": "en"}
    assert api.get(reverse("factchecktools-search"), english).json()["claims"] == []


def test_an_undetectable_language_is_und_never_english(editor, tmp_path):
    review = {
        "@type": "ClaimReview",
        "url": "https://checks.example.org/x",
        "claimReviewed": "12345 678",
        "reviewRating": {"alternateName": "Faux"},
    }
    path = tmp_path / "review.json"
    path.write_text(json.dumps(review))
    _import(path)
    assert Verdict.objects.get().language == "und"
    assert "inLanguage" not in _export("checksexampleorg")[0]


def _descriptive(tmp_path, name: str, url: str) -> Speaker:
    review = {
        "@type": "ClaimReview",
        "url": url,
        "datePublished": "2025-01-02",
        "claimReviewed": "Qatar paid for the talks.",
        "inLanguage": "en",
        "author": {
            "@type": "Organization",
            "name": "Checks",
            "url": "https://checks.example.org/",
        },
        "reviewRating": {"alternateName": "False"},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": name}},
    }
    path = tmp_path / "review.json"
    path.write_text(json.dumps(review))
    _import(path)
    speaker = Verdict.objects.get(external_url=url).claim.speaker
    assert speaker is not None
    return speaker


def test_a_descriptive_claimant_stays_unnamed_and_is_never_matched_by_name(editor, tmp_path):
    first = _descriptive(tmp_path, "a Qatari diplomat", "https://checks.example.org/1")
    assert (first.name, first.kind) == ("a Qatari diplomat", "anonymous")
    second = _descriptive(tmp_path, "A Qatari diplomat", "https://checks.example.org/2")
    assert (second.name, second.kind) == ("a Qatari diplomat", "anonymous")
    assert second.pk != first.pk  # two descriptions are not one person
    named = _descriptive(tmp_path, "jane mayor-smith", "https://checks.example.org/3")
    assert named.kind == "anonymous"  # lower case reads as a description
    person = _descriptive(tmp_path, "McKinsey van Dyke", "https://checks.example.org/4")
    assert (person.name, person.kind) == ("McKinsey van Dyke", "person")  # never recapitalised
    # Their wording comes back as they wrote it.
    by_url = {r["url"]: r for r in _export("checks")}
    author = by_url["https://checks.example.org/2"]["itemReviewed"]["author"]
    assert author["name"] == "A Qatari diplomat"


def _feed(*reviews: dict[str, Any]) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [{"@type": "DataFeedItem", "item": [r]} for r in reviews],
    }


def _valid(n: int) -> dict[str, Any]:
    return {
        "@type": "ClaimReview",
        "url": f"https://checks.example.org/{n}",
        "claimReviewed": f"Claim number {n} is about the budget.",
        "inLanguage": "en",
        "reviewRating": {"alternateName": "False"},
    }


BAD = [
    {**_valid(2), "reviewRating": {"ratingValue": 1}},  # no textual rating
    {**_valid(3), "itemReviewed": {"appearance": {"url": "javascript:alert(1)"}}},
]


def test_skip_invalid_imports_the_valid_and_names_each_skipped_one(editor, tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(_feed(_valid(1), *BAD, _valid(4))))
    report = tmp_path / "report.json"
    out = _import(path, "--skip-invalid", "--report", str(report))
    assert sorted(Verdict.objects.values_list("external_url", flat=True)) == [
        "https://checks.example.org/1",
        "https://checks.example.org/4",
    ]
    assert "2 invalid left out" in out
    assert "Left out ClaimReview 2 (https://checks.example.org/2)" in out
    skipped = json.loads(report.read_text())["skipped"]
    assert [(s["where"], s["url"]) for s in skipped] == [
        ("ClaimReview 2", "https://checks.example.org/2"),
        ("ClaimReview 3", "https://checks.example.org/3"),
    ]
    assert "alternateName" in skipped[0]["reason"]
    assert "itemReviewed.appearance" in skipped[1]["reason"]


def test_without_skip_invalid_one_bad_review_writes_nothing(editor, tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(_feed(_valid(1), BAD[1], _valid(4))))
    with pytest.raises(CommandError, match=r"itemReviewed\.appearance.*Nothing was imported"):
        _import(path)
    assert not Verdict.objects.exists()
    assert not Claim.objects.exists()
    assert not Outlet.objects.exists()


@pytest.mark.parametrize(
    ("where", "change"),
    [
        ("appearance", {"itemReviewed": {"appearance": [{"url": "javascript:alert(1)"}]}}),
        ("sameAs", {"itemReviewed": {"author": {"name": "Jo", "sameAs": "data:text/html,x"}}}),
        ("author.url", {"author": {"name": "Checks", "url": "ftp://checks.example.org/"}}),
        ("url", {"url": "javascript://checks.example.org/%0aalert(1)"}),
    ],
)
def test_the_importer_refuses_non_http_addresses_by_name(where, change, editor, tmp_path):
    path = tmp_path / "review.json"
    path.write_text(json.dumps({**_valid(1), **change}))
    with pytest.raises(CommandError, match=rf"ClaimReview 1: “[\w.]*{where}” should be an http"):
        _import(path)
    assert not Verdict.objects.exists()


def test_without_the_importers_check_the_database_still_refuses_cleanly(
    editor, tmp_path, monkeypatch
):
    """Were the importer's scheme check gone, the database's constraint refuses the
    address: still a message naming the review and the rule, never a traceback."""
    monkeypatch.setattr(parse_module, "HTTP_URL", __import__("re").compile(r".+"))
    path = tmp_path / "review.json"
    bad = {**_valid(1), "itemReviewed": {"appearance": {"url": "javascript:alert(1)"}}}
    path.write_text(json.dumps(bad))
    with pytest.raises(
        CommandError, match=r"ClaimReview 1: the database refused .*claim_url_http"
    ):
        _import(path)
    assert not Verdict.objects.exists()


def _refused(create: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://a.org/", "/x"])
def test_every_url_column_refuses_what_is_not_http(url, db):
    outlet = Outlet.objects.create(name="O", slug="o", domain="o.example", kind="newspaper")
    _refused(lambda: Outlet.objects.filter(pk=outlet.pk).update(url=url))
    _refused(lambda: Article.objects.create(title="A", slug="a", url=url, outlet=outlet))
    _refused(lambda: Source.objects.create(title="S", url=url))
    _refused(lambda: Source.objects.create(title="S", url="https://a.org/", archived_url=url))
    claim = factories.make_claim()
    _refused(lambda: Claim.objects.filter(pk=claim.pk).update(url=url))
    _refused(lambda: Claim.objects.filter(pk=claim.pk).update(archived_url=url))
    speaker = factories.make_speaker()
    _refused(lambda: Speaker.objects.filter(pk=speaker.pk).update(same_as=["https://a.org/", url]))
    verdict = factories.make_verdict(claim=claim)
    _refused(lambda: Verdict.objects.filter(pk=verdict.pk).update(external_url=url))
    # And http(s) goes through, in any case, in every column.
    Speaker.objects.filter(pk=speaker.pk).update(same_as=["HTTPS://a.org/x", "http://b.org"])
    Claim.objects.filter(pk=claim.pk).update(url="https://a.org/?q=1#x", archived_url="")


def test_the_publisher_export_never_carries_a_draft_or_reference(editor, tmp_path):
    path = tmp_path / "review.json"
    path.write_text(
        json.dumps(
            {**_valid(1), "author": {"name": "Checks", "url": "https://checks.example.org/"}}
        )
    )
    _import(path)
    outlet = Outlet.objects.get(slug="checks")
    for status in ("draft", "reference"):
        claim = factories.make_claim(text=f"PLANTED-{status.upper()}-MARKER")
        Verdict.objects.create(
            claim=claim,
            publisher=outlet,
            slug=f"planted-{status}",
            status=status,
            headline=f"PLANTED-{status.upper()}-MARKER",
            external_url=f"https://checks.example.org/planted-{status}",
            claim_reviewed=f"PLANTED-{status.upper()}-MARKER",
        )
    out = io.StringIO()
    call_command("export_claimreview", "--publisher", "checks", stdout=out)
    assert "PLANTED" not in out.getvalue()
    assert [r["url"] for r in _export("checks")] == ["https://checks.example.org/1"]


def test_an_unknown_publisher_slug_is_a_clear_error(db):
    with pytest.raises(CommandError, match=r"No publisher .* 'nobody'"):
        call_command("export_claimreview", "--publisher", "nobody", stdout=io.StringIO())


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.mark.heavy
def test_a_publishers_reviews_round_trip_between_two_installations(
    editor, tmp_path, django_db_blocker
):
    """Installation A (the test database) exports a publisher's imported reviews;
    installation B (a database of its own, set up as the quickstart does) imports them
    and exports them with --publisher: the two exports are equal, field for field."""
    feed = _feed(
        {
            **_valid(1),
            "author": {
                "@type": "Organization",
                "name": "Checks",
                "url": "https://checks.example.org/",
            },
            "headline": "No, the budget did not",
            "datePublished": "2025-03-04T10:00:00+01:00",
            "dateModified": "2025-03-05",
            "reviewRating": {
                "alternateName": "Mostly nonsense",
                "ratingValue": 2.5,
                "bestRating": 5,
                "worstRating": 1,
            },
            "itemReviewed": {
                "@type": "Claim",
                "datePublished": "2025-03-01",
                "author": {"@type": "Person", "name": "a Qatari diplomat", "jobTitle": "Envoy"},
                "firstAppearance": {"url": "https://video.example.com/first"},
                "appearance": [
                    {"url": "https://video.example.com/a"},
                    {"url": "https://video.example.com/b"},
                ],
            },
        },
        {
            **_valid(2),
            "author": {"name": "Checks", "url": "https://checks.example.org/"},
            "inLanguage": "pt-BR",
        },
    )
    source = tmp_path / "feed.json"
    source.write_text(json.dumps(feed))
    _import(source)
    exported_a = _export("checks")
    assert len(exported_a) == 2
    a_file = tmp_path / "a.json"
    out = io.StringIO()
    call_command("export_claimreview", "--publisher", "checks", str(a_file), stderr=out)
    with django_db_blocker.unblock():
        server = server_url()
    with migrated_database(server, "factcheck_roundtrip") as url:
        manage(url, "quickstart", "--no-serve")
        manage(url, "import_claimreview", str(a_file), "--as", "editor", "--verbosity", "0")
        feed_b = json.loads(manage(url, "export_claimreview", "--publisher", "checks").stdout)
    exported_b = [item for element in feed_b["dataFeedElement"] for item in element["item"]]
    assert exported_b == exported_a


def test_the_claim_page_marks_each_block_in_its_own_language(editor, client):
    _skip_absent(AFP)
    _import(AFP)
    claim = Claim.objects.get()
    page = client.get(reverse("web:claim", args=[claim.slug])).content.decode()
    assert '<html lang="en" dir="ltr">' in page  # the interface's language
    assert 'lang="fr">Le contrôle du FIJAIS' in page
    assert page.count('lang="fr"') >= 2  # the claim, and their review's headline


def test_a_review_without_a_date_says_so_on_the_page(editor, client):
    _import(GOOGLE)
    claim = Claim.objects.get()
    page = client.get(reverse("web:claim", args=[claim.slug])).content.decode()
    assert "date unknown (first seen " in page
