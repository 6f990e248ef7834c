"""Rating scales in every language (issue 21, item 3): a rating's label and definition in
Arabic, Spanish and French, edited by editors through the services (the Rating admin's
inline); every published revision keeps them as they were when it was published; the
pages under /ar/, /es/ and /fr/ show them (the revision's, never the live row's, for a
verdict; the live ones on the ratings page), the English ones where there are none; and
ClaimReview names the rating in the verdict's language."""

from __future__ import annotations

import importlib
import json
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from claims import services
from claims.models import Rating, RatingLanguage, RatingTranslation, Verdict, VerdictRevision
from claims.models.revision import RevisionKind
from claims.selectors import newsroom
from claims.selectors import public as queries
from claims.selectors.diffs import LABELS
from claims.services import revisions
from factcheck.base.concurrency import StaleVersionError
from factcheck.claimreview import claim_review
from tests import factories

pytestmark = pytest.mark.django_db

SHIPPED = importlib.import_module(
    "claims.migrations.0026_rating_translations_of_the_default_scale"
).SHIPPED


def _translation(slug: str, language: str) -> RatingTranslation:
    return RatingTranslation.objects.get(rating=factories.rating(slug), language=language)


def _relabel(slug: str, language: str, label: str, user: Any) -> RatingTranslation:
    row = _translation(slug, language)
    return services.rating_translation_update(
        translation=row,
        user=user,
        expected_version=factories.version(row),
        changes={"label": label},
    )


# -- What ships -------------------------------------------------------------------------


def test_the_fixture_and_the_upgrade_ship_the_same_translations():
    """A fresh installation (the fixture) and an upgraded one (migration 0026) read alike."""
    with open("fixtures/rating_scale.json", encoding="utf-8") as file:
        rows = json.load(file)
    slugs = {row["pk"]: row["fields"]["slug"] for row in rows if row["model"] == "claims.rating"}
    fixture = {
        (slugs[row["fields"]["rating"]], row["fields"]["language"]): (
            row["fields"]["label"],
            row["fields"]["definition"],
        )
        for row in rows
        if row["model"] == "claims.ratingtranslation"
    }
    shipped = {
        (slug, language): words
        for slug, (_, _, translations) in SHIPPED.items()
        for language, words in translations.items()
    }
    assert fixture == shipped
    assert {language for _, language in shipped} == set(RatingLanguage.values)
    english = {
        row["fields"]["slug"]: (row["fields"]["label"], row["fields"]["definition"])
        for row in rows
        if row["model"] == "claims.rating"
    }
    assert {slug: words[:2] for slug, words in SHIPPED.items()} == english
    assert _translation("false", "ar").label == "خطأ"
    assert _translation("false", "es").label == "Falso"
    assert _translation("false", "fr").label == "Faux"


def test_the_translated_languages_are_the_interfaces_but_english(settings):
    codes = {code for code, _ in settings.LANGUAGES} - {settings.LANGUAGE_CODE}
    assert set(RatingLanguage.values) == codes


def test_the_upgrade_translates_only_what_still_says_what_was_shipped_and_overwrites_nothing():
    migration = importlib.import_module(
        "claims.migrations.0026_rating_translations_of_the_default_scale"
    )
    RatingTranslation.objects.all().delete()
    ours = RatingTranslation.objects.create(
        rating=factories.rating("false"), language="ar", label="كاذب", definition="تعريفنا."
    )
    Rating.objects.filter(slug="true").update(definition="Our own definition.")
    Rating.objects.filter(slug="unproven").update(label="Unsupported")
    migration.translate(apps, None)
    migration.translate(apps, None)  # run twice: nothing more
    ours.refresh_from_db()
    assert (ours.label, ours.definition) == ("كاذب", "تعريفنا.")  # the newsroom's own
    assert _translation("false", "es").label == "Falso"
    # An edited English definition gets no translation of words it no longer says.
    assert _translation("true", "fr").label == "Vrai"
    assert _translation("true", "fr").definition == ""
    # A relabelled rating gets none at all.
    assert not RatingTranslation.objects.filter(rating__slug="unproven").exists()
    assert RatingTranslation.objects.count() == 7 * 3


