"""Without claim vectors (PostgreSQL without pgvector, a database user who may not create
it, a CPU without AVX2, or FACTCHECK_CLAIM_VECTORS=0) the project still migrates, warns,
says so in the admin, and every matching surface falls back to words. Runs in the pass on
the PostgreSQL 15 server, which has no pgvector (tests/conftest.py, SERVER); on the
embedded server the same is checked with vectors switched off."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models.vectors import VECTOR_MODELS, vector_extension_status
from claims.selectors.vectors import forget_vector_state, storage_ready
from factcheck import checks
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("words_only")]

PUBLISHED = "The unemployment rate doubled in the last two years."


@pytest.fixture
def on_file():
    return factories.make_verdict(
        status="published",
        rating=factories.rating("false"),
        claim=factories.make_claim(text=PUBLISHED),
    )


def _pgvector_on_server() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
        return cursor.fetchone() is not None


def test_the_migrations_create_the_vector_tables_only_where_pgvector_is():
    forget_vector_state()
    tables = {m._meta.db_table for m in VECTOR_MODELS}
    existing = set(connection.introspection.table_names()) & tables
    assert storage_ready("default") is _pgvector_on_server()
    assert existing == (tables if _pgvector_on_server() else set())


def test_a_user_who_may_not_create_the_extension_gets_a_reason_not_a_failed_migration():
    if not _pgvector_on_server():
        assert vector_extension_status(connection) == (
            "this PostgreSQL server has no pgvector extension"
        )
        return
    with transaction.atomic(), connection.cursor() as cursor:
        # As a database whose owner is not a superuser (pgvector is not a trusted
        # extension): undone with the test's transaction.
        cursor.execute("DROP EXTENSION vector CASCADE")
        cursor.execute("CREATE ROLE factcheck_plain_owner NOSUPERUSER")
        cursor.execute("SET LOCAL ROLE factcheck_plain_owner")
        reason = vector_extension_status(connection)
        cursor.execute("SELECT 1")  # the transaction goes on: the refusal was a savepoint's
        assert cursor.fetchone() == (1,)
        cursor.execute("RESET ROLE")
    assert reason is not None
    assert reason.startswith("the database user may not create the pgvector extension")


def test_the_system_check_warns_and_says_how_to_get_vectors(monkeypatch, settings):
    settings.FACTCHECK_CLAIM_VECTORS = True
    if _pgvector_on_server():
        monkeypatch.setattr(checks, "storage_ready", lambda alias: False)
    (warning,) = checks.claim_vectors_available(databases=["default"])
    assert warning.id == "factcheck.W011"
    assert "no pgvector tables" in warning.msg
    assert "lexical matching" in warning.msg
    hint = str(warning.hint)
    assert "pgvector/pgvector:pg17" in hint
    assert "CREATE EXTENSION vector" in hint
    assert "embed_claims" in hint


def test_embed_claims_says_what_is_missing_and_what_to_do(monkeypatch, settings):
    if _pgvector_on_server():
        from claims.services import vectors

        monkeypatch.setattr(
            vectors,
            "install_vector_storage",
            lambda connection: "this PostgreSQL server has no pgvector extension",
        )
    with pytest.raises(CommandError) as refused:
        call_command("embed_claims", "--no-progress", stdout=io.StringIO())
    message = str(refused.value)
    assert "no pgvector extension" in message
    assert "CREATE EXTENSION vector" in message


def test_the_admin_says_lexical_matching_is_in_use_and_still_finds_lookalikes(
    on_file, factchecker, login
):
    page = login(factchecker).get(
        reverse("admin:claims_claim_similar"), {"text": "unemployment rate has doubled"}
    )
    body = page.content.decode()
    assert "Lexical matching in use" in body
    assert "(Published: False, by " in body
    assert "Related" in body
    article = factories.make_article(text=f"“{PUBLISHED}” the minister said on Tuesday.")
    editor = factories.make_user(is_superuser=True)
    page = login(editor).get(reverse("admin:sources_article_change", args=[article.pk]))
    assert "Lexical matching in use" in page.content.decode()
    assert "Already checked:" not in page.content.decode()


def test_the_staff_api_and_the_command_match_by_words_and_say_so(on_file, factchecker):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=factchecker).key}")
    data = client.get(
        reverse("api:staff-similar"), {"text": "unemployment rate has doubled"}
    ).json()
    assert data["matched_by"] == "words"
    assert data["note"]
    assert data["results"][0]["slug"] == on_file.claim.slug
    assert data["results"][0]["label"] == "related"
    out = io.StringIO()
    call_command("similar_claims", "unemployment rate has doubled", "--json", stdout=out)
    assert json.loads(out.getvalue())["results"][0]["slug"] == on_file.claim.slug
    out = io.StringIO()
    call_command("similar_claims", "unemployment rate has doubled", stdout=out)
    assert out.getvalue().startswith("Matched by words (lexical)")


def test_the_public_page_and_api_match_by_words(on_file, client):
    data = client.get(reverse("api:checked"), {"text": "unemployment rate has doubled"}).json()
    assert data["matched_by"] == "words"
    assert [r["slug"] for r in data["results"]] == [on_file.claim.slug]
    assert data["results"][0]["verdicts"][0]["rating"] == "False"
    page = client.get(reverse("web:checked"), {"text": "unemployment rate has doubled"})
    assert "Matched by shared words only" in page.content.decode()
    assert reverse("web:claim", args=[on_file.claim.slug]) in page.content.decode()
    nothing = client.get(reverse("api:checked"), {"text": "penguins of the far south"}).json()
    assert nothing["results"] == []


def test_writes_without_vector_tables_work_and_leave_nothing_behind(editor, monkeypatch):
    """Where the tables are missing the services skip vectors instead of failing."""
    from claims import services

    if _pgvector_on_server():
        from claims.services import vectors

        monkeypatch.setattr(vectors, "storage_ready", lambda alias: False)
    claim = services.claim_create(user=editor, text="Bus fares doubled in one year.")
    assert claim.pk
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM claims_claimvector WHERE claim_id = %s", [claim.pk]
            )
            assert cursor.fetchone() == (0,)
    except DatabaseError:
        assert not _pgvector_on_server()  # no such table: nothing written, nothing failed
