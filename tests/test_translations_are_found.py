"""Published translations of our verdicts are found (issue 21, item 4): by the words of a
current translation, in its language's stems, on the search page in any language, by the
API's ``q`` (with or without ``language``) and by Fact Check Tools' ``query`` with
``languageCode``, each hit resolving to its claim; the API lists them on their original.
An out-of-date translation is not searched until its own correction; a draft's words and
a retracted original's translations are found nowhere; the rebuild writes them again."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from claims import services
from claims.models import PublishedTranslation, Verdict
from tests import factories
from tests.conftest import _user

pytestmark = pytest.mark.django_db

# "The government stopped the vaccines in the school buses": the Arabic translation's
# wording. Searched as "لقاح" (a vaccine), a form the text does not hold: found by its stem.
ARABIC_WORDING = "أوقفت الحكومة اللقاحات في الحافلات المدرسية"
ARABIC_HEADLINE = "لا، لم تتوقف اللقاحات"
WORD = "لقاح"
SPANISH_WORDING = "El gobierno detuvo las vacunas en los autobuses escolares"
MARKER = "zqxfoundtranslationmarker"


@pytest.fixture
def original(db: None) -> Verdict:
    claim = factories.make_claim(
        text="The government stopped the jabs on school buses.", language="en"
    )
    return factories.make_verdict(
        status="published",
        claim=claim,
        headline="No, the jabs went on",
        summary="They went on.",
        body="The English body.",
        rating=factories.rating("false"),
    )


def _translate(
    original: Verdict, editor: Any, language: str, wording: str, headline: str, extra: str = ""
) -> Verdict:
    translation = services.verdict_translation_start(
        original=original, language=language, user=editor
    )
    return services.verdict_update(
        verdict=translation,
        user=editor,
        expected_version=factories.version(translation),
        changes={
            "headline": f"{headline} {extra}".strip(),
            "summary": f"{headline}. {extra}".strip(),
            "body": f"{headline} {extra}".strip(),
            "claim_wording": f"{wording} {extra}".strip(),
        },
    )


def _publish(translation: Verdict, editor: Any, editor2: Any) -> Verdict:
    services.verdict_submit(verdict=translation, user=editor)
    translation.refresh_from_db()
    return services.verdict_publish(
        verdict=translation, user=editor2, expected_version=factories.version(translation)
    )


def _arabic(original: Verdict, editor: Any, editor2: Any) -> Verdict:
    translation = _translate(original, editor, "ar", ARABIC_WORDING, ARABIC_HEADLINE)
    return _publish(translation, editor, editor2)


def _spanish(original: Verdict, editor: Any, editor2: Any) -> Verdict:
    translation = _translate(original, editor, "es", SPANISH_WORDING, "No, las vacunas siguieron")
    return _publish(translation, editor, editor2)


def _page(path: str, words: str) -> str:
    response = Client().get(path, {"q": words})
    assert response.status_code == 200
    return response.content.decode()


def _api(params: dict[str, str], name: str = "api:claim-list") -> list[str]:
    response = APIClient().get(reverse(name), params)
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    return [r["slug"] if name == "api:claim-list" else r["claim"]["slug"] for r in results]


def _google(params: dict[str, str]) -> list[dict[str, Any]]:
    response = APIClient().get(reverse("factchecktools-search"), params)
    assert response.status_code == 200, response.content
    return list(response.json().get("claims", []))


def _found_everywhere(slug: str, words: str, language: str) -> dict[str, bool]:
    """Whether each searching surface finds the claim at ``slug`` by ``words``."""
    return {
        "search page": f"/claims/{slug}/" in _page("/search/", words),
        f"/{language}/ search page": f"/claims/{slug}/" in _page(f"/{language}/search/", words),
        "api q": slug in _api({"q": words}),
        "api q language": slug in _api({"q": words, "language": language}),
        "api verdicts": slug in _api({"q": words, "language": language}, "api:verdict-list"),
        "fact check tools": bool(_google({"query": words, "languageCode": language})),
    }


def _everywhere(found: bool, language: str = "ar") -> dict[str, bool]:
    return dict.fromkeys(_found_everywhere("x", "x", language), found)


def test_an_arabic_word_finds_the_english_claim_by_its_arabic_translation(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    slug = original.claim.slug
    assert _found_everywhere(slug, WORD, "ar") == _everywhere(False)
    _arabic(original, editor, editor2)
    assert _found_everywhere(slug, WORD, "ar") == _everywhere(True)
    # The results lead to the translation's page, in its words, from the root's search too.
    for path in ("/search/", "/ar/search/"):
        html = _page(path, WORD)
        assert f'/ar/claims/{slug}/" dir="auto" lang="ar">{ARABIC_WORDING}</a>' in html, path
    # The English words still find it as it was, on its own page.
    english = _page("/search/", "jabs")
    assert f'href="/claims/{slug}/" dir="auto" lang="en">' in english
    assert ARABIC_WORDING not in english
    # Another language's narrowing keeps it out: its translation is Arabic.
    assert _api({"q": WORD, "language": "fr"}) == []
    assert _google({"query": WORD, "languageCode": "fr"}) == []


def test_fact_check_tools_answers_in_the_translations_language(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    _spanish(original, editor, editor2)
    _arabic(original, editor, editor2)
    slug = original.claim.slug
    (claim,) = _google({"query": "vacuna autobús", "languageCode": "es"})
    assert claim["text"] == SPANISH_WORDING
    (review,) = claim["claimReview"]
    assert review["url"].endswith(f"/es/claims/{slug}/")
    assert review["languageCode"] == "es"
    assert review["textualRating"] == "Falso"
    assert review["title"] == "No, las vacunas siguieron"
    (claim,) = _google({"query": WORD, "languageCode": "ar"})
    assert claim["text"] == ARABIC_WORDING
    assert claim["claimReview"][0]["textualRating"] == "خطأ"
    assert claim["claimReview"][0]["url"].endswith(f"/ar/claims/{slug}/")
    # Asked in English (or in no language), the original answers.
    for params in ({"query": "jabs", "languageCode": "en"}, {"query": "jabs"}):
        (claim,) = _google(params)
        assert claim["text"] == original.claim.text
        assert claim["claimReview"][0]["languageCode"] == "en"
        assert claim["claimReview"][0]["textualRating"] == "False"


def test_the_api_lists_the_translations_on_their_original(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    slug = original.claim.slug
    theirs = factories.make_verdict(
        status="published",
        claim=factories.make_claim(text="Another claim, reviewed by others.", language="en"),
        publisher=factories.make_outlet(),
        external_url="https://example.org/their-review",
        rating=factories.rating("false"),
    )
    api = APIClient()
    claim_url = reverse("api:claim-detail", args=[slug])
    assert api.get(claim_url).json()["translations"] == []
    _spanish(original, editor, editor2)
    _arabic(original, editor, editor2)
    listed = [
        {"language": "ar", "headline": ARABIC_HEADLINE, "out_of_date": False},
        {"language": "es", "headline": "No, las vacunas siguieron", "out_of_date": False},
    ]

    def brief(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for item in items:
            assert item["url"].endswith(f"/{item['language']}/claims/{slug}/")
        return [{k: v for k, v in item.items() if k != "url"} for item in items]

    verdict_url = reverse("api:verdict-detail", args=[original.slug])
    assert brief(api.get(claim_url).json()["translations"]) == listed
    assert brief(api.get(verdict_url).json()["translations"]) == listed
    claims = {c["slug"]: c for c in api.get(reverse("api:claim-list")).json()["results"]}
    assert brief(claims[slug]["translations"]) == listed
    assert claims[theirs.claim.slug]["translations"] == []
    verdicts = {v["slug"]: v for v in api.get(reverse("api:verdict-list")).json()["results"]}
    assert brief(verdicts[original.slug]["translations"]) == listed
    assert verdicts[theirs.slug]["translations"] == []
    # The translations are never verdicts of their own.
    assert set(verdicts) == {original.slug, theirs.slug}


def test_a_translation_the_original_was_corrected_after_is_found_again_after_its_own(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    translation = _arabic(original, editor, editor2)
    slug = original.claim.slug
    services.verdict_update(
        verdict=original,
        user=editor,
        expected_version=factories.version(original),
        changes={"summary": "They went on, with delays."},
        correction_note="Delays added.",
    )
    original.refresh_from_db()
    factories.publish_proposal(original, editor2)
    assert _found_everywhere(slug, WORD, "ar") == _everywhere(False)
    claim = APIClient().get(reverse("api:claim-detail", args=[slug])).json()
    assert [(t["language"], t["out_of_date"]) for t in claim["translations"]] == [("ar", True)]

    translation.refresh_from_db()
    services.verdict_translation_follow(
        translation=translation, user=editor, expected_version=factories.version(translation)
    )
    translation.refresh_from_db()
    services.verdict_update(
        verdict=translation,
        user=editor,
        expected_version=factories.version(translation),
        changes={"summary": "استمرت، مع تأخير."},
        correction_note="أضيف التأخير.",
    )
    translation.refresh_from_db()
    factories.publish_proposal(translation, editor2)
    assert _found_everywhere(slug, WORD, "ar") == _everywhere(True)
    claim = APIClient().get(reverse("api:claim-detail", args=[slug])).json()
    assert [(t["language"], t["out_of_date"]) for t in claim["translations"]] == [("ar", False)]


def test_a_draft_translations_words_are_found_and_listed_nowhere(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    slug = original.claim.slug
    draft = _translate(original, editor, "es", SPANISH_WORDING, "Borrador", extra=MARKER)
    services.verdict_submit(verdict=draft, user=editor)  # in review: still unpublished
    # A published translation whose working copy holds an unpublished edit.
    published = _arabic(original, editor, editor2)
    published.refresh_from_db()
    services.verdict_update(
        verdict=published,
        user=editor,
        expected_version=factories.version(published),
        changes={"headline": f"{ARABIC_HEADLINE} {MARKER}"},
        correction_note="Unreviewed.",
    )
    assert list(PublishedTranslation.objects.values_list("language", flat=True)) == ["ar"]
    assert _found_everywhere(slug, MARKER, "es") == _everywhere(False, "es")
    assert _found_everywhere(slug, "vacuna", "es") == _everywhere(False, "es")
    api = APIClient()
    paths = [
        reverse("api:claim-detail", args=[slug]),
        reverse("api:verdict-detail", args=[original.slug]),
        reverse("api:claim-list"),
        reverse("api:verdict-list"),
        f"{reverse('api:claim-list')}?language=es",
        f"{reverse('factchecktools-search')}?query=jabs&languageCode=es",
        f"{reverse('factchecktools-search')}?query={WORD}&languageCode=ar",
    ]
    for path in paths:
        body = api.get(path).content.decode()
        assert MARKER not in body, path
        assert "/es/claims/" not in body, path
        assert draft.slug not in body, path
    for path in ("/search/", "/es/search/", "/ar/search/"):
        for words in (WORD, "jabs", "vacuna"):
            html = _page(path, words)
            assert MARKER not in html, (path, words)
            assert SPANISH_WORDING not in html, (path, words)


def test_retracting_or_taking_down_the_original_takes_its_translations_out(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    _arabic(original, editor, editor2)
    slug = original.claim.slug
    original.refresh_from_db()
    services.verdict_retract(verdict=original, user=editor, note="The source recanted.")
    assert not PublishedTranslation.objects.exists()
    assert _found_everywhere(slug, WORD, "ar") == _everywhere(False)
    claim = APIClient().get(reverse("api:claim-detail", args=[slug])).json()
    assert claim["translations"] == []
    assert claim["verdicts"][0]["status"] == "retracted"


def test_taking_down_the_original_takes_its_translations_out(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    _arabic(original, editor, editor2)
    original.refresh_from_db()
    chief = _user("translations-chief", "Editor-in-chief")
    services.verdict_takedown(verdict=original, user=chief, note="A court order.")
    assert not PublishedTranslation.objects.exists()
    assert _found_everywhere(original.claim.slug, WORD, "ar") == _everywhere(False)


def _count(path: str, params: dict[str, str], client: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, params).status_code == 200
    return len(captured.captured_queries)


def test_searches_cost_the_same_queries_however_many_translations_they_find(
    editor: Any, editor2: Any
) -> None:
    # The originals first: rows the factories write after a service call, in the test's
    # one transaction, would be recorded under that call's audit context.
    originals = [
        factories.make_verdict(
            status="published",
            claim=factories.make_claim(text=f"Jabs stopped on bus number {n}.", language="en"),
            rating=factories.rating("false"),
        )
        for n in range(5)
    ]

    def translated_claim(n: int) -> None:
        _arabic(originals[n], editor, editor2)
        _spanish(originals[n], editor, editor2)

    asked = [
        ("/search/", {"q": WORD}),
        ("/ar/search/", {"q": WORD}),
        ("/es/search/", {"q": "jabs"}),
        (reverse("api:claim-list"), {"q": WORD}),
        (reverse("api:claim-list"), {"q": WORD, "language": "ar"}),
        (reverse("api:claim-list"), {"language": "ar"}),
        (reverse("api:verdict-list"), {"q": WORD, "language": "ar"}),
        (reverse("factchecktools-search"), {"query": WORD, "languageCode": "ar"}),
        (reverse("factchecktools-search"), {"query": WORD}),
    ]
    client = APIClient()
    translated_claim(0)
    for path, params in asked:  # warm up: caches, prepared lookups
        _count(path, params, client)
    before = [_count(path, params, client) for path, params in asked]
    for n in range(1, 5):
        translated_claim(n)
    after = [_count(path, params, client) for path, params in asked]
    assert before == after
    assert len(_api({"q": WORD, "language": "ar"})) == 5
    assert len(_google({"query": WORD, "languageCode": "ar"})) == 5


def test_the_rebuild_command_writes_the_translations_as_the_publishing_services_do(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    from django.core.management import call_command

    from claims.services.published import refresh_published

    _arabic(original, editor, editor2)
    _spanish(original, editor, editor2)
    fields = [
        f.attname for f in PublishedTranslation._meta.concrete_fields if f.attname != "updated_at"
    ]
    fields.remove("created_at")
    written = list(PublishedTranslation.objects.order_by("pk").values_list(*fields))
    assert len(written) == 2
    PublishedTranslation.objects.all().delete()
    call_command("rebuild_public_index", "--no-progress", "--no-vectors", stdout=io.StringIO())
    assert list(PublishedTranslation.objects.order_by("pk").values_list(*fields)) == written
    refresh_published([original.claim_id])
    assert list(PublishedTranslation.objects.order_by("pk").values_list(*fields)) == written
    assert _found_everywhere(original.claim.slug, WORD, "ar") == _everywhere(True)


def test_a_result_shows_the_translation_in_the_readers_language(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    _spanish(original, editor, editor2)
    slug = original.claim.slug
    # Found by its English words on the Spanish page: the Spanish translation is the result.
    spanish = _page("/es/search/", "jabs")
    assert f'/es/claims/{slug}/" dir="auto" lang="es">{SPANISH_WORDING}</a>' in spanish
    # On the French page, with no French translation, the original.
    french = _page("/fr/search/", "jabs")
    assert f'href="/fr/claims/{slug}/" dir="auto" lang="en">' in french
    assert SPANISH_WORDING not in french


def test_a_search_alert_follows_a_claim_by_its_translations_words(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    """Alerts match with the search page's own matching, each subscription's words given
    by the outer query: the translations' branch reads them one level further out."""
    from django.utils import timezone

    from factcheck.alerts.models import Subscription
    from factcheck.alerts.selectors import followers

    def follow(words: str) -> Subscription:
        return Subscription.objects.create(
            email=f"reader{len(words)}@example.org",
            target="search",
            query=words,
            key=f"key-{len(words)}",
            confirmed_at=timezone.now(),
        )

    arabic, other = follow(WORD), follow("autobús")
    claim = original.claim.published
    assert list(followers(claim)) == []
    _arabic(original, editor, editor2)
    claim.refresh_from_db()
    assert list(followers(claim)) == [arabic]
    assert other not in followers(claim)
