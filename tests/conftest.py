from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from claims import services
from claims.models import Claim, Rating, Verdict, VerdictReview, VerdictRevision
from claims.services.revisions import rebuild_revisions
from claims.services.search import reindex_claims
from tests import database_template, factories

# How the suite is split, in CI and on a developer's machine (README, "Tests").
#
# The suite runs in parallel (pytest-xdist, `-n` in pyproject's addopts), each worker on a
# test database of its own (`test_<name>_gw0`, `test_<name>_gw1`, … made by pytest-django)
# on one server: the embedded one is started by whichever worker connects first (a file
# lock makes the others wait, then they attach) and stopped by the last one to exit.
#
# SERIAL: tests that must not run beside others of their kind, each kind an xdist group
# of its own: one worker runs a group's tests one after another while the other workers
# share the rest (and the other groups). They stop, kill and restart servers and processes
# of their own, run the app on a port found free a moment earlier, put a timed load on the
# machine, or drive Chromium. Three groups rather than one, so that no single worker's
# queue sets the length of the run.
SERIAL = {
    # Timed work, and the production-settings apps that read staticfiles/ while the
    # benchmark run collects it again.
    "tests/test_load.py": "timed",  # 8 s of load on gunicorn, readers and editors at once
    "tests/test_database_faults.py": "timed",  # stops and kills PostgreSQL under a running app
    "tests/test_benchmarks.py::test_the_benchmark_runs_from_start_to_end": "timed",
    # Kills a job worker mid-delivery and times how soon another runs the job again.
    "tests/test_jobs_stalled.py": "timed",
    # Times publishes during a burst of webhook deliveries by two workers.
    "tests/test_webhook_burst.py": "timed",
    # Servers and clusters of their own.
    "tests/test_embedded_database.py": "servers",  # starts and stops embedded servers, SIGTERM
    # Restarts an embedded cluster of its own under a running job worker.
    "tests/test_jobs_database_restart.py": "servers",
    "tests/test_backup_restore.py": "servers",  # pg_dump/pg_restore, a database shared by the module
    "tests/test_quickstart_serves.py": "servers",  # the README's quickstart end to end, on a free port
    # Two installations, each with its own database and server, finding each other's verdicts.
    "tests/test_federation_two_installations.py": "servers",
    "tests/test_docker_image.py": "servers",  # the image's layout: quickstart, backup, restore
    "tests/test_deployment.py::test_the_compose_health_check_passes_against_the_app": "servers",
    # Headless Chromium (screenshots in tests/screenshots/).
    "tests/test_browser.py": "browsers",
    "tests/test_hostile_content_browser.py": "browsers",
    "tests/web/test_reader_browser.py": "browsers",
    "tests/web/test_right_to_left_browser.py": "browsers",  # the Arabic pages, right to left
    "tests/test_accessibility.py": "browsers",  # axe-core on every public page type
    "tests/test_peer_import_browser.py": "browsers",  # "Import as theirs" on the claim form
    "tests/test_peer_import_marks_every_copy_done.py": "browsers",  # the same review, two peers
    "tests/test_similar_claims_box_below_the_text.py": "browsers",  # the claim form's layout
}
# STATIC: tests whose app serves pages with DEBUG off, as in production, so needs the
# collected static files and their manifest (staticfiles/, git-ignored; without it every
# page is a 500). Run in one process the suite used to collect them first by chance (the
# benchmark run, in the order pytest-django sorts tests); collected_static() does it now.
STATIC = (
    "tests/test_load.py",  # gunicorn
    "tests/test_database_faults.py",  # runserver, the 503 page
)
# Other groups: tests that only collide with each other, kept on one worker.
GROUPS = {
    # Fixed database names (factcheck_routing_primary and _replica) on the suite's server.
    "tests/test_replicas.py": "replicas",
    # One Redis database (13), emptied as each test starts: one test's emptying on another
    # worker wiped the throttle history another was counting.
    "tests/test_cache_outage.py": "redis",
    # The labelled set is embedded once per process (about 900 texts): on one worker.
    "tests/test_matching_accuracy.py": "matching",
    # One database taken through the original migrations for the module (about 30 s): on
    # one worker, or each worker running one of its tests builds it again.
    "tests/test_http_url_upgrade.py": "upgrade",
    # The previous release set up, then migrated (~25 s). Run beside the test above: a
    # test that needs no database is run last by pytest-django, and alone it kept one
    # core busy for ~20 s after the other workers had finished.
    "tests/test_upgrade_from_previous_release.py": "upgrade",
}
# DEPLOYMENT: end-to-end checks of the deployment itself, on PostgreSQL clusters or
# databases of their own: faults of the database under a running app, the Docker image's
# layout, upgrades from the previous release and of old addresses, the embedded server's
# life, backups, a worker across a database restart, the load test and the benchmark's
# end-to-end run. Every run, CI's included, runs them; FACTCHECK_DEPLOYMENT_TESTS=0 skips
# them for a quicker run on a developer's machine (README, "Tests").
DEPLOYMENT = (
    "tests/test_database_faults.py",
    "tests/test_docker_image.py::test_quickstart_backup_and_restore_work_in_the_image_layout",
    "tests/test_upgrade_from_previous_release.py",
    "tests/test_http_url_upgrade.py",
    # Servers of their own, started, stopped, restored or put under a timed load.
    "tests/test_embedded_database.py",
    "tests/test_backup_restore.py",
    "tests/test_jobs_database_restart.py",
    "tests/test_load.py",
    "tests/test_benchmarks.py::test_the_benchmark_runs_from_start_to_end",
    # The whole LIAR set loaded, a second installation set up by the quickstart, a burst of
    # publications to a slow receiver.
    "tests/test_liar_import.py::test_the_whole_set",
    "tests/test_claimreview_real_files.py::test_a_publishers_reviews_round_trip_between_two_installations",
    "tests/test_webhook_burst.py",
)
# SERVER: what depends on the PostgreSQL server itself (its version, its SQL, its
# behaviour). With DATABASE_URL set, the pass on that server runs these and skips the
# rest, which runs in the embedded pass (PostgreSQL 18) anyway; FACTCHECK_ALL_TESTS=1
# runs everything there. Every pass also builds its test databases by running every
# migration on its server (triggers, constraints, extensions, indexes).
SERVER = (
    "tests/test_constraints.py",  # named CHECK/UNIQUE constraints, triggers (version, no delete)
    # A constraint whose character classes are the server's (unnamed speakers in any script).
    "tests/test_unnamed_speakers_any_script.py",
    "tests/test_history.py",  # django-pghistory's triggers, queryset and bulk updates included
    "tests/test_audit_history.py",  # the audit history's queries over the event tables
    "tests/test_concurrency.py",  # row locks (SELECT … FOR UPDATE) between two connections
    "tests/test_lost_update.py",  # versions bumped by triggers, stale saves refused
    "tests/test_partial_writes.py",  # a transaction cut off half way writes nothing
    "tests/test_public_cache.py",  # the publication generation, raw SQL in the write's transaction
    "tests/test_similar_claims.py",  # pg_trgm, full-text search, statement_timeout
    # Claim matching without pgvector (the 15 server has none): migrations, the warning,
    # every surface on words; the vector tests skip there (failing under CI=true).
    "tests/test_matching_fallback.py",
    "tests/test_liar_import.py",  # set-based loading in SQL with triggers off, search documents
    "tests/test_bulk_revisions.py",  # revision documents and the public index written in SQL
    "tests/test_upgrade_revisions.py",  # the upgrade's rebuild, audit watermarks from pg_class
    # The raw-SQL baseline against the API's page (the whole benchmark run is not: it
    # times things, and runs in the embedded pass).
    "tests/test_benchmarks.py::test_the_raw_sql_baseline_sends_the_apis_page",
    "tests/api/test_claim_documents.py",  # claim documents written as JSON by PostgreSQL
    "tests/api/test_filters_and_pages.py",  # full-text search (web syntax), keyset cursors
    "tests/test_jobs.py",  # the job queue's own SQL (Procrastinate's functions), stalled jobs
    # Left to the embedded pass to keep CI short, though they touch the server too: the
    # replicas (they build databases of their own), the demo archive's bulk load, the DRF
    # peer and Fact Check Tools on a live server (both read the same SQL as above).
)


