"""Nothing unpublished reaches the public: the one gate every public read goes through."""

from __future__ import annotations

import pytest

from claims import services
from claims.models import Claim, Verdict
from tests import factories

pytestmark = pytest.mark.django_db

MARKER = "UNPUBLISHED-MARKER-7f3a"


def test_public_verdicts_are_published_or_retracted_only():
    for status in ["draft", "in_review"]:
        factories.make_verdict(status=status, headline=f"{MARKER} {status}")
    published = factories.make_verdict(status="published")
    retracted = factories.make_verdict(status="retracted")
    public = Verdict.objects.public()
    assert set(public.values_list("pk", flat=True)) == {published.pk, retracted.pk}
    assert not public.filter(headline__contains=MARKER).exists()


def test_public_claims_are_those_with_a_public_verdict():
    hidden = factories.make_verdict(
        status="in_review", claim=factories.make_claim(text=f"{MARKER} claim")
    )
    bare = factories.make_claim(text=f"{MARKER} bare claim")
    shown = factories.make_verdict(status="published")
    public = Claim.objects.public()
    assert list(public.values_list("pk", flat=True)) == [shown.claim_id]
    assert hidden.claim_id not in public.values_list("pk", flat=True)
    assert bare.pk not in public.values_list("pk", flat=True)


def test_published_at_follows_the_public_verdicts_and_only_ever_hides(factchecker, editor):
    verdict = factories.make_verdict(author=factchecker)
    claim = verdict.claim
    services.verdict_submit(verdict=verdict, user=factchecker)
    assert Claim.objects.get(pk=claim.pk).published_at is None
    services.verdict_publish(
        verdict=verdict, user=editor, expected_version=factories.version(verdict)
    )
    assert (
        Claim.objects.get(pk=claim.pk).published_at
        == Verdict.objects.get(pk=verdict.pk).published_at
    )
    assert Claim.objects.public().filter(pk=claim.pk).exists()
    # A row written around the services without its date stays hidden: never the reverse.
    Claim.objects.filter(pk=claim.pk).update(published_at=None)
    assert not Claim.objects.public().filter(pk=claim.pk).exists()
