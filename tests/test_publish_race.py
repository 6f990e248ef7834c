"""Publishing is not a race (the hostile-insider review): an edit of the claim, speaker or
sources that lands while an editor publishes either waits for the publication or stops
it. What goes public is always the document the approvals were given to."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from claims import services
from claims.models import Claim, Verdict
from claims.selectors.newsroom import proposal_hash
from claims.services import workflow
from factcheck.base.services import Refused
from tests import factories
from tests.test_concurrency import _wait_until_another_session_waits_on_a_lock


def _in_review(factchecker):
    claim = factories.make_claim(text="The approved wording.")
    return factories.make_verdict(claim=claim, status="in_review", author=factchecker)


@pytest.mark.django_db
def test_an_edit_slipping_in_during_publication_stops_it(factchecker, editor, monkeypatch):
    """Were the document's rows not held, an edit between the check and the revision would
    go public unapproved: the revision's own hash check refuses it."""
    verdict = _in_review(factchecker)
    read = proposal_hash(verdict)
    monkeypatch.setattr(workflow, "hold_document_rows", lambda verdict: None)
    freeze = workflow.revision_from_working_copy

    def edit_then_freeze(**kwargs):
        Claim.objects.filter(pk=verdict.claim_id).update(text="EVIL unapproved wording.")
        return freeze(**kwargs)

    monkeypatch.setattr(workflow, "revision_from_working_copy", edit_then_freeze)
    with pytest.raises(Refused, match="changed while it was being published"):
        services.verdict_publish(
            verdict=verdict,
            user=editor,
            expected_version=factories.version(verdict),
            expected_hash=read,
        )
    assert not verdict.revisions.exists()


# serialized_rollback: the flush after this test must not take the roles migration's groups along.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edit_during_publication_waits_and_the_approved_text_is_published(
    factchecker, editor, monkeypatch
):
    verdict = _in_review(factchecker)
    read = proposal_hash(verdict)
    outcome: dict[str, object] = {}
    approvals = workflow.approvals

    def fact_checker_edits() -> None:
        try:
            claim = Claim.objects.get(pk=verdict.claim_id)
            services.claim_update(
                claim=claim,
                user=factchecker,
                expected_version=claim.version,
                changes={"text": "EVIL edit typed during the publication."},
            )
            outcome["edit"] = "saved"
        except Exception as exc:  # the edit may be refused once the claim is public
            outcome["edit"] = exc
        finally:
            connection.close()

    editing = threading.Thread(target=fact_checker_edits)

    def count_while_an_edit_waits(verdict, current):
        if not editing.is_alive() and "edit" not in outcome:
            editing.start()
            _wait_until_another_session_waits_on_a_lock()  # the edit waits on our hold
        return approvals(verdict, current)

    monkeypatch.setattr(workflow, "approvals", count_while_an_edit_waits)
    with transaction.atomic():
        services.verdict_publish(
            verdict=verdict,
            user=editor,
            expected_version=factories.version(verdict),
            expected_hash=read,
        )
    editing.join(60)
    [revision] = Verdict.objects.get(pk=verdict.pk).revisions.all()
    assert revision.content_hash == read
    assert revision.document["claim"]["text"] == "The approved wording."
    assert "edit" in outcome  # it ran, after the publication committed