# -- The services -----------------------------------------------------------------------


def test_editors_translate_change_and_remove_through_the_services(editor, editor2):
    rating = factories.rating("unproven")
    RatingTranslation.objects.filter(rating=rating).delete()
    made = services.rating_translation_create(
        user=editor, rating=rating, language="ar", label="  غير مثبت  "
    )
    assert (made.label, made.definition, made.version) == ("غير مثبت", "", 1)
    changed = services.rating_translation_update(
        translation=made,
        user=editor2,
        expected_version=1,
        changes={"definition": "لا دليل كافيًا."},
    )
    assert changed.version == 2
    with pytest.raises(StaleVersionError):  # a copy opened before editor2's save
        services.rating_translation_update(
            translation=made, user=editor, expected_version=1, changes={"label": "X"}
        )
    with pytest.raises(StaleVersionError):
        services.rating_translation_delete(translation=made, user=editor, expected_version=1)
    services.rating_translation_delete(translation=made, user=editor, expected_version=2)
    assert not RatingTranslation.objects.filter(rating=rating).exists()
    # Each step is in the rating's audit history, with who did it.
    events = RatingTranslation.pgh_event_model.objects.filter(pgh_obj_id=made.pk)
    assert [e.pgh_label for e in events.order_by("pgh_id")] == ["insert", "update", "delete"]
    assert {e.pgh_context.metadata["user"] for e in events} == {editor.pk, editor2.pk}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"language": "ar", "label": "   "}, "label"),
        ({"language": "de", "label": "Falsch"}, "language"),
        ({"language": "en", "label": "Wrong"}, "language"),
        ({"language": "ar", "label": "x" * 101}, "label"),
    ],
)
def test_bad_input_is_refused_by_field(editor, fields, field):
    rating = factories.rating("unproven")
    RatingTranslation.objects.filter(rating=rating).delete()
    with pytest.raises(ValidationError) as refused:
        services.rating_translation_create(user=editor, rating=rating, **fields)
    assert field in refused.value.message_dict
    assert not RatingTranslation.objects.filter(rating=rating).exists()


def test_one_language_cannot_give_two_ratings_of_a_scale_the_same_label(editor):
    with pytest.raises(ValidationError, match="already the"):
        _relabel("mostly-false", "fr", "faux", editor)  # "Faux" is False's
    with pytest.raises(ValidationError, match="already has a translation"):
        services.rating_translation_create(
            user=editor, rating=factories.rating("false"), language="fr", label="Erroné"
        )
    assert _translation("mostly-false", "fr").label == "Plutôt faux"


def test_only_those_who_edit_ratings_translate_them(factchecker):
    with pytest.raises(PermissionDenied):
        _relabel("false", "ar", "كاذب", factchecker)
    assert _translation("false", "ar").label == "خطأ"


# -- The admin --------------------------------------------------------------------------


def _admin_form(rating: Rating, **rows: dict[str, Any]) -> dict[str, Any]:
    """The Rating change page as a browser posts it: the rating unchanged, and its
    translations (``rows``: language → fields to post, the others unchanged)."""
    from claims.admin.ratings import RatingForm, RatingTranslationForm

    rating.refresh_from_db()
    data: dict[str, Any] = {
        "scale": rating.scale_id,
        "label": rating.label,
        "slug": rating.slug,
        "position": rating.position or "",
        "definition": rating.definition,
        "colour": rating.colour,
        "sort_order": rating.sort_order,
        "snapshot": RatingForm(instance=rating)["snapshot"].initial,
    }
    existing = list(rating.translations.order_by("language"))
    for i, row in enumerate(existing):
        key = f"translations-{i}-"
        data.update(
            {
                key + "id": row.pk,
                key + "rating": rating.pk,
                key + "language": row.language,
                key + "label": row.label,
                key + "definition": row.definition,
                key + "snapshot": RatingTranslationForm(instance=row)["snapshot"].initial,
                **{key + name: value for name, value in rows.pop(row.language, {}).items()},
            }
        )
    for i, (language, fields) in enumerate(rows.items(), start=len(existing)):
        key = f"translations-{i}-"
        data.update({key + "rating": rating.pk, key + "language": language})
        data.update({key + name: value for name, value in fields.items()})
    data["translations-TOTAL_FORMS"] = str(len(existing) + len(rows))
    data["translations-INITIAL_FORMS"] = str(len(existing))
    return data


