"""The benchmark measures what it says: its baselines send the API's own documents, and
``python -m benchmarks`` runs from start to end and reports every workload and target.
(The figures themselves are the benchmark's business, never a test's.)"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.urls import reverse
from psycopg import sql
from rest_framework.test import APIRequestFactory

from benchmarks import baselines, drf_models
from benchmarks.workloads import Targets, workloads
from tests import factories
from tests.databases import benchmark_template, drop_database, server_url
from tests.test_settings import clean_environment

ROOT = Path(__file__).resolve().parent.parent


def _api_page(client) -> list[dict]:
    response = client.get(reverse("api:claim-list"), {"page_size": 50})
    assert response.status_code == 200
    return response.json()["results"]


@pytest.fixture
def archive(seed, editor, editor2):
    from claims import services

    for n in range(60):  # more than a page, so the baselines' own paging is exercised
        factories.make_verdict(status="published", claim=factories.make_claim(text=f"Claim {n}."))
    # A published translation on the first page: the baselines list it as the API does.
    translated = factories.make_verdict(
        status="published", claim=factories.make_claim(text="Claim translated.")
    )
    translation = services.verdict_translation_start(
        original=translated, language="es", user=editor
    )
    translation = services.verdict_update(
        verdict=translation,
        user=editor,
        expected_version=factories.version(translation),
        changes={"headline": "Traducido", "summary": "Traducido.", "claim_wording": "Traducida."},
    )
    services.verdict_submit(verdict=translation, user=editor)
    translation.refresh_from_db()
    services.verdict_publish(
        verdict=translation, user=editor2, expected_version=factories.version(translation)
    )
    retracted = factories.make_verdict(status="published")
    services.verdict_retract(verdict=retracted, user=editor, note="Forged figures.")


def test_the_raw_sql_baseline_sends_the_apis_page(client, archive):
    response = baselines.raw_claims(APIRequestFactory().get("/bench/raw/claims/"))
    body = json.loads(response.content)
    assert body["results"] == _api_page(client)
    assert body["next"] is not None
    assert any(item["translations"] for item in body["results"])


@pytest.mark.parametrize(
    "view", [drf_models.DrfModelClaims, baselines.DrfClaims], ids=["models", "stored"]
)
def test_the_drf_peers_send_the_apis_page(client, archive, view):
    response = view.as_view()(APIRequestFactory().get("/bench/drf/claims/"))
    response.render()
    assert json.loads(response.content)["results"] == _api_page(client)


def test_every_workload_names_a_distinct_url():
    targets = Targets("c", 1, "s", "false", 1, "t", 1, "text", "/admin/audit/", outlet="o")
    names = [w.name for w in workloads(targets)]
    assert len(names) == len(set(names))
    assert {"api_list", "raw_sql_list", "bare_json", "drf_list", "admin_similar"} <= set(names)
    assert {"staff_similar_api", "checked_page", "api_checked"} <= set(names)
    assert {"api_speaker", "speaker_page", "outlet_page", "sitemap_index"} <= set(names)
    # An archive in several languages (--languages) adds each other language's searches.
    names = [w.name for w in workloads(dataclasses.replace(targets, languages=("ar", "fr")))]
    assert len(names) == len(set(names))
    assert {"api_search_language_ar", "search_page_ar", "factchecktools_fr"} <= set(names)


def test_a_template_that_is_no_database_is_named_and_nothing_is_dropped(db, monkeypatch):
    """``FACTCHECK_BENCHMARK_TEMPLATE`` naming no database ends the run with a sentence
    saying so, before the archive it would replace is dropped."""
    from benchmarks import archive

    server = server_url()
    kept = f"factcheck_bench_kept_{os.getpid()}"
    drop_database(server, kept)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(kept)))
    monkeypatch.setenv("FACTCHECK_BENCHMARK_TEMPLATE", "no_such_template")
    try:
        with pytest.raises(SystemExit) as ended:
            archive.fresh_database(server, kept, {})
        assert "'no_such_template', which is not a database" in str(ended.value)
        with psycopg.connect(f"{server}/postgres") as admin:
            found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [kept])
            assert found.fetchone() is not None
    finally:
        drop_database(server, kept)


def test_the_benchmark_runs_from_start_to_end(db, tmp_path):
    server = server_url()
    results = tmp_path / "results.json"
    env = {**clean_environment(), "DATABASE_URL": f"{server}/postgres"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # The archive is a copy of the run's migrated template (tests/databases.py).
    with benchmark_template(server) as template:
        try:
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "benchmarks",
                    "--claims",
                    "300",
                    "--seed",
                    "7",
                    "--repeat",
                    "1",
                    "--no-throughput",
                    "--no-liar",
                    "--rebuild",
                    "--json",
                    str(results),
                ],
                cwd=ROOT,
                env={**env, **template},
                capture_output=True,
                text=True,
                timeout=600,
            )
        finally:
            drop_database(server, "factcheck_bench_300_seed7")
    assert done.returncode == 0, done.stderr[-3000:]
    run = json.loads(results.read_text())
    size = run["sizes"]["300"]
    work = size["inprocess"]["workloads"]
    assert {"api_list", "raw_sql_list", "drf_list", "admin_claims", "ilike_common"} <= set(work)
    # The pages that read the public index for the busiest speaker and outlet.
    assert {"speaker_page", "outlet_page", "sitemap_index", "api_speaker"} <= set(work)
    # A deep search page on each searching surface, past the ranked window.
    assert {"api_search_deep", "factchecktools_deep", "search_page_deep"} <= set(work)
    # Issue 19: the matcher's surfaces, on the archive's synthetic vectors (pgvector is in
    # the embedded server), the load and the HNSW build timed apart from the archive.
    assert {"admin_similar", "staff_similar_api", "checked_page", "api_checked"} <= set(work)
    assert size["vectors"]["vectors"] == 300
    assert "HNSW indexes build, 300 claims (s)" in {t["target"] for t in run["targets"]}
    assert all(w["p50_ms"] > 0 for w in work.values())
    assert work["api_list"]["queries"] == work["api_list_100"]["queries"] <= 4
    assert size["feed"]["reviews"] > 50
    assert size["build_seconds"] > 0
    assert "Targets (issue 10):" in done.stdout
    measured = {t["target"]: t for t in run["targets"]}
    assert measured["verdict page queries"]["met"] is True


def test_the_liar_families_run_is_checked_against_the_labelled_repeats():
    """``python -m benchmarks`` (or ``--liar-only``) reports the whole LIAR set's proposed
    families against LIAR's natural repeats in tests/data/matching (the run itself, over
    12,836 statements, is the benchmark's: docs/performance.md)."""
    from benchmarks import report
    from benchmarks.__main__ import parser
    from benchmarks.liar_families import Families, _spot_check

    statement = {1: "6036", 2: "3973", 3: "7054", 4: "6491", 5: "6085", 6: "99999"}
    pairs = [(1, 2), (3, 4), (5, 6)]
    families = Families(pairs)
    assert families.groups == [[1, 2], [3, 4], [5, 6]]
    check = _spot_check(pairs, families, statement)
    # 6036 is repeated by 3973 and 6085; only the first pair was proposed.
    assert (check["labelled_repeat_pairs"], check["in_one_proposed_family"]) == (2, 1)
    # 7054 changes 6491's figure: proposed, so counted against the run.
    assert check["not_labelled_the_same"] == [["7054", "6491"]]
    assert (check["changed_figure_pairs"], check["changed_figure_pairs_proposed"]) == (1, 1)
    assert check["proposed_pairs_within_the_labelled_set"] == 2  # 99999 is not in the set
    lines = report.liar(
        {
            "liar": {"statements": 6, "seconds": 1.0, "statements_per_s": 6},
            "liar_families": {
                "claims": 6,
                "matched_by": "meaning",
                "embed": {"vectors": 6, "seconds": 1.0, "vectors_per_s": 6.0},
                "suggest": {"seconds": 1.0, "claims_per_s": 6.0},
                "proposed": {
                    "pairs": 3,
                    "families": 3,
                    "claims_in_families": 6,
                    "family_sizes": {"2": 3},
                    "largest": [["6036: a", "3973: b"]],
                },
                "spot_check": check,
            },
        }
    )
    assert "suggest_families: 6 claims" in lines
    assert "1 of 2 in one proposed family" in lines
    assert parser().parse_args(["--liar-only"]).liar_only
