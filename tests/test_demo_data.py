"""The synthetic archive: deterministic, consistent, searchable, public where it says so,
and loaded without audit events (it is synthetic)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, Verdict
from claims.selectors import similar_claims
from factcheck.management.commands.generate_demo_data import DemoArchive
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _texts(seed, languages=None):
    archive = DemoArchive(
        seed=seed,
        languages=languages,
        claims=200,
        ratings=[(1, "True"), (2, "False")],
        start=dict.fromkeys(
            [
                "sources.Outlet",
                "claims.Speaker",
                "claims.Topic",
                "sources.Article",
                "sources.Source",
                "claims.Claim",
                "claims.Verdict",
                "claims.VerdictSource",
            ],
            1,
        ),
    )
    for model, rows, _ in archive.tables():
        produced = list(rows)  # in order: the tables before draw from the same generator
        if model is Claim:
            return [row["text"] for row in produced]
    return []


def test_the_same_seed_gives_the_same_archive_and_texts_are_nearly_all_distinct():
    first, again, other = _texts(7), _texts(7), _texts(8)
    assert first == again
    assert first != other
    assert len(set(first)) >= 0.99 * len(first)


def test_the_archive_is_consistent_public_where_it_says_and_searchable(client):
    call_command("generate_demo_data", "--claims", "600", "--seed", "5", verbosity=0)
    assert Claim.objects.count() == 600
    public = Claim.objects.public()
    share = public.count() / 600
    assert 0.25 < share < 0.40
    assert not public.filter(published_at__isnull=True).exists()
    assert set(Verdict.objects.values_list("status", flat=True)) >= {
        "published",
        "draft",
        "in_review",
    }
    ratings = Verdict.objects.public().values("rating").distinct().count()
    assert ratings >= 5  # across the ratings
    # Readers are served revisions: every public verdict has the ones it would have had.
    assert not Verdict.objects.on_record().filter(revisions__isnull=True).exists()
    retracted = Verdict.objects.filter(status="retracted").first()
    kinds = list(retracted.revisions.order_by("number").values_list("kind", flat=True))
    assert kinds == ["published", "retraction"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'claims_claim'")
        indexes = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT count(*) FROM claims_claimevent")
        assert cursor.fetchone()[0] == 0  # synthetic rows: no audit events
    assert {"claim_search_gin", "claim_text_trgm"} <= indexes
    sample = public.first()
    word = sample.text.split()[0].lower()
    found = client.get(reverse("api:claim-list"), {"q": word, "page_size": 100}).json()["results"]
    assert found
    assert next(iter(similar_claims(text=sample.text))) == sample
    # Added to, not replaced: a second run keeps going.
    call_command("generate_demo_data", "--claims", "50", "--seed", "6", verbosity=0)
    assert Claim.objects.count() == 650


def test_bad_arguments_are_messages():
    with pytest.raises(CommandError, match="must be a whole number from 1 to"):
        call_command("generate_demo_data", "--claims", "0", verbosity=0)
    with pytest.raises(CommandError, match="not xx"):
        call_command("generate_demo_data", "--languages", "en,xx", verbosity=0)


def test_languages_take_turns_and_leave_the_english_archive_as_it_was():
    """``--languages``: claim n is in the n-th language in turn, written in it; the random
    draws do not change, so each English claim is the English archive's."""
    english = _texts(7)
    assert _texts(7, languages=["en"]) == english
    mixed = _texts(7, languages=["en", "ar", "es", "fr"])
    assert mixed[0::4] == english[0::4]
    assert all("\u0600" <= text[0] <= "\u06ff" for text in mixed[1::4])  # Arabic
    assert all("por ciento" in text for text in mixed[2::4])
    assert all("pour cent" in text for text in mixed[3::4])


def test_demo_data_never_goes_public_beside_a_real_record(settings, editor):
    """With DEBUG off (production), a database with a public record is refused: synthetic
    verdicts would be published under the newsroom's name. Nothing is written."""
    settings.DEBUG = False
    factories.make_verdict(status="published")
    claims = Claim.objects.count()
    with pytest.raises(CommandError, match="already has a public record"):
        call_command("generate_demo_data", "--claims", "20", verbosity=0)
    assert Claim.objects.count() == claims


def test_demo_data_publishes_only_its_own_verdicts(settings):
    """A published verdict of ours without revisions (written straight to the table) is
    not given a public revision by a demo load beside it."""
    settings.DEBUG = True
    stray = factories.make_verdict()
    Verdict.objects.filter(pk=stray.pk).update(status="published", published_at=timezone.now())
    call_command("generate_demo_data", "--claims", "20", "--seed", "7", verbosity=0)
    assert not stray.revisions.exists()