def _change(rating: Rating) -> str:
    return reverse("admin:claims_rating_change", args=[rating.pk])


def test_the_rating_page_shows_its_translations_and_the_languages_still_missing(editor, login):
    rating = factories.rating("half-true")
    _translation("half-true", "es").delete()
    page = login(editor).get(_change(rating)).content.decode()
    assert "نصف صحيح" in page
    assert "À moitié vrai" in page
    # One empty row, for Spanish.
    assert 'name="translations-2-language"' in page
    assert page.count('name="translations-3-language"') == 0


def test_the_admin_inline_saves_through_the_services(editor, login):
    rating = factories.rating("half-true")
    _translation("half-true", "es").delete()
    data = _admin_form(
        rating,
        ar={"label": "نصف صحيح تمامًا"},
        fr={"DELETE": "on"},
        es={"label": "Medio verdadero", "definition": "En parte."},
    )
    response = login(editor).post(_change(rating), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    words = dict(rating.translations.values_list("language", "label"))
    assert words == {"ar": "نصف صحيح تمامًا", "es": "Medio verdadero"}
    events = RatingTranslation.pgh_event_model.objects.filter(rating_id=rating.pk)
    latest = list(events.order_by("-pgh_id")[:3])
    assert {e.pgh_label for e in latest} == {"insert", "update", "delete"}
    assert {e.pgh_context.metadata["user"] for e in latest} == {editor.pk}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({"ar": {"label": "  "}}, "This field is required"),  # an existing translation
        ({"es": {"label": "  ", "definition": "Sin etiqueta."}}, "This field is required"),
        ({"es": {"language": "xx", "label": "Falsch"}}, "Select a valid choice"),
        ({"es": {"label": "y" * 101}}, "at most 100 characters"),
    ],
)
def test_bad_input_in_the_admin_is_a_form_error_not_a_server_error(editor, login, rows, message):
    rating = factories.rating("unproven")
    RatingTranslation.objects.filter(rating=rating).exclude(language="ar").delete()
    response = login(editor).post(_change(rating), _admin_form(rating, **rows))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert dict(rating.translations.values_list("language", "label")) == {"ar": "غير مثبت"}


