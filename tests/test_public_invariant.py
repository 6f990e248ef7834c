"""Nothing unpublished reaches the public: the one gate every public read goes through."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from claims import services
from claims.models import Claim, Verdict
from claims.selectors.newsroom_similar import similar_claims_for_staff
from claims.selectors.public import similar_public_verdicts
from claims.services.vectors import embed_backfill
from tests import factories
from tests.conftest import MARKER as PLANTED

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


# "Has this been checked?" (the public page and API): every wording planted in a state
# that is not public (a draft, verdicts in review and returned, an approved but
# unpublished correction with the published claim's working quote, a verdict taken down,
# an archive reference as LIAR's) is searched for word for word, by meaning and by words.
PLANTED_WORDS = [
    *(
        f"{PLANTED} claim {state} about Trump and Qatar"
        for state in ("draft", "in_review", "returned")
    ),
    f"{PLANTED} working quote",
    f"{PLANTED} proposed headline",
    f"{PLANTED} taken down claim",
    f"{PLANTED} reference claim",
]


@pytest.mark.parametrize("matching", ["claim_vectors", "words_only"])
def test_has_this_been_checked_never_finds_wording_that_is_not_published(request, matching):
    request.getfixturevalue(matching)  # before the planting: publications embed their words
    request.getfixturevalue("planted")
    client = Client()
    if matching == "claim_vectors":
        # Every claim's working copy gets its vectors, drafts and references included;
        # staff matching finds the planted wording, so it would match if it leaked.
        embed_backfill()
        found = similar_claims_for_staff(text=PLANTED_WORDS[0])
        assert found.candidates[0].text == PLANTED_WORDS[0]
        assert found.candidates[0].label == "likely the same claim"
    assert similar_public_verdicts(text="Qatar mediates between Israel and Hamas").candidates
    for words in PLANTED_WORDS:
        assert not [c for c in similar_public_verdicts(text=words).candidates if PLANTED in str(c)]
        for url in (reverse("web:checked"), reverse("api:checked")):
            response = client.get(url, {"text": words})
            assert response.status_code == 200
            # The reader's own words, shown back in the box and in the links to the same
            # page in the other languages.
            body = response.content.decode().replace(f">{words}</textarea>", "")
            body = body.replace(urlencode({"text": words}), "")
            assert PLANTED not in body, (url, words)