def _listed(item: pytest.Item, entries: Any) -> str | None:
    for entry in entries:
        if item.nodeid == entry or item.nodeid.split("::")[0] == entry:
            return str(entry)
        if item.nodeid.startswith(entry + "["):  # one parametrized test
            return str(entry)
    return None


def _check_lists(config: pytest.Config) -> None:
    """A renamed or deleted module must not drop out of a list unnoticed."""
    for entry in (*SERIAL, *GROUPS, *SERVER, *STATIC, *DEPLOYMENT):
        if not (config.rootpath / entry.split("::")[0]).is_file():
            raise pytest.UsageError(f"tests/conftest.py lists {entry}, which does not exist")


def pytest_configure(config: pytest.Config) -> None:
    """Compile the project's modules to bytecode once, before the workers start. Where
    PYTHONDONTWRITEBYTECODE is set (as on CI's machines) nothing caches it otherwise, and
    each of the suite's hundreds of Python processes (workers, ``manage.py`` commands,
    servers) compiled all of it again: about half a second of CPU each. ``__pycache__``
    is git-ignored.

    The same setting stops pytest from keeping the test modules it rewrote for its
    assertions: each worker of each run rewrote all ~450 again (~3 s of CPU). pytest
    keeps them when this process may write bytecode (its subprocesses still may not)."""
    sys.dont_write_bytecode = False
    if hasattr(config, "workerinput"):
        return
    import compileall

    for package in ("factcheck", "claims", "sources", "tests"):
        compileall.compile_dir(config.rootpath / package, quiet=2)


