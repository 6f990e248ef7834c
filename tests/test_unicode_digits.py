"""Digits of other scripts ("²" passes str.isdigit() and int() refuses it; "٣" int() reads
as 3) in every integer parameter: a 400 or a form error naming it, never a 500, and never
read as a number."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Claim, Speaker, Verdict
from factcheck.base.numbers import BadInteger, int_or_none, parse_int
from tests import factories

pytestmark = pytest.mark.django_db

SUPERSCRIPT, ARABIC_INDIC = "²", "٣"
DIGITS = [SUPERSCRIPT, ARABIC_INDIC, "1²", "٣٣", "\uff13"]  # U+FF13: a full-width 3


def _arabic(number: int) -> str:
    """``number`` in Arabic-Indic digits, which int() reads as the same number."""
    return str(number).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


# The helper itself ---------------------------------------------------------------------
@pytest.mark.parametrize("value", [*DIGITS, "", " 3", "3 ", "+3", "-3", "3_000", "3.0", "9" * 19])
def test_parse_int_takes_ascii_digits_only(value):
    with pytest.raises(BadInteger) as refused:
        parse_int(value, name="page_size")
    assert "page_size" in str(refused.value)
    assert int_or_none(value) is None


def test_parse_int_reads_ascii_digits_and_keeps_to_its_bounds():
    assert parse_int("042", name="n") == 42
    assert parse_int(7, name="n") == 7
    with pytest.raises(BadInteger, match="from 1 to 100"):
        parse_int("101", name="n", minimum=1, maximum=100)
    with pytest.raises(BadInteger):
        parse_int(True, name="n")


# The public API and pages --------------------------------------------------------------
@pytest.mark.parametrize("value", DIGITS)
@pytest.mark.parametrize(
    ("url", "name", "extra"),
    [
        ("/api/v1/claims/", "page_size", {}),
        ("/api/v1/verdicts/", "page_size", {}),
        ("/v1alpha1/claims:search", "pageSize", {"query": "Trump"}),
        ("/v1alpha1/claims:search", "offset", {"query": "Trump"}),
        ("/v1alpha1/claims:search", "maxAgeDays", {"query": "Trump"}),
    ],
)
def test_public_api_integer_parameters_are_a_400_naming_them(value, url, name, extra, seed):
    response = Client().get(url, {**extra, name: value})
    assert response.status_code == 400, (url, name, value)
    assert name in response.content.decode()


@pytest.mark.parametrize("value", DIGITS)
def test_a_public_page_number_is_a_400_naming_it(value, seed):
    response = Client().get(reverse("web:corrections"), {"page": value})
    assert response.status_code == 400
    assert "page" in response.content.decode()


# The staff API -------------------------------------------------------------------------
def _staff_api(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_an_if_match_in_other_digits_is_not_the_version(editor):
    speaker = factories.make_speaker(name="Someone")
    url = reverse("api:staff-speaker", args=[speaker.pk])
    for tag in (_arabic(speaker.version), SUPERSCRIPT):
        response = _staff_api(editor).patch(
            url, {"description": "Changed"}, format="json", HTTP_IF_MATCH=f'"{tag}"'
        )
        assert response.status_code == 412, tag
    assert Speaker.objects.get(pk=speaker.pk).description != "Changed"


def test_a_source_line_in_other_digits_is_a_400(factchecker):
    verdict = factories.make_verdict(author=factchecker)
    source = factories.make_source(title="Census 2022")
    url = reverse("api:staff-verdict", args=[verdict.pk])
    for value in (SUPERSCRIPT, _arabic(source.pk)):
        response = _staff_api(factchecker).patch(
            url,
            {"sources": [{"source": value}]},
            format="json",
            HTTP_IF_MATCH=_staff_api(factchecker).get(url)["ETag"],
        )
        assert response.status_code == 400, value
        assert "digits 0 to 9" in response.content.decode()
    assert not verdict.verdict_sources.filter(source=source).exists()


# The admin -----------------------------------------------------------------------------
@pytest.mark.parametrize("value", DIGITS)
@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("admin:claims_claim_changelist", "assigned"),
        ("admin:claims_claim_changelist", "verdict_rating"),
        ("admin:claims_claim_changelist", "created_at__year"),
        ("admin:claims_auditevent_changelist", "p"),
    ],
)
def test_admin_integer_parameters_are_a_400_naming_them(value, url, name, editor, login):
    response = login(editor).get(reverse(url), {name: value})
    assert response.status_code == 400, (name, value)
    assert name in response.content.decode()


@pytest.mark.parametrize("value", DIGITS)
def test_an_audit_record_in_other_digits_is_not_found(value, editor, login):
    from claims import services

    services.topic_create(user=editor, name="Inflation", slug="inflation")
    response = login(editor).get(
        reverse("admin:claims_auditevent_changelist"), {"obj": f"claims.topic:{value}"}
    )
    assert response.status_code == 404


def test_optional_ids_in_other_digits_are_ignored_not_read(editor, login):
    client = login(editor)
    claim = factories.make_claim(text="Unemployment fell by half last year.")
    for value in DIGITS:
        similar = client.get(
            reverse("admin:claims_claim_similar"), {"text": claim.text, "exclude": value}
        )
        assert similar.status_code == 200
    # "?claim=" pre-fills a new verdict's claim: a claim named in other digits is not chosen.
    page = client.get(reverse("admin:claims_verdict_add"), {"claim": _arabic(claim.pk)})
    assert page.status_code == 200
    assert page.context["adminform"].form.initial.get("claim") is None
    assert (
        client.get(reverse("admin:claims_verdict_add"), {"claim": SUPERSCRIPT}).status_code == 200
    )


def test_a_workflow_version_in_other_digits_is_refused(factchecker, editor, login):
    verdict = factories.make_verdict(author=factchecker, status="in_review")
    client = login(editor)
    url = reverse("admin:claims_verdict_workflow", args=[verdict.pk, "approve"])
    for value in (SUPERSCRIPT, _arabic(verdict.version)):
        shown = factories.workflow_form(verdict)["content_hash"]
        response = client.post(
            url, {"version": value, "text": "", "content_hash": shown}, follow=True
        )
        assert response.status_code == 200
        assert "old or altered page" in response.content.decode()
    assert not verdict.reviews.exists()


@pytest.mark.parametrize("value", DIGITS)
def test_a_source_row_in_other_digits_is_a_form_error(value, factchecker, login):
    claim = factories.make_claim()
    source = factories.make_source()
    data = {
        "claim": claim.pk,
        "headline": "No, it did not",
        "slug": "no-it-did-not",
        "rating": factories.rating("false").pk,
        "summary": "It did not.",
        "body": "",
        "snapshot": "",
        "speaker_response": "",
        "publisher": "",
        "external_url": "",
        "correction_kind": "correction",
        "correction_note": "",
        "verdict_sources-TOTAL_FORMS": "2",
        "verdict_sources-INITIAL_FORMS": "0",
        "verdict_sources-0-position": value,
        "verdict_sources-0-source": source.pk,
        "verdict_sources-1-position": "2",
        "verdict_sources-1-source": value,
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "reviews-TOTAL_FORMS": "0",
        "reviews-INITIAL_FORMS": "0",
    }
    response = login(factchecker).post(reverse("admin:claims_verdict_add"), data)
    assert response.status_code == 200  # the form again, with its errors
    errors = [form.errors for form in response.context["inline_admin_formsets"][0].formset]
    assert "position" in errors[0]
    assert "source" in errors[1]
    assert not Verdict.objects.filter(slug="no-it-did-not").exists()


def test_a_speaker_to_keep_in_other_digits_merges_nothing(editor, login):
    keep = factories.make_speaker(name="Donald Trump", slug="donald-trump")
    duplicate = factories.make_speaker(name="Donald J. Trump", slug="donald-j-trump")
    for value in (SUPERSCRIPT, _arabic(keep.pk)):
        response = login(editor).post(
            reverse("admin:claims_speaker_changelist"),
            {
                "action": "merge_speakers",
                "_selected_action": [keep.pk, duplicate.pk],
                "keep": value,
                "apply": "1",
            },
        )
        assert response.status_code == 200
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


@pytest.mark.parametrize("value", [SUPERSCRIPT, ARABIC_INDIC])
def test_a_suggested_claims_speaker_in_other_digits_is_no_speaker(value, editor, login):
    speaker = factories.make_speaker(name="Someone", slug="someone")
    article = factories.make_article()
    choice = value if value == SUPERSCRIPT else _arabic(speaker.pk)
    response = login(editor).post(
        reverse("admin:sources_article_suggestion", args=[article.pk]),
        {"text": "Unemployment fell by half.", "quote": "", "speaker": choice},
    )
    assert response.status_code == 302
    assert not Claim.objects.filter(speaker=speaker).exists()


@pytest.mark.parametrize(
    "arguments",
    [
        ("generate_demo_data", "--claims", "٣"),
        ("generate_demo_data", "--claims", "²"),
        ("generate_demo_data", "--seed", "-1"),
        ("rebuild_public_index", "--batch", "٣"),
        ("rebuild_public_index", "--batch", "0"),
        ("restore", "backup.dump", "--lock-timeout", _arabic(10)),
        ("quickstart", "--port", _arabic(8000)),
    ],
)
def test_a_commands_whole_number_option_takes_ascii_digits_only(arguments):
    """argparse's ``type=int`` reads "٣" as 3; the commands' options are parsed by the
    same rule as every other integer, and a bad one is a usage error naming it."""
    with pytest.raises(CommandError, match=r"argument --[a-z-]+: must be a whole number"):
        call_command(*arguments)


def test_a_source_in_other_digits_is_refused_even_when_that_number_is_a_source(factchecker, login):
    """int("٣٣") is 33: the admin's select must refuse the text, not read it as the key."""
    source = factories.make_source()
    other_digits = "".join(chr(0x0660 + int(d)) for d in str(source.pk))
    data = {
        "claim": factories.make_claim().pk,
        "headline": "No, it did not",
        "slug": "no-it-did-not",
        "rating": factories.rating("false").pk,
        "summary": "It did not.",
        "body": "",
        "snapshot": "",
        "speaker_response": "",
        "publisher": "",
        "external_url": "",
        "correction_kind": "correction",
        "correction_note": "",
        "verdict_sources-TOTAL_FORMS": "1",
        "verdict_sources-INITIAL_FORMS": "0",
        "verdict_sources-0-position": "1",
        "verdict_sources-0-source": other_digits,
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "reviews-TOTAL_FORMS": "0",
        "reviews-INITIAL_FORMS": "0",
    }
    response = login(factchecker).post(reverse("admin:claims_verdict_add"), data)
    assert response.status_code == 200
    errors = [form.errors for form in response.context["inline_admin_formsets"][0].formset]
    assert "source" in errors[0]
    assert not Verdict.objects.filter(slug="no-it-did-not").exists()
