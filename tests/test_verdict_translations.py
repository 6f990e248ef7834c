"""Translations of our verdicts (issue 21, item 4): a translation of one published revision,
reviewed and published like any verdict (its author cannot publish it alone), shown on the
claim's page in its language marked as a translation linking to the original, out of date
(with a notice, out of the ClaimReview markup) once the original is corrected, and never
public before it is published."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from claims import services
from claims.models import Verdict
from claims.services import TransitionError
from tests import factories

pytestmark = pytest.mark.django_db

MARKER = "zqxtranslationdraftmarker"
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def original(editor2: Any) -> Verdict:
    claim = factories.make_claim(text="Egypt closed the Rafah crossing.", language="en")
    return factories.make_verdict(
        status="published",
        claim=claim,
        headline="No, the crossing stayed open",
        summary="It stayed open.",
        body="The English body.",
        rating=factories.rating("false"),
    )


def _start(original: Verdict, user: Any, language: str = "es") -> Verdict:
    return services.verdict_translation_start(original=original, language=language, user=user)


def _write_spanish(translation: Verdict, user: Any, marker: str = "") -> Verdict:
    return services.verdict_update(
        verdict=translation,
        user=user,
        expected_version=factories.version(translation),
        changes={
            "headline": f"No, el paso siguió abierto {marker}".strip(),
            "summary": f"Siguió abierto. {marker}".strip(),
            "body": "El cuerpo en español.",
            "claim_wording": "Egipto cerró el paso de Rafah.",
        },
    )


def _published_spanish(original: Verdict, editor: Any, editor2: Any) -> Verdict:
    translation = _write_spanish(_start(original, editor), editor)
    services.verdict_submit(verdict=translation, user=editor)
    translation.refresh_from_db()
    return services.verdict_publish(
        verdict=translation, user=editor2, expected_version=factories.version(translation)
    )


def _claim_reviews(html: str) -> list[dict[str, Any]]:
    return [
        doc
        for doc in (json.loads(block) for block in LD_JSON.findall(html))
        if doc.get("@type") == "ClaimReview"
    ]


def _feed_languages() -> list[str]:
    response = Client().get(reverse("api:claimreview-feed"))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    feed = json.loads(body)
    return sorted(item["item"][0]["inLanguage"] for item in feed["dataFeedElement"])


def test_the_spanish_translation_is_published_only_after_another_editor_approved_it(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    translation = _write_spanish(_start(original, editor), editor)
    assert (translation.translation_of_id, translation.translated_revision) == (original.pk, 1)
    assert translation.rating_id == original.rating_id
    services.verdict_submit(verdict=translation, user=editor)
    translation.refresh_from_db()
    with pytest.raises(TransitionError):
        services.verdict_publish(
            verdict=translation, user=editor, expected_version=factories.version(translation)
        )
    translation.refresh_from_db()
    assert translation.status == Verdict.Status.IN_REVIEW
    assert not translation.revisions.exists()
    services.verdict_publish(
        verdict=translation, user=editor2, expected_version=factories.version(translation)
    )
    revision = translation.revisions.get()
    assert revision.approved_by == [editor2.pk]
    assert revision.document["translation"] == {
        "of": original.slug,
        "revision": 1,
        "claim_wording": "Egipto cerró el paso de Rafah.",
    }
    assert revision.document["verdict"]["language"] == "es"


def test_the_spanish_page_shows_the_translation_and_the_root_the_original(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    _published_spanish(original, editor, editor2)
    client = Client()
    slug = original.claim.slug
    spanish = client.get(f"/es/claims/{slug}/").content.decode()
    assert "No, el paso siguió abierto" in spanish
    assert "Egipto cerró el paso de Rafah." in spanish
    assert "No, the crossing stayed open" not in spanish
    assert 'class="translation-of"' in spanish
    assert re.search(rf'class="translation-of".*?<a href="[^"]*/claims/{slug}/">', spanish, re.S)
    assert "Falso" in spanish  # the rating as published in Spanish
    assert "translation-out-of-date" not in spanish
    (review,) = _claim_reviews(spanish)
    assert review["inLanguage"] == "es"
    assert review["url"].endswith(f"/es/claims/{slug}/")
    assert review["reviewRating"]["alternateName"] == "Falso"
    assert review["claimReviewed"] == "Egipto cerró el paso de Rafah."
    assert re.search(rf'<link rel="canonical" href="[^"]*/es/claims/{slug}/"', spanish)
    assert re.search(
        rf'<link rel="alternate" hreflang="es" href="[^"]*/es/claims/{slug}/"', spanish
    )
    assert re.search(rf'<link rel="alternate" hreflang="en" href="[^"]*/claims/{slug}/"', spanish)
    # No Arabic content: no Arabic alternate.
    assert '<link rel="alternate" hreflang="ar"' not in spanish

    english = client.get(f"/claims/{slug}/").content.decode()
    assert "No, the crossing stayed open" in english
    assert "No, el paso siguió abierto" not in english
    (review,) = _claim_reviews(english)
    assert review["inLanguage"] == "en"
    assert re.search(
        rf'<link rel="alternate" hreflang="es" href="[^"]*/es/claims/{slug}/"', english
    )

    # No Arabic translation: the Arabic interface around the original content.
    arabic = client.get(f"/ar/claims/{slug}/").content.decode()
    assert "No, the crossing stayed open" in arabic
    assert 'class="translation-of"' not in arabic
    # A translation is not a verdict of its own anywhere in the lists.
    home = client.get("/es/").content.decode()
    assert "No, el paso siguió abierto" not in home
    assert Verdict.objects.public().count() == 1


def test_a_correction_of_the_original_puts_the_translation_out_of_date_until_its_own(
    original: Verdict, editor: Any, editor2: Any, factchecker: Any
) -> None:
    translation = _published_spanish(original, editor, editor2)
    assert _feed_languages() == ["en", "es"]
    services.verdict_update(
        verdict=original,
        user=editor,
        expected_version=factories.version(original),
        changes={"summary": "It stayed open, with delays."},
        correction_note="Delays added.",
    )
    original.refresh_from_db()
    factories.publish_proposal(original, editor2)
    slug = original.claim.slug
    spanish = Client().get(f"/es/claims/{slug}/").content.decode()
    assert "translation-out-of-date" in spanish
    assert "No, el paso siguió abierto" in spanish
    assert _claim_reviews(spanish) == []  # out of the ClaimReview markup meanwhile
    assert _feed_languages() == ["en"]  # and out of the feed

    translation.refresh_from_db()
    services.verdict_translation_follow(
        translation=translation, user=editor, expected_version=factories.version(translation)
    )
    translation.refresh_from_db()
    services.verdict_update(
        verdict=translation,
        user=editor,
        expected_version=factories.version(translation),
        changes={"summary": "Siguió abierto, con retrasos."},
        correction_note="Retrasos añadidos.",
    )
    translation.refresh_from_db()
    factories.publish_proposal(translation, editor2)
    assert (
        translation.revisions.order_by("-number").first().document["translation"]["revision"] == 2
    )
    spanish = Client().get(f"/es/claims/{slug}/").content.decode()
    assert "translation-out-of-date" not in spanish
    assert "Siguió abierto, con retrasos." in spanish
    assert [r["inLanguage"] for r in _claim_reviews(spanish)] == ["es"]
    assert _feed_languages() == ["en", "es"]


def test_a_draft_translation_is_nowhere_public(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    translation = _write_spanish(_start(original, editor), editor, marker=MARKER)
    services.verdict_submit(verdict=translation, user=editor)
    client = Client()
    slug = original.claim.slug
    paths = [
        f"{prefix}{path}"
        for prefix in ("", "/ar", "/es", "/fr")
        for path in (f"/claims/{slug}/", "/", "/search/?q=paso", "/corrections/")
    ]
    paths += [
        "/feeds/verdicts.rss",
        "/sitemap.xml",
        "/sitemap-claims.xml",
        "/sitemap-claims-es.xml",
        reverse("api:verdict-list"),
        reverse("api:claim-list"),
        f"{reverse('api:claim-list')}{slug}/",
        reverse("api:claimreview-feed"),
        "/v1alpha1/claims:search?query=paso&languageCode=es",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert MARKER.encode() not in body, path
        assert translation.slug.encode() not in body, path


@pytest.mark.parametrize(
    ("language", "why"),
    [("en", "written in that language"), ("de", "can be translated into"), ("", "")],
)
def test_a_translation_into_a_bad_language_is_refused(
    original: Verdict, editor: Any, language: str, why: str
) -> None:
    with pytest.raises(TransitionError) as refused:
        _start(original, editor, language)
    assert why in str(refused.value)
    assert not Verdict.objects.filter(translation_of=original).exists()


def test_only_one_translation_per_language_and_none_of_a_translation_or_a_draft(
    original: Verdict, editor: Any
) -> None:
    translation = _start(original, editor)
    with pytest.raises(TransitionError, match="already has a translation"):
        _start(original, editor)
    with pytest.raises(TransitionError, match="already a translation"):
        _start(translation, editor, "fr")
    draft = factories.make_verdict()
    with pytest.raises(TransitionError, match="Only a published verdict"):
        _start(draft, editor)
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.filter(pk=translation.pk).update(language="")


def test_a_fact_checker_without_the_right_cannot_translate(original: Verdict) -> None:
    reader = factories.make_user(username="reader")
    with pytest.raises(PermissionDenied):
        _start(original, reader)


def test_an_editor_starts_a_translation_from_the_published_verdicts_admin_page(
    original: Verdict, editor: Any, login: Any
) -> None:
    client = login(editor)
    page = client.get(reverse("admin:claims_verdict_change", args=[original.pk]))
    assert page.status_code == 200
    assert 'id="translations"' in page.content.decode()
    url = reverse("admin:claims_verdict_translate", args=[original.pk])
    response = client.post(url, {"language": "ar"})
    translation = Verdict.objects.get(translation_of=original)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:claims_verdict_change", args=[translation.pk])
    assert (translation.language, translation.status, translation.author_id) == (
        "ar",
        "draft",
        editor.pk,
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'name="claim_wording"' in page.content.decode()
    listed = client.get(reverse("admin:claims_verdict_change", args=[original.pk]))
    assert reverse("admin:claims_verdict_change", args=[translation.pk]) in listed.content.decode()


@pytest.mark.parametrize("language", ["xx", "", "ar" * 40, "en"])
def test_a_bad_language_posted_in_the_admin_is_a_refusal_not_an_error(
    original: Verdict, editor: Any, login: Any, language: str
) -> None:
    client = login(editor)
    url = reverse("admin:claims_verdict_translate", args=[original.pk])
    response = client.post(url, {"language": language}, follow=True)
    assert response.status_code == 200
    assert not Verdict.objects.filter(translation_of=original).exists()
    assert client.get(url).status_code == 405


def test_the_translated_page_costs_the_same_queries_however_many_translations(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _published_spanish(original, editor, editor2)
    path = f"/es/claims/{original.claim.slug}/"
    client = Client()
    client.get(path)
    with CaptureQueriesContext(connection) as one:
        assert client.get(path).status_code == 200
    french = _start(original, editor, "fr")
    services.verdict_submit(verdict=french, user=editor)
    french.refresh_from_db()
    services.verdict_publish(
        verdict=french, user=editor2, expected_version=factories.version(french)
    )
    with CaptureQueriesContext(connection) as two:
        page = client.get(path)
    assert '<link rel="alternate" hreflang="fr"' in page.content.decode()
    assert len(two.captured_queries) == len(one.captured_queries)


def test_the_sitemap_lists_the_spanish_page_only_while_its_translation_is_current(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    client = Client()
    slug = original.claim.slug
    assert "sitemap-claims-es.xml" not in client.get("/sitemap.xml").content.decode()
    _published_spanish(original, editor, editor2)
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-claims-es.xml" in index
    assert "sitemap-claims-ar.xml" not in index
    spanish = client.get("/sitemap-claims-es.xml").content.decode()
    assert re.search(rf"<loc>[^<]*/es/claims/{slug}/</loc>", spanish)
    assert client.get("/sitemap-claims-ar.xml").status_code == 200
    assert f"/claims/{slug}/" not in client.get("/sitemap-claims-ar.xml").content.decode()
    english = client.get("/sitemap-claims.xml").content.decode()
    assert re.search(rf"<loc>[^<]*[^s]/claims/{slug}/</loc>", english)
    services.verdict_update(
        verdict=original,
        user=editor,
        expected_version=factories.version(original),
        changes={"summary": "It stayed open, with delays."},
        correction_note="Delays added.",
    )
    original.refresh_from_db()
    factories.publish_proposal(original, editor2)
    assert "sitemap-claims-es.xml" not in client.get("/sitemap.xml").content.decode()


def test_the_translations_admin_page_offers_to_follow_a_corrected_original(
    original: Verdict, editor: Any, editor2: Any, login: Any
) -> None:
    translation = _published_spanish(original, editor, editor2)
    client = login(editor)
    change = reverse("admin:claims_verdict_change", args=[translation.pk])
    assert "follow-original" not in client.get(change).content.decode()
    services.verdict_update(
        verdict=original,
        user=editor,
        expected_version=factories.version(original),
        changes={"summary": "It stayed open, with delays."},
        correction_note="Delays added.",
    )
    original.refresh_from_db()
    factories.publish_proposal(original, editor2)
    page = client.get(change).content.decode()
    assert 'name="follow-original"' in page
    url = reverse("admin:claims_verdict_follow_original", args=[translation.pk])
    assert client.post(url, {"version": "not a number"}).status_code == 302  # a refusal
    translation.refresh_from_db()
    assert translation.translated_revision == 1
    client.post(url, {"version": str(factories.version(translation))})
    translation.refresh_from_db()
    assert translation.translated_revision == 2
    assert 'name="follow-original"' not in client.get(change).content.decode()


def test_rebuilding_the_public_index_leaves_translations_out(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    from claims.models import PublishedVerdict
    from claims.services.bulk_revisions import public_index_rebuild

    translation = _published_spanish(original, editor, editor2)
    public_index_rebuild()
    assert list(PublishedVerdict.objects.values_list("verdict_id", flat=True)) == [original.pk]
    assert (
        "No, el paso siguió abierto"
        in Client().get(f"/es/claims/{original.claim.slug}/").content.decode()
    )
    assert translation.revisions.count() == 1


def test_a_translated_verdict_is_still_its_claim_familys_one_verdict(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    from claims.selectors.families import our_active_verdicts

    _published_spanish(original, editor, editor2)
    assert list(our_active_verdicts([original.claim_id])) == [original]
    assert list(Verdict.objects.ours().filter(claim=original.claim)) == [original]