# tryfirst: pytest-xdist reads the groups in a hook of its own, which must come after.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Groups for the parallel run (SERIAL, GROUPS), and what a pass on DATABASE_URL's
    server runs: the SERVER tests, not the heavy ones (load, fuzzing, crawling, faults,
    backups; FACTCHECK_HEAVY_TESTS=1 adds them), everything with FACTCHECK_ALL_TESTS=1.
    The embedded pass (DATABASE_URL unset) runs every test."""
    _check_lists(config)
    server_pass = bool(os.environ.get("DATABASE_URL"))
    everything = os.environ.get("FACTCHECK_ALL_TESTS") == "1"
    heavy_too = everything or os.environ.get("FACTCHECK_HEAVY_TESTS") == "1"
    skip_heavy = pytest.mark.skip(
        reason="heavy: runs in the embedded pass (FACTCHECK_HEAVY_TESTS=1 runs it here too)"
    )
    skip_other = pytest.mark.skip(
        reason="does not depend on the server: runs in the embedded pass"
        " (FACTCHECK_ALL_TESTS=1 runs it here too)"
    )
    skip_deployment = pytest.mark.skip(
        reason="a deployment test, skipped with FACTCHECK_DEPLOYMENT_TESTS=0 (tests/conftest.py)"
    )
    deployment_too = os.environ.get("FACTCHECK_DEPLOYMENT_TESTS") != "0"
    for item in items:
        if not deployment_too and _listed(item, DEPLOYMENT):
            item.add_marker(skip_deployment)
        if _listed(item, SERVER):
            item.add_marker(pytest.mark.server)
        if kind := _listed(item, SERIAL):
            item.add_marker(pytest.mark.xdist_group(SERIAL[kind]))
        elif group := _listed(item, GROUPS):
            item.add_marker(pytest.mark.xdist_group(GROUPS[group]))
        if not server_pass or everything:
            continue
        if "heavy" in item.keywords:
            if not heavy_too:
                item.add_marker(skip_heavy)
        elif "server" not in item.keywords:
            item.add_marker(skip_other)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """pytest-xdist sends a group to one worker by the suffix it adds to the ids of the
    group's tests. Should that stop working (as with pytest 9.2, pytest-xdist#1386), the
    serial tests would run side by side: they fail instead."""
    if (
        getattr(item.config.option, "loadgroup", False)
        and item.get_closest_marker("xdist_group")
        # As pytest-xdist reads it: an "@" after any parameters' "]".
        and item.nodeid.rfind("@") <= item.nodeid.rfind("]")
    ):
        pytest.fail(
            "pytest-xdist did not put this test in its group: this pytest and pytest-xdist do"
            " not work together (see the dev dependencies in pyproject.toml)",
            pytrace=False,
        )


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(fixtures)
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """A transactional test ends by emptying every table, the rows the migrations wrote
    included (roles, permissions, the cache's counter). Run alone, pytest-django puts
    those tests last; in parallel, a worker goes on with other tests: write the rows back."""
    try:
        return (yield)
    finally:
        # After the last test the session's teardown drops the databases: nothing to
        # write back to (and, by then, no tables to write into).
        if _transactional(item) and nextitem is not None:
            from django.db import connections
            from pytest_django.plugin import blocking_manager_key

            with item.config.stash[blocking_manager_key].unblock():
                for connection in connections.all(initialized_only=True):
                    rows = getattr(connection, "_test_serialized_contents", None)
                    if rows:
                        connection.creation.deserialize_db_from_string(rows)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    request: pytest.FixtureRequest, django_db_modify_db_settings: None
) -> Iterator[None]:
    """In parallel, the run's workers copy one migrated template database rather than
    each migrating its own (tests/database_template.py)."""
    workerinput = getattr(request.config, "workerinput", None)
    if workerinput is None:
        yield
        return
    worker, run_id = workerinput["workerid"], workerinput["testrunuid"]
    database_template.install(
        worker=worker,
        run_id=run_id,
        prepare=_load_rating_scale,
        prepared_from=(request.config.rootpath / RATING_SCALE).read_bytes(),
    )
    yield
    from pytest_django.plugin import blocking_manager_key

    with request.config.stash[blocking_manager_key].unblock():
        database_template.drop(worker=worker, run_id=run_id)


_static_collected = False


@pytest.fixture(autouse=True)
def collected_static(request: pytest.FixtureRequest) -> None:
    """``collectstatic`` with DEBUG off (the manifest storage), once per process, before
    the first STATIC test."""
    global _static_collected
    if _static_collected or not _listed(request.node, STATIC):
        return
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DEBUG="0",
        SECRET_KEY="collectstatic-for-the-tests-" + "x" * 32,
        ALLOWED_HOSTS="127.0.0.1",
        FACTCHECK_PUBLISHER_NAME="Tests",
        FACTCHECK_PUBLISHER_URL="https://tests.example.org/",
    )
    command = [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"]
    subprocess.run(command, cwd=request.config.rootpath, env=env, check=True, timeout=300)
    _static_collected = True


RATING_SCALE = "fixtures/rating_scale.json"


def _load_rating_scale() -> None:
    call_command("loaddata", RATING_SCALE, verbosity=0)


@pytest.fixture(autouse=True)
def rating_scale(request: pytest.FixtureRequest) -> None:
    """Ratings are reference data every verdict needs, as in every installation. In
    parallel the run's template database has them (loaded once, after the migrations:
    35 ms a test otherwise); a transactional test's end writes them back with the rest
    (pytest_runtest_teardown)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction", False)
    )
    if transactional:
        request.getfixturevalue("transactional_db")
    elif marker is not None or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    if not Rating.objects.exists():
        _load_rating_scale()