def test_a_refusal_of_the_service_is_shown_on_the_page_with_what_was_typed(editor, login):
    rating = factories.rating("mostly-false")
    response = login(editor).post(_change(rating), _admin_form(rating, fr={"label": "Faux"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Français (French): “Faux” is already the" in page
    assert _translation("mostly-false", "fr").label == "Plutôt faux"


def test_a_stale_translation_is_merged_or_refused_field_by_field(editor, editor2, login):
    rating = factories.rating("false")
    opened = _admin_form(rating)
    theirs = _admin_form(rating, ar={"label": "زائف"})
    assert login(editor2).post(_change(rating), theirs).status_code == 302
    # Another field of the same translation: kept alongside theirs.
    mine = {**opened, "translations-0-definition": "ليس دقيقًا."}
    assert login(editor).post(_change(rating), mine).status_code == 302
    row = _translation("false", "ar")
    assert (row.label, row.definition) == ("زائف", "ليس دقيقًا.")
    # The same field: refused, theirs shown.
    clash = {**opened, "translations-0-label": "باطل"}
    response = login(editor).post(_change(rating), clash)
    assert response.status_code == 200
    assert "changed the same field as you" in response.content.decode()
    assert _translation("false", "ar").label == "زائف"


# -- What readers see -------------------------------------------------------------------


def _published(slug: str = "false", language: str = "en") -> Verdict:
    claim = factories.make_claim(language=language)
    return factories.make_verdict(
        status=Verdict.Status.PUBLISHED, claim=claim, rating=factories.rating(slug)
    )


def test_a_revision_keeps_the_labels_it_was_published_with_in_every_language(
    client, editor, editor2
):
    verdict = _published()
    rating = verdict.revisions.get().document["verdict"]["rating"]
    assert rating["label"] == "False"
    assert rating["labels"] == {"ar": "خطأ", "es": "Falso", "fr": "Faux"}
    assert rating["definitions"]["fr"] == "L\u2019affirmation n\u2019est pas exacte."
    _relabel("false", "ar", "زائف", editor)
    page = client.get(f"/ar/claims/{verdict.claim.slug}/").content.decode()
    assert "خطأ" in page
    assert "زائف" not in page
    assert "زائف" in client.get("/ar/ratings/").content.decode()  # the scale today
    # Readers in other languages and at the root are served their own words.
    assert "Falso" in client.get(f"/es/claims/{verdict.claim.slug}/").content.decode()
    assert (
        '<span class="label">False</span>'
        in client.get(f"/claims/{verdict.claim.slug}/").content.decode()
    )
    # A later revision publishes the words of its day, and the history names both.
    revisions.revision_from_working_copy(
        verdict=verdict, kind=RevisionKind.CLARIFICATION, note="The Arabic label is clearer."
    )
    page = client.get(f"/ar/claims/{verdict.claim.slug}/").content.decode()
    assert "زائف" in page
    latest = VerdictRevision.objects.filter(verdict=verdict).order_by("-number").first()
    assert latest is not None
    assert latest.document["verdict"]["rating"]["labels"]["ar"] == "زائف"


def test_the_revision_history_and_corrections_log_name_ratings_as_published(client, editor):
    verdict = _published("false")
    Verdict.objects.filter(pk=verdict.pk).update(rating=factories.rating("mostly-false"))
    revisions.revision_from_working_copy(
        verdict=verdict, kind=RevisionKind.CORRECTION, note="We misread a table."
    )
    _relabel("mostly-false", "ar", "خاطئ في أغلبه", editor)
    page = client.get(f"/ar/claims/{verdict.claim.slug}/").content.decode()
    assert "<bdi>خطأ</bdi>" in page
    assert "<bdi>خطأ في معظمه</bdi>" in page
    assert "خاطئ في أغلبه" not in page
    log = client.get("/fr/corrections/").content.decode()
    assert "<bdi>Faux</bdi>" in log
    assert "<bdi>Plutôt faux</bdi>" in log


def test_without_a_translation_the_english_label_is_shown_marked_as_english(client):
    verdict = _published("unproven")
    RatingTranslation.objects.filter(rating__slug="unproven", language="fr").delete()
    # Published before the French label was removed: the revision still has it.
    assert "Non prouvé" in client.get(f"/fr/claims/{verdict.claim.slug}/").content.decode()
    page = client.get("/fr/ratings/").content.decode()
    assert '<span class="label" lang="en">Unproven</span>' in page
    assert '<div dir="auto" lang="en">The evidence available' in page
    assert '<span class="label">Faux</span>' in page
    # A revision from before there were translations: English in every language.
    older = _published("true")
    served = queries.published_verdict(older.slug)
    assert served is not None
    assert served.rating is not None
    bare = {k: v for k, v in served.rating.items() if k not in ("labels", "definitions")}
    assert queries.rating_label(bare, "ar") == "True"
    assert queries.rating_label(served.rating, "ar-EG") == "صحيح"
    assert queries.rating_label(served.rating, "en") == "True"


def test_a_translation_written_after_publication_reaches_no_verdict_until_one_is_published(
    client, editor
):
    """Like a draft's words: a new Arabic label is the scale's today (the ratings page, the
    legend), never a published verdict's, on any surface, until its next revision."""
    verdict = _published("false", language="ar")
    _relabel("false", "ar", "DRAFT-MARKER-21", editor)
    _relabel("false", "fr", "DRAFT-MARKER-21-fr", editor)
    slug = verdict.claim.slug
    surfaces = [
        f"/ar/claims/{slug}/",
        f"/fr/claims/{slug}/",
        "/ar/feeds/verdicts.rss",
        "/fr/feeds/verdicts.atom",
        "/ar/corrections/",
        f"/api/v1/claims/{slug}/",
        f"/api/v1/verdicts/{verdict.slug}.jsonld",
        "/api/v1/claimreview-feed.json",
    ]
    for path in surfaces:
        response = client.get(path)
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"DRAFT-MARKER-21" not in body, path
    assert "DRAFT-MARKER-21" in client.get("/ar/ratings/").content.decode()
    served = queries.published_verdict(verdict.slug)
    assert served is not None
    assert claim_review(served)["reviewRating"]["alternateName"] == "خطأ"


def test_a_rating_without_translations_keeps_the_document_it_had():
    RatingTranslation.objects.filter(rating__slug="not-checkable").delete()
    verdict = _published("not-checkable")
    rating = verdict.revisions.get().document["verdict"]["rating"]
    assert "labels" not in rating
    assert "definitions" not in rating


def test_the_speaker_chart_and_the_search_form_speak_the_pages_language(client):
    verdict = _published("false")
    speaker = verdict.claim.speaker
    page = client.get(f"/ar/speakers/{speaker.slug}/").content.decode()
    assert "<td>خطأ</td>" in page
    search = client.get("/es/search/").content.decode()
    assert '<option value="false">Falso</option>' in search


# -- ClaimReview ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "label"),
    [("en", "False"), ("ar", "خطأ"), ("es-419", "Falso"), ("fr", "Faux"), ("de", "False")],
)
def test_claimreview_names_the_rating_in_the_verdicts_language(language, label):
    verdict = _published("false", language=language)
    served = queries.published_verdict(verdict.slug)
    assert served is not None
    review = claim_review(served)
    assert review["inLanguage"] == language
    assert review["reviewRating"]["alternateName"] == label
    assert review["reviewRating"]["ratingValue"] == 2


def test_claimreview_keeps_the_label_as_published_after_a_later_edit(editor):
    verdict = _published("false", language="ar")
    _relabel("false", "ar", "زائف", editor)
    served = queries.published_verdict(verdict.slug)
    assert served is not None
    assert claim_review(served)["reviewRating"]["alternateName"] == "خطأ"


# -- The review of what is published ----------------------------------------------------


def test_a_translation_edit_is_a_change_to_what_the_next_revision_publishes(editor):
    verdict = _published("false")
    assert newsroom.unpublished_changes(verdict).empty
    _relabel("false", "fr", "Inexact", editor)
    shown = newsroom.unpublished_changes(Verdict.objects.get(pk=verdict.pk))
    assert shown.others == [LABELS[("verdict", "rating", "translations")]]
    # Whoever changed it is one of its contributors: their approval would not count.
    assert editor.pk in newsroom.contributors(Verdict.objects.get(pk=verdict.pk))


def test_a_translation_edited_before_a_verdicts_first_publication_makes_a_contributor(editor2):
    """Before the first publication the shared scale counts from the verdict's creation,
    by the clock the audit events are dated with (the transaction's start): here, where
    everything happens in one transaction, an edit made after the verdict was created
    still counts."""
    verdict = factories.make_verdict(rating=factories.rating("false"))
    assert editor2.pk not in newsroom.contributors(verdict)
    _relabel("false", "es", "Falso después", editor2)
    assert editor2.pk in newsroom.contributors(verdict)


def test_the_bulk_path_writes_the_labels_the_python_path_writes():
    from claims.services.bulk_revisions import bulk_publish_revisions
    from tests.test_bulk_revisions import _assert_documents_are_pythons

    RatingTranslation.objects.filter(rating__slug="unproven").delete()
    _translation("true", "es").delete()
    RatingTranslation.objects.filter(rating__slug="true", language="fr").update(
        label='Vrai "entre guillemets" \\ ok', definition=""
    )
    for slug in ("false", "unproven", "true"):
        verdict = factories.make_verdict(rating=factories.rating(slug))
        Verdict.objects.filter(pk=verdict.pk).update(
            status="published", published_at=verdict.created_at
        )
    assert bulk_publish_revisions() == 3
    assert _assert_documents_are_pythons() == 3
    true = VerdictRevision.objects.get(verdict__rating__slug="true")
    assert true.document["verdict"]["rating"]["labels"] == {
        "ar": "صحيح",
        "fr": 'Vrai "entre guillemets" \\ ok',
    }
    assert set(true.document["verdict"]["rating"]["definitions"]) == {"ar"}
