"""The load test: many readers on the pages and the API, under gunicorn on loopback, while
editors publish and correct verdicts through the services; then every write is read back
through the public API. Zero errors and no lost writes is the pass mark.

    python -m benchmarks.load --seconds 60 --readers 24 --editors 4 --json out.json

It builds a database of its own (``factcheck_load``: a synthetic archive of ``--claims``
claims) on DATABASE_URL's server or the embedded one, and drops it afterwards.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import sys
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from benchmarks import archive, throughput
from benchmarks.__main__ import child_env, machine
from benchmarks.inprocess import summarise

DATABASE = "factcheck_load"


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    written: dict[str, str] = field(default_factory=dict)  # verdict slug -> final summary
    steps: Counter[str] = field(default_factory=Counter)

    def request(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            self.statuses[str(status)] += 1
            if status >= 400:
                self.errors.append(f"{kind}: {status}")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__)
    p.add_argument("--seconds", type=int, default=60, help="How long the load lasts.")
    p.add_argument("--readers", type=int, default=24, help="Concurrent readers.")
    p.add_argument("--editors", type=int, default=4, help="Concurrent editor pairs.")
    p.add_argument("--workers", type=int, default=4, help="gunicorn workers.")
    p.add_argument("--claims", type=int, default=2000, help="Claims in the archive.")
    p.add_argument("--json", type=Path, help="Write every figure here.")
    p.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    return p


def reader(base: str, urls: list[tuple[str, str]], tally: Tally, stop: float, seed: int) -> None:
    pick = random.Random(seed)
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    while time.monotonic() < stop:
        kind, url = pick.choice(urls)
        started = time.perf_counter()
        try:
            conn.request("GET", url, headers={"Accept": "text/html,application/json"})
            response = conn.getresponse()
            response.read()
            tally.request(kind, response.status, time.perf_counter() - started)
        except (OSError, http.client.HTTPException) as exc:
            with tally.lock:
                tally.errors.append(f"{kind} {url}: {exc!r}")
            conn.close()
            conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.close()


def reader_process(
    base: str, urls: list[tuple[str, str]], stop: float, first_seed: int, threads: int
) -> dict[str, Any]:
    """Readers in a process of their own, away from the editors' interpreter lock."""
    tally = Tally()
    workers = [
        threading.Thread(target=reader, args=(base, urls, tally, stop, first_seed + n))
        for n in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return {
        "latencies": dict(tally.latencies),
        "statuses": dict(tally.statuses),
        "errors": tally.errors,
    }


def editor_pair(number: int, claims: list[Any], tally: Tally, stop: float) -> None:
    """A fact-checker writes and submits; an editor publishes, then proposes a correction,
    which a second editor approves and publishes."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from claims import services
    from claims.models import Rating
    from claims.services.verdicts import SourceLine
    from sources.models import Source

    users = get_user_model().objects
    checker = users.get(username=f"load-factchecker-{number}")
    editor = users.get(username=f"load-editor-{number}")
    reviewer = users.get(username=f"load-reviewer-{number}")
    ratings = list(Rating.objects.filter(scale__is_default=True))
    source = Source.objects.order_by("pk").first()
    assert source is not None, "the archive has sources"
    try:
        for n, claim in enumerate(claims):
            if time.monotonic() >= stop:
                break
            slug = f"load-{number}-{n}-{claim.pk}"
            try:
                verdict = services.verdict_create(
                    user=checker,
                    claim=claim,
                    headline=f"Load test verdict {slug}",
                    slug=slug,
                    summary=f"First summary of {slug}.",
                    rating=ratings[n % len(ratings)],
                    sources=[SourceLine(source=source, note="load test")],
                )
                verdict = services.verdict_submit(verdict=verdict, user=checker)
                verdict.refresh_from_db()  # the editor opens it as it now stands
                verdict = services.verdict_publish(
                    verdict=verdict, user=editor, expected_version=verdict.version
                )
                verdict.refresh_from_db()
                final = f"Corrected summary of {slug}."
                verdict = services.verdict_correct(
                    verdict=verdict,
                    user=editor,
                    expected_version=verdict.version,
                    note="Load test correction.",
                    changes={"summary": final},
                )
                verdict.refresh_from_db()
                services.verdict_publish(
                    verdict=verdict, user=reviewer, expected_version=verdict.version
                )
            except Exception as exc:  # every failure is counted, none is hidden
                with tally.lock:
                    tally.errors.append(f"editor {number}: {type(exc).__name__}: {exc}")
                continue
            with tally.lock:
                tally.written[slug] = final
                tally.steps["published and corrected"] += 1
    finally:
        connection.close()


def prepare(options: argparse.Namespace, env: dict[str, str]) -> str:
    server = archive.server_url()
    url = archive.fresh_database(server, DATABASE, env)
    demo = ["generate_demo_data", "--claims", str(options.claims), "--seed", "1", "-v0"]
    archive._manage({**env, "DATABASE_URL": url}, *demo)
    return url


def staff(editors: int) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    users = get_user_model().objects
    for number in range(editors):
        roles = (("Fact-checker", "factchecker"), ("Editor", "editor"), ("Editor", "reviewer"))
        for role, name in roles:
            user = users.create_user(username=f"load-{name}-{number}", is_staff=True)
            user.groups.add(Group.objects.get(name=role))


def reading_list() -> list[tuple[str, str]]:
    from claims.models import Claim, Speaker

    slugs = list(Claim.objects.public().order_by("?").values_list("slug", flat=True)[:200])
    speakers = list(
        Speaker.objects.filter(claims__in=Claim.objects.public())
        .distinct()
        .values_list("slug", flat=True)[:50]
    )
    urls = [("home", "/"), ("feed", "/feeds/verdicts.rss"), ("api list", "/api/v1/claims/")]
    urls += [("page", f"/claims/{slug}/") for slug in slugs]
    urls += [("api detail", f"/api/v1/claims/{slug}/") for slug in slugs[:50]]
    urls += [("speaker", f"/speakers/{slug}/") for slug in speakers]
    for word in ("tax", "jobs", "health", "border", "climate"):
        urls += [("search", f"/search/?q={word}"), ("api search", f"/api/v1/claims/?q={word}")]
        urls += [("fact check tools", f"/v1alpha1/claims:search?query={word}")]
    return urls


def verify(base: str, tally: Tally) -> dict[str, int]:
    """Every write, read back through the public API: published, with its correction."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    found = lost = 0
    for slug, summary in tally.written.items():
        conn.request("GET", f"/api/v1/verdicts/{slug}/")
        response = conn.getresponse()
        body = json.loads(response.read() or b"{}")
        if response.status == 200 and body.get("summary") == summary and body.get("corrections"):
            found += 1
        else:
            lost += 1
            tally.errors.append(f"lost write {slug}: {response.status}")
    conn.close()
    return {"written": len(tally.written), "read_back": found, "lost": lost}


def main() -> None:
    options = parser().parse_args()
    env = child_env(cache_seconds=60)
    print(f"== building {DATABASE} ({options.claims:,} claims)", file=sys.stderr)
    url = prepare(options, env)
    os.environ.update({**env, "DATABASE_URL": url})
    import django

    django.setup()
    from claims.models import Claim

    staff(options.editors)
    urls = reading_list()
    free = list(Claim.objects.filter(verdicts__isnull=True).order_by("pk")[:5000])
    shares = [free[i :: options.editors] for i in range(options.editors)]
    tally = Tally()
    run: dict[str, Any] = {"command": "python -m benchmarks.load " + " ".join(sys.argv[1:])}
    run["machine"] = machine(env)
    try:
        with throughput.gunicorn({**env, "DATABASE_URL": url}, options.workers) as base:
            print(f"== {options.seconds} s of load on {base}", file=sys.stderr)
            stop = time.monotonic() + options.seconds  # system-wide on Linux
            editors = [
                threading.Thread(target=editor_pair, args=(n, shares[n], tally, stop))
                for n in range(options.editors)
            ]
            processes = max(1, min(options.readers, (os.cpu_count() or 2)))
            per_process = [len(range(n, options.readers, processes)) for n in range(processes)]
            started = time.perf_counter()
            with ProcessPoolExecutor(processes, mp_context=get_context("spawn")) as pool:
                readers = [
                    pool.submit(reader_process, base, urls, stop, 1000 * n, count)
                    for n, count in enumerate(per_process)
                ]
                for thread in editors:
                    thread.start()
                for thread in editors:
                    thread.join()
                for done in readers:
                    part = done.result()
                    for kind, samples in part["latencies"].items():
                        tally.latencies[kind] += samples
                    tally.statuses.update(part["statuses"])
                    tally.errors += part["errors"]
            elapsed = time.perf_counter() - started
            run["writes"] = verify(base, tally)
    finally:
        if not options.keep:
            from django.db import connections

            connections.close_all()
            archive.drop(archive.server_url(), DATABASE)
    requests = sum(tally.statuses.values())
    run.update(
        seconds=round(elapsed, 1),
        readers=options.readers,
        editors=options.editors,
        workers=options.workers,
        claims=options.claims,
        requests=requests,
        requests_per_s=round(requests / elapsed, 1),
        statuses=dict(tally.statuses),
        latency_ms={kind: summarise(samples) for kind, samples in sorted(tally.latencies.items())},
        errors=len(tally.errors),
        first_errors=tally.errors[:20],
    )
    print(json.dumps({k: v for k, v in run.items() if k != "latency_ms"}, indent=2))
    if options.json:
        options.json.write_text(json.dumps(run, indent=2) + "\n")
    if tally.errors:
        raise SystemExit(f"{len(tally.errors)} errors")


if __name__ == "__main__":
    main()