@pytest.fixture
def unthrottled(monkeypatch: pytest.MonkeyPatch) -> None:
    """One visitor making thousands of requests (crawlers, fuzzers): the API's rate limit
    is not the subject of those tests."""
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "allow_request", lambda self, request, view: True)


@pytest.fixture
def seed(db: None) -> None:
    call_command("loaddata", "fixtures/seed.json", verbosity=0)
    # As quickstart does: the seed's public verdicts get the revisions readers are served.
    rebuild_revisions(Verdict, VerdictRevision)
    reindex_claims(Claim.objects.values_list("pk", flat=True))


def _user(username: str, role: str | None) -> Any:
    user = factories.make_user(username=username)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(db: None) -> Any:
    return _user("editor", "Editor")


@pytest.fixture
def editor2(db: None) -> Any:
    return _user("editor2", "Editor")


@pytest.fixture
def factchecker(db: None) -> Any:
    return _user("factchecker", "Fact-checker")


@pytest.fixture
def login() -> Callable[[Any], Client]:
    def _login(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def fresh_cache(settings: Any) -> None:
    """Each test starts with an empty cache: no throttle history from the tests before.

    The public response cache is off: tests change rows directly (factories), which a
    deployment never does, and assert the query counts of uncached pages. The tests of
    the cache itself switch it on."""
    cache.clear()
    settings.PUBLIC_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def quick_passwords(settings: Any) -> None:
    """Passwords hashed with few rounds (tests/passwords.py), the default hashers after it
    to check what an app in a process of its own hashed."""
    from django.conf import global_settings

    settings.PASSWORD_HASHERS = [
        "tests.passwords.QuickPBKDF2PasswordHasher",
        *global_settings.PASSWORD_HASHERS,
    ]


@pytest.fixture(autouse=True)
def no_vectors_on_write(settings: Any) -> None:
    """Claims are not embedded as they are written (~10-30 ms each, more than a minute
    over the suite's publications); the tests of vectors switch it on (``claim_vectors``)."""
    settings.FACTCHECK_EMBED_ON_WRITE = False


@pytest.fixture
def claim_vectors(settings: Any, db: None) -> None:
    """Claims embedded as they are written, on a database with pgvector's tables. Where
    they are missing (PostgreSQL without pgvector) the test is skipped, except in CI
    (``CI=true``), whose embedded server has pgvector: there it fails."""
    from claims.selectors.vectors import forget_vector_state, model_state, storage_ready

    forget_vector_state()
    missing = None
    if not storage_ready("default"):
        missing = "the test database has no pgvector tables (PostgreSQL without pgvector)"
    elif not model_state().on:
        missing = model_state().reason
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"claim vectors are needed here: {missing}", pytrace=False)
        pytest.skip(missing)
    settings.FACTCHECK_EMBED_ON_WRITE = True
    settings.FACTCHECK_CLAIM_VECTORS = True


