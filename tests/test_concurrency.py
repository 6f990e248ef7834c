"""Two people editing the same claim or verdict never silently lose either's work."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import close_old_connections, connection, transaction
from django.urls import reverse

from claims.models import Claim, Verdict
from factcheck.base.concurrency import StaleVersionError, lock_current_version
from tests import factories
from tests.test_admin_workflow import _form_data


@pytest.mark.django_db
def test_second_save_of_a_stale_verdict_form_is_refused_and_keeps_the_typing(
    editor, editor2, login
):
    verdict = factories.make_verdict(headline="Original headline")
    opened_by_both = _form_data(verdict)
    first = login(editor).post(
        reverse("admin:claims_verdict_change", args=[verdict.pk]),
        {**opened_by_both, "headline": "Editor one"},
    )
    assert first.status_code == 302

    second = login(editor2).post(
        reverse("admin:claims_verdict_change", args=[verdict.pk]),
        {**opened_by_both, "headline": "Editor two"},
    )
    assert second.status_code == 200
    text = second.content.decode()
    assert "Not saved: editor saved it at" in text
    assert 'value="Editor two"' in text  # what they typed is still in the form
    assert Verdict.objects.get(pk=verdict.pk).headline == "Editor one"

    # The form now carries the current version: saving again is a deliberate choice.
    form = second.context["adminform"].form
    resubmit = {
        **opened_by_both,
        "headline": "Editor two",
        "snapshot": form.data["snapshot"],
    }
    third = login(editor2).post(
        reverse("admin:claims_verdict_change", args=[verdict.pk]), resubmit
    )
    assert third.status_code == 302
    assert Verdict.objects.get(pk=verdict.pk).headline == "Editor two"


@pytest.mark.django_db
def test_stale_claim_form_is_refused(editor, editor2, login):
    claim = factories.make_claim(text="The original wording of the claim.")
    data = {
        "text": claim.text,
        "speaker": claim.speaker_id,
        "language": "en",
        "slug": claim.slug,
        "snapshot": factories.snapshot(claim),
        "verdicts-TOTAL_FORMS": "0",
        "verdicts-INITIAL_FORMS": "0",
    }
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    assert login(editor).post(url, {**data, "context": "first"}).status_code == 302
    response = login(editor2).post(url, {**data, "context": "second"})
    assert "Not saved" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).context == "first"


def _wait_until_another_session_waits_on_a_lock() -> None:
    """A condition, not a pause: a busy machine may take a while to send the second save."""
    deadline = time.monotonic() + 60
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted"
                " AND pid <> pg_backend_pid())"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("the second editor never waited on the row lock")


# serialized_rollback: the flush after this test must not take the roles migration's groups along.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_saves_serialise_and_the_later_one_is_refused():
    """Two real connections: the second waits on the row lock, then sees the new version."""
    verdict = factories.make_verdict()
    holding = threading.Event()
    outcome: dict[str, object] = {}

    def first_editor() -> None:
        try:
            with transaction.atomic():
                lock_current_version(Verdict, pk=verdict.pk, expected=1)
                holding.set()
                _wait_until_another_session_waits_on_a_lock()
                Verdict.objects.filter(pk=verdict.pk).update(headline="first")
        finally:
            close_old_connections()
            connection.close()

    def second_editor() -> None:
        holding.wait(60)
        try:
            with transaction.atomic():
                lock_current_version(Verdict, pk=verdict.pk, expected=1)
                Verdict.objects.filter(pk=verdict.pk).update(headline="second")
            outcome["second"] = "saved"
        except StaleVersionError as exc:
            outcome["second"] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=first_editor), threading.Thread(target=second_editor)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert isinstance(outcome["second"], StaleVersionError)
    assert outcome["second"].current == 2
    assert Verdict.objects.get(pk=verdict.pk).headline == "first"


@pytest.mark.django_db
def test_stale_claim_in_the_article_inline_is_refused(editor, editor2, login):
    article = factories.make_article()
    claim = factories.make_claim(article=article, text="Inline claim, first wording.")
    data = {
        "title": article.title,
        "slug": article.slug,
        "language": "en",
        "snapshot": factories.snapshot(article),
        "claims-TOTAL_FORMS": "1",
        "claims-INITIAL_FORMS": "1",
        "claims-0-id": claim.pk,
        "claims-0-article": article.pk,
        "claims-0-text": claim.text,
        "claims-0-speaker": claim.speaker_id,
        "claims-0-slug": claim.slug,
        "claims-0-language": "en",
        "claims-0-snapshot": factories.snapshot(claim),
    }
    url = reverse("admin:sources_article_change", args=[article.pk])
    assert login(editor).post(url, {**data, "claims-0-context": "first"}).status_code == 302
    response = login(editor2).post(url, {**data, "claims-0-context": "second"})
    assert response.status_code == 200
    assert "Not saved" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).context == "first"
