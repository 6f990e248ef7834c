"""The admin, and the services' refusals it shows, speak each staff member's own language
(``StaffLanguage``); the API keeps English messages with stable codes, whatever that
language is (docs/languages.md, "The admin")."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Verdict
from factcheck.i18n.models import StaffLanguage
from tests import factories

pytestmark = pytest.mark.django_db

# What each language says: the verdict's workflow panel, a button, the queue's title and
# one of its headings, and the refusal to approve one's own verdict.
SAID = {
    "ar": {
        "workflow": "سير العمل: قيد المراجعة",
        "button": "موافقة ونشر",
        "queue": "قائمة العمل التحريري",
        "heading": "أحكام بانتظار المراجعة",
        "own": "أنت كاتب هذا الحكم، فلا يمكنك نشره",
    },
    "es": {
        "workflow": "Flujo de trabajo: En revisión",
        "button": "Aprobar y publicar",
        "queue": "Cola editorial",
        "heading": "Veredictos pendientes de revisión",
        "own": "Escribiste este veredicto, así que no puedes publicarlo",
    },
    "en": {
        "workflow": "Workflow: In review",
        "button": "Approve and publish",
        "queue": "Editorial queue",
        "heading": "Verdicts awaiting review",
        "own": "You wrote this verdict, so you cannot publish it",
    },
}


def _speaking(user, language: str):
    if language != "en":  # English is what staff who never chose get
        StaffLanguage.objects.create(user=user, language=language)
    return user


def _token_client(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.mark.parametrize("language", ["ar", "es", "en"])
def test_the_workflow_and_the_queue_are_in_the_staff_members_language(
    language, editor, factchecker, login
):
    _speaking(editor, language)
    verdict = factories.make_verdict(author=factchecker, status="in_review")
    client = login(editor)
    page = client.get(reverse("admin:claims_verdict_change", args=[verdict.pk]))
    html = page.content.decode()
    assert page["Content-Language"] == language
    assert SAID[language]["workflow"] in html
    assert f'value="{SAID[language]["button"]}"' in html
    queue = client.get(reverse("editorial-queue")).content.decode()
    assert SAID[language]["queue"] in queue
    assert SAID[language]["heading"] in queue
    if language != "en":
        assert "Verdicts awaiting review" not in queue
        assert "Workflow: In review" not in html


@pytest.mark.parametrize("language", ["ar", "es", "en"])
def test_a_refusal_is_in_the_admins_language_and_in_english_in_the_api(language, editor, login):
    """The same refusal (approving one's own verdict) in the admin, in the editor's
    language, and through the staff API, in English with its code."""
    _speaking(editor, language)
    verdict = factories.make_verdict(author=editor, status="in_review")
    shown = login(editor).post(
        reverse("admin:claims_verdict_workflow", args=[verdict.pk, "publish"]),
        factories.workflow_form(verdict),
        follow=True,
    )
    assert SAID[language]["own"] in shown.content.decode()

    api = _token_client(editor)
    url = reverse("api:staff-verdict", args=[verdict.pk])
    etag = api.get(url)["ETag"]
    refused = api.post(
        reverse("api:staff-verdict-step", args=[verdict.pk, "publish"]),
        {},
        format="json",
        HTTP_IF_MATCH=etag,
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert refused.status_code == 400
    assert refused["Content-Language"] == "en"
    assert refused["Error-Code"] == "invalid"
    assert refused.json() == {
        "detail": ["You wrote this verdict, so you cannot publish it: another editor must."]
    }
    assert Verdict.objects.get(pk=verdict.pk).status == Verdict.Status.IN_REVIEW
    # Signed in through the session that has the admin in their language: the API's
    # answers are English all the same.
    browser = login(editor)
    browser.get(reverse("admin:index"))
    assert browser.get(url)["Content-Language"] == "en"
    unknown = browser.get(reverse("api:staff-verdicts") + "?speakr=x")
    assert unknown["Content-Language"] == "en"


def test_a_permission_refused_by_a_service_is_translated_too(factchecker, login):
    """A fact-checker's bulk "submit" of a verdict that is not a draft: the service's
    refusal, with its status names, in French."""
    _speaking(factchecker, "fr")
    verdict = factories.make_verdict(author=factchecker, status="in_review", headline="Déjà")
    page = login(factchecker).post(
        reverse("admin:claims_verdict_changelist"),
        {"action": "submit_selected", "_selected_action": [verdict.pk]},
        follow=True,
    )
    text = page.content.decode()
    nbsp, thin = "\u00a0", "\u202f"
    assert (
        f"Seul un verdict au statut «{nbsp}brouillon{nbsp}» peut être soumis à la relecture"
        f"{thin}; celui-ci est au statut «{nbsp}en relecture{nbsp}»."
    ) in text


def test_a_stale_save_is_explained_in_the_editors_language(editor, editor2, login):
    """The lost-update refusal (the concurrency module's) on the verdict form."""
    _speaking(editor, "es")
    verdict = factories.make_verdict(author=editor2, status="draft", with_source=False)
    client = login(editor)
    form = client.get(reverse("admin:claims_verdict_change", args=[verdict.pk]))
    snapshot = form.context["adminform"].form["snapshot"].value()
    Verdict.objects.filter(pk=verdict.pk).update(headline="Changed by someone else")
    response = client.post(
        reverse("admin:claims_verdict_change", args=[verdict.pk]),
        {
            "claim": verdict.claim_id,
            "headline": "My own headline",
            "slug": verdict.slug,
            "rating": verdict.rating_id,
            "summary": verdict.summary,
            "body": "",
            "snapshot": snapshot,
            "speaker_response": "",
            "publisher": "",
            "external_url": "",
            "verdict_sources-TOTAL_FORMS": "0",
            "verdict_sources-INITIAL_FORMS": "0",
            "corrections-TOTAL_FORMS": "0",
            "corrections-INITIAL_FORMS": "0",
            "reviews-TOTAL_FORMS": "0",
            "reviews-INITIAL_FORMS": "0",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "No se ha guardado" in text
    assert "cambió el mismo campo que tú" in text