@pytest.fixture
def words_only(settings: Any) -> None:
    """Matching by words, as where pgvector or the sentence model is missing."""
    settings.FACTCHECK_CLAIM_VECTORS = False


MARKER = "ZQXMARKER"


def _plant_beyond_drafts(public: Any, factchecker: Any, editor: Any) -> None:
    """Every other kind of record that must not be public, each carrying the marker: an
    approved but unpublished correction (and working-copy edits of a published claim and
    its cited source), a verdict taken down, another publisher's archive reference (as
    LIAR's)."""
    editor2 = _user("planter-editor", "Editor")
    chief = _user("planter-chief", "Editor-in-chief")
    services.verdict_correct(
        verdict=public,
        user=editor,
        expected_version=factories.version(public),
        note=f"{MARKER} proposed note",
        changes={"headline": f"{MARKER} proposed headline"},
    )
    services.verdict_approve(
        verdict=public, user=editor2, expected_version=factories.version(public)
    )
    Claim.objects.filter(pk=public.claim_id).update(quote=f"{MARKER} working quote")
    cited = public.verdict_sources.first()
    type(cited.source).objects.filter(pk=cited.source_id).update(title=f"{MARKER} source")
    taken = factories.make_verdict(
        status="published",
        headline=f"{MARKER} taken down headline",
        claim=factories.make_claim(text=f"{MARKER} taken down claim", slug="zqx-taken-down"),
    )
    services.verdict_takedown(verdict=taken, user=chief, note="Removed on a court order.")
    factories.make_verdict(
        status="reference",
        headline=f"{MARKER} reference headline",
        publisher=factories.make_outlet(kind="fact_checker", name="Archive Check"),
        claim=factories.make_claim(text=f"{MARKER} reference claim", slug="zqx-reference"),
    )


@pytest.fixture
def planted(seed, factchecker, editor):
    """Unpublished work in every state, each piece carrying the marker."""
    speaker = factories.make_speaker(name=f"{MARKER} Speaker", slug="zqx-speaker")
    outlet = factories.make_outlet(
        name=f"{MARKER} Outlet", slug="zqx-outlet", domain="zqx.example.com"
    )
    article = factories.make_article(title=f"{MARKER} Article", slug="zqx-article", outlet=outlet)
    topic = services.topic_create(user=editor, name=f"{MARKER} Topic", slug="zqx-topic")
    source = factories.make_source(title=f"{MARKER} Source", url="https://zqx.example.com/doc")
    slugs = {}
    for state in ("draft", "in_review", "returned"):
        claim = factories.make_claim(
            text=f"{MARKER} claim {state} about Trump and Qatar",
            slug=f"zqx-claim-{state}",
            speaker=speaker,
            article=article,
            appeared_in=outlet,
        )
        claim.topics.add(topic)
        verdict = factories.make_verdict(
            claim=claim,
            author=factchecker,
            headline=f"{MARKER} headline {state}",
            summary=f"{MARKER} summary {state}",
            slug=f"zqx-verdict-{state}",
        )
        verdict.verdict_sources.update(source=source)
        if state != "draft":
            services.verdict_submit(verdict=verdict, user=factchecker)
        if state == "returned":
            services.verdict_return(
                verdict=verdict, user=editor, comment=f"{MARKER} private comment"
            )
        slugs[state] = (claim.slug, verdict.slug)
    # A private review comment on a verdict that is public.
    public = Verdict.objects.public().ours().order_by("pk").first()
    VerdictReview.objects.create(
        verdict=public,
        reviewer=editor,
        decision="approved",
        comment=f"{MARKER} review note",
        round=1,
    )
    _plant_beyond_drafts(public, factchecker, editor)
    return {
        "slugs": slugs,
        "speaker": speaker,
        "outlet": outlet,
        "article": article,
        "topic": topic,
    }
