"""Claim vectors stored with pgvector: computed as a claim is written alone, of the
published words for the public index, left by bulk paths to `embed_claims`, recomputed
when the words or the model change. Run where pgvector is (the embedded server); skipped
elsewhere, failing instead under CI=true (tests/conftest.py, ``claim_vectors``)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from claims import services
from claims.matching import embedding
from claims.models import ClaimVector, PublishedClaimVector
from claims.models.vectors import DIMENSIONS, VECTOR_MODELS
from claims.selectors.vectors import claims_missing_vectors, model_state
from claims.services.vectors import claim_vectors_refresh, embed_backfill
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("claim_vectors")]


def _wordings(model, claim_id):
    return sorted(
        model.objects.filter(claim_id=claim_id).values_list("kind", "wording", "model_version")
    )


def test_the_tables_are_the_models_with_a_cosine_hnsw_index():
    assert embedding.DIMENSIONS == DIMENSIONS
    with connection.cursor() as cursor:
        for model in VECTOR_MODELS:
            table = model._meta.db_table
            columns = {
                c.name for c in connection.introspection.get_table_description(cursor, table)
            }
            assert columns == {f.column for f in model._meta.concrete_fields}
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
                [table, "%hnsw%"],
            )
            (definition,) = cursor.fetchone()
            assert "halfvec_cosine_ops" in definition
            cursor.execute(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attname = 'embedding'",
                [table],
            )
            assert cursor.fetchone()[0] == f"halfvec({DIMENSIONS})"


def test_a_claim_written_alone_gets_vectors_of_its_text_and_quote(editor):
    claim = services.claim_create(
        user=editor,
        text="The city's bus fares doubled in one year.",
        quote="Bus fares have doubled since last May!",
    )
    version = model_state().model_version
    assert _wordings(ClaimVector, claim.pk) == [
        ("quote", "Bus fares have doubled since last May!", version),
        ("text", "The city's bus fares doubled in one year.", version),
    ]
    services.claim_update(
        claim=claim,
        user=editor,
        expected_version=claim.version,
        changes={"text": "Bus fares in the city rose by half in one year.", "quote": ""},
    )
    assert _wordings(ClaimVector, claim.pk) == [
        ("text", "Bus fares in the city rose by half in one year.", version)
    ]


def test_the_public_index_holds_vectors_of_the_published_words_only(factchecker, editor):
    verdict = factories.make_verdict(
        status="published",
        claim=factories.make_claim(text="Bus fares doubled in one year.", quote=""),
    )
    claim_id = verdict.claim_id
    assert [w for _, w, _ in _wordings(PublishedClaimVector, claim_id)] == [
        "Bus fares doubled in one year."
    ]
    # The working copy changes (not published): the staff vector follows it, the public
    # one keeps the published words.
    type(verdict.claim).objects.filter(pk=claim_id).update(text="Unpublished new wording.")
    claim_vectors_refresh(claim_ids=[claim_id])
    assert [w for _, w, _ in _wordings(ClaimVector, claim_id)] == ["Unpublished new wording."]
    assert [w for _, w, _ in _wordings(PublishedClaimVector, claim_id)] == [
        "Bus fares doubled in one year."
    ]
    # Taken down: its public vectors go with its row in the index.
    chief = factories.make_user(is_superuser=True)
    services.verdict_takedown(verdict=verdict, user=chief, note="A court order.")
    assert not PublishedClaimVector.objects.filter(claim_id=claim_id).exists()


def test_embed_claims_fills_what_bulk_paths_left_and_resumes_where_it_stopped(settings):
    settings.FACTCHECK_EMBED_ON_WRITE = False  # as a bulk load writes them
    claims = [factories.make_claim(text=f"Claim {n} about bus fares and taxes.") for n in range(5)]
    public = factories.make_verdict(status="published", claim=claims[0])
    settings.FACTCHECK_EMBED_ON_WRITE = True
    version = model_state().model_version
    ids = {c.pk for c in claims}
    assert ids <= set(claims_missing_vectors(version=version))

    class Stop(Exception):
        pass

    def stop_after_first(claims: int, vectors: int) -> None:
        raise Stop

    with pytest.raises(Stop):
        embed_backfill(batch=2, on_batch=stop_after_first)
    # The first batch was kept; the next run goes on with the rest.
    assert len(ids - set(claims_missing_vectors(version=version))) == 2
    out = io.StringIO()
    call_command("embed_claims", "--batch", "2", "--no-progress", stdout=out)
    assert ids.isdisjoint(claims_missing_vectors(version=version))
    assert PublishedClaimVector.objects.filter(claim_id=public.claim_id).exists()
    assert "claims" in out.getvalue()


def test_vectors_of_another_model_version_count_as_missing_and_are_redone(editor):
    claim = services.claim_create(user=editor, text="Unemployment doubled in two years.")
    ClaimVector.objects.filter(claim_id=claim.pk).update(model_version="an-older-model")
    version = model_state().model_version
    assert claim.pk in claims_missing_vectors(version=version)
    call_command("embed_claims", "--no-progress", stdout=io.StringIO())
    assert _wordings(ClaimVector, claim.pk) == [
        ("text", "Unemployment doubled in two years.", version)
    ]


def test_a_feed_of_many_reviews_leaves_its_vectors_to_embed_claims(editor, tmp_path):
    feed = [
        {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"https://checks.example.org/{n}",
            "claimReviewed": f"Bus fares rose {n + 2} times in one year.",
            "datePublished": "2025-06-03",
            "inLanguage": "en",
            "author": {
                "@type": "Organization",
                "name": "Example Checks",
                "url": "https://checks.example.org/",
            },
            "reviewRating": {"@type": "Rating", "alternateName": "False"},
            "itemReviewed": {"@type": "Claim"},
        }
        for n in range(2)
    ]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed))
    call_command("import_claimreview", str(path), "--as", editor.username, stdout=io.StringIO())
    assert not ClaimVector.objects.exists()
    assert not PublishedClaimVector.objects.exists()
    one = tmp_path / "one.json"
    one.write_text(json.dumps({**feed[0], "url": "https://checks.example.org/one"}))
    call_command("import_claimreview", str(one), "--as", editor.username, stdout=io.StringIO())
    assert ClaimVector.objects.count() == 1
    assert PublishedClaimVector.objects.count() == 1


def test_a_deleted_claim_takes_its_vectors_along(editor):
    claim = services.claim_create(user=editor, text="The harbour tunnel cost 3 billion.")
    assert ClaimVector.objects.filter(claim_id=claim.pk).exists()
    type(claim).objects.filter(pk=claim.pk).delete()
    assert not ClaimVector.objects.filter(claim_id=claim.pk).exists()


def test_demo_claims_get_synthetic_clustered_vectors_that_the_selectors_read():
    from claims.models import Claim, PublishedClaim
    from claims.selectors.newsroom_similar import similar_claims_for_staff

    out = io.StringIO()
    call_command("generate_demo_data", "--claims", "60", "--seed", "3", stdout=out)
    version = model_state().model_version
    demo = Claim.objects.filter(slug__startswith="demo-claim-")
    assert ClaimVector.objects.filter(model_version=version).count() == demo.count() == 60
    public = set(PublishedClaim.objects.values_list("pk", flat=True))
    assert set(PublishedClaimVector.objects.values_list("claim_id", flat=True)) == public
    assert "HNSW indexes built in" in out.getvalue()
    # Current words and version: the backfill has nothing to redo.
    assert not claims_missing_vectors(version=version)
    # Claims of different clusters score about as the model scores unrelated claims.
    sample = demo.order_by("pk").first()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 - (a.embedding <=> b.embedding), split_part(a.wording, ',', 1) = "
            "split_part(b.wording, ',', 1) FROM claims_claimvector a, claims_claimvector b "
            "WHERE a.claim_id < b.claim_id"
        )
        pairs = cursor.fetchall()
    apart = [score for score, same in pairs if not same]
    assert 0.8 < sum(apart) / len(apart) < 0.9
    assert similar_claims_for_staff(text=sample.text).by == "meaning"
    again = io.StringIO()
    call_command("generate_demo_data", "--vectors-only", stdout=again)
    assert again.getvalue().startswith("0 synthetic vectors loaded")
