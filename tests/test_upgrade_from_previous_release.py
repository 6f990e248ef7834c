"""Upgrading a real database: the previous release (the code as it last shipped, taken
from this repository's history) sets up a database with its migrations and seed data,
then this release migrates it. No row is lost, and nothing a reader sees changes: every
published revision and the public index's documents are as they were.

The previous release is named in ``PREVIOUS_RELEASE``; each release moves it on
(docs/operations.md, "Upgrading"). What it sets up is kept between runs in the
machine's cache (``~/.cache/factcheck/previous-release``, a pg_dump file named for the
release, the installed packages and the server): a later run restores it rather than
running the previous release's migrations again (tests/database_template.py)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.database_template import (
    cache_folder,
    describe_server,
    dump_into,
    packages,
    restore_from,
)
from tests.databases import fresh_database, server_url

pytestmark = pytest.mark.heavy
ROOT = Path(__file__).resolve().parent.parent
# The last release: main as it shipped on 2026-11-30 (6bd4ec5).
PREVIOUS_RELEASE = "6bd4ec518f092d95501f51feb4c832b66cdbf061"


def _git(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, check=False)


@pytest.fixture(scope="module")
def previous_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    archive = _git("archive", "--format=tar", PREVIOUS_RELEASE)
    if archive.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the previous release {PREVIOUS_RELEASE} is not in this clone's history")
        pytest.skip("no git history here (a shallow clone or an export)")
    folder = tmp_path_factory.mktemp("previous-release")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return folder


@pytest.fixture
def database(django_db_blocker: Any) -> Iterator[str]:
    with django_db_blocker.unblock():
        server = server_url()
    with fresh_database(server, "factcheck_previous_release") as url:
        yield url


def _manage(cwd: Path, url: str, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "PYTHONPATH")}
    env["DATABASE_URL"] = url
    # The project is installed editable: its import hook would hand the previous release
    # this release's modules where the old tree lacks them. Run it without that hook.
    run = (
        "import runpy, sys; "
        "sys.meta_path[:] = [f for f in sys.meta_path if '__editable__' not in "
        "getattr(f, '__module__', '')]; "
        "sys.path.insert(0, '.'); sys.argv = ['manage.py', *sys.argv[1:]]; "
        "runpy.run_path('manage.py', run_name='__main__')"
    )
    done = subprocess.run(
        [sys.executable, "-c", run, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"{cwd.name}: manage.py {' '.join(args)}\n{done.stderr}"


def _set_up_by_the_previous_release(previous_release: Path, url: str) -> None:
    """The previous release's quickstart on the empty database at ``url``, or what it
    made the last time it ran here with the same packages and server (the cache)."""
    with psycopg.connect(url) as db:
        major, server = describe_server(db.cursor())
    key = hashlib.sha256(f"{PREVIOUS_RELEASE}\n{packages()}\n{server}".encode()).hexdigest()
    folder = cache_folder("previous-release")
    dump = folder / f"{key[:40]}.dump" if folder is not None else None
    env = dict(os.environ)
    if dump is not None and restore_from(dump, major=major, dbname=url, env=env):
        return
    _manage(previous_release, url, "quickstart", "--no-serve", "--demo-accounts")
    if dump is not None:
        dump_into(dump, major=major, dbname=url, env=env)


def _counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        counted = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone() for t in tables}
        return {t: row[0] for t, row in counted.items() if row}


def _public(url: str) -> dict[str, Any]:
    """What readers are served: every revision, and the index's stored documents."""
    with psycopg.connect(url) as conn:
        return {
            "revisions": conn.execute(
                "SELECT verdict_id, number, kind, note, content_hash, document::text "
                "FROM claims_verdictrevision ORDER BY verdict_id, number"
            ).fetchall(),
            "claims": conn.execute(
                "SELECT claim_id, slug, document::text FROM claims_publishedclaim ORDER BY 1"
            ).fetchall(),
            "verdicts": conn.execute(
                "SELECT verdict_id, slug, document::text FROM claims_publishedverdict ORDER BY 1"
            ).fetchall(),
        }


def _changed(before: Any, after: Any, path: str = "") -> list[str]:
    """Where ``after`` differs from ``before``, as paths; a key ``after`` adds is not a
    change of what readers were shown (a release may serve a new field)."""
    if isinstance(before, dict) and isinstance(after, dict):
        return [p for k in before for p in _changed(before[k], after.get(k), f"{path}.{k}")]
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [
            p
            for i, (b, a) in enumerate(zip(before, after, strict=True))
            for p in _changed(b, a, f"{path}[{i}]")
        ]
    return [] if before == after else [f"{path}: {before!r} -> {after!r}"]


def _same_to_readers(before: dict[str, Any], after: dict[str, Any]) -> None:
    assert after["revisions"] == before["revisions"]  # revisions are never rewritten
    for part in ("claims", "verdicts"):
        assert [row[:2] for row in after[part]] == [row[:2] for row in before[part]]
        changes = [
            f"{row[1]}{change}"
            for row, new in zip(before[part], after[part], strict=True)
            for change in _changed(json.loads(row[2]), json.loads(new[2]))
        ]
        assert not changes, f"the upgrade changed what readers see: {changes}"


def test_the_previous_release_upgrades_without_losing_a_row_or_changing_a_page(
    previous_release: Path, database: str
) -> None:
    _set_up_by_the_previous_release(previous_release, database)
    before_counts, before_public = _counts(database), _public(database)
    assert before_public["revisions"], "the previous release published the seed's verdicts"
    _manage(ROOT, database, "migrate", "--noinput")
    after_counts = _counts(database)
    lost = {
        t: (n, after_counts.get(t))
        for t, n in before_counts.items()
        if t != "django_migrations" and (after_counts.get(t) or 0) < n
    }
    assert not lost, f"rows lost by the upgrade (before, after): {lost}"
    _same_to_readers(before_public, _public(database))
