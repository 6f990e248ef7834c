"""No 500 from any admin input: hostile or absurd values get a form error or a 400."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Claim, Verdict
from sources.models import Source
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("admin:claims_claim_changelist", {"verdicts__status__exact": "\x00"}),
        ("admin:claims_verdict_changelist", {"status__exact": "\x00"}),
        ("admin:claims_claim_changelist", {"language__exact": "\x00"}),
        ("admin:claims_claim_changelist", {"q": "trump\x00"}),
        ("admin:claims_claim_similar", {"text": "Hamas has signalled \x00 talks"}),
        (
            "admin:autocomplete",
            {
                "app_label": "claims",
                "model_name": "claim",
                "field_name": "speaker",
                "term": "\x00",
            },
        ),
    ],
)
def test_nul_characters_in_parameters_are_a_400_naming_the_parameter(name, params, editor, login):
    response = login(editor).get(reverse(name), params)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_a_nul_in_a_workflow_comment_is_a_400_and_nothing_changes(factchecker, editor, login):
    verdict = factories.make_verdict(author=factchecker, status="in_review")
    response = login(editor).post(
        reverse("admin:claims_verdict_workflow", args=[verdict.pk, "return"]),
        {"text": "Fix\x00this", "version": verdict.version},
    )
    assert response.status_code == 400
    assert Verdict.objects.get(pk=verdict.pk).status == "in_review"


@pytest.mark.parametrize(
    "params",
    [
        {"created_at__year": "99999999999"},
        {"created_at__year": "2024", "created_at__month": "13"},
        {"status__exact": "nonsense"},
        {"rating__id__exact": "abc"},
        {"o": "99.abc"},
        {"p": "-1"},
    ],
)
def test_absurd_filters_on_the_verdict_list_are_not_errors(params, editor, login):
    response = login(editor).get(reverse("admin:claims_verdict_changelist"), params)
    assert response.status_code in (200, 302, 400, 404)


def test_absurd_autocomplete_and_similar_parameters_are_not_errors(editor, login):
    client = login(editor)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "claims",
            "model_name": "claim",
            "field_name": "speaker",
            "term": "x" * 5000,
        },
    )
    assert response.status_code == 200
    response = client.get(
        reverse("admin:claims_claim_similar"), {"text": "word " * 1000, "exclude": "9" * 40}
    )
    assert response.status_code == 200
    assert client.get(reverse("admin:claims_verdict_add"), {"claim": "abc"}).status_code == 200
    assert client.get(reverse("admin:claims_verdict_add"), {"claim": "9" * 40}).status_code == 200


def test_a_non_integer_speaker_is_a_form_error(factchecker, login):
    response = login(factchecker).post(
        reverse("admin:claims_claim_add"),
        {"text": "A claim.", "speaker": "abc", "language": "en", "slug": ""},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Claim.objects.exists()


def test_a_megabyte_claim_is_refused_with_its_limit(factchecker, login):
    text = " ".join(f"word{n}" for n in range(150_000))  # about 1 MB of distinct words
    response = login(factchecker).post(
        reverse("admin:claims_claim_add"), {"text": text, "language": "en", "slug": ""}
    )
    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()
    assert not Claim.objects.exists()


def test_a_long_multibyte_url_is_stored_and_kept_unique(factchecker, login):
    url = "https://example.org/" + "ж" * 1970  # 2,000 characters, about 4 KB in UTF-8
    client = login(factchecker)
    data = {"title": "Long address", "kind": "other", "url": url}
    response = client.post(reverse("admin:sources_source_add"), data)
    assert response.status_code == 302, response.content.decode()[:500]
    assert Source.objects.get().url == url
    response = client.post(reverse("admin:sources_source_add"), {**data, "title": "Again"})
    assert response.status_code == 200
    assert "already on file" in response.content.decode()
    too_long = client.post(reverse("admin:sources_source_add"), {**data, "url": url + "ж" * 20})
    assert "at most 2000 characters" in too_long.content.decode()
