"""A burst of publications reaching a slow webhook receiver: verdicts written by a
fact-checker and submitted, then published by an editor as fast as one process can (the
review path, through the services), while job workers deliver every publication's event to
a receiver that takes ``--receiver-ms`` to answer each. It measures how long each publish
takes with no endpoint registered and then during the burst, with the deliveries going on
beside it, and checks that every event reaches the receiver, signed, with no loss.

    python -m benchmarks.webhook_burst --publications 1000 --receiver-ms 100 --json out.json

It builds a database of its own (``factcheck_webhooks``, migrated, empty) on DATABASE_URL's
server or the embedded one, and drops it afterwards. ``tests/test_webhook_burst.py`` runs
``burst`` on the test database with 100 publications."""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import string
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks import archive
from benchmarks.inprocess import summarise

DATABASE = "factcheck_webhooks"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks.webhook_burst", description=__doc__)
    p.add_argument("--publications", type=int, default=1000, help="Publications in the burst.")
    p.add_argument(
        "--baseline", type=int, default=100, help="Publications timed first, with no endpoint."
    )
    p.add_argument("--receiver-ms", type=int, default=100, help="The receiver's answer time.")
    p.add_argument("--workers", type=int, default=2, help="Job worker processes.")
    p.add_argument("--json", type=Path, help="Write every figure here.")
    p.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    return p


def _staff() -> tuple[Any, Any]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    users = get_user_model().objects
    checker = users.create_user(username="burst-factchecker", is_staff=True)
    checker.groups.add(Group.objects.get(name="Fact-checker"))
    editor = users.create_user(username="burst-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    return checker, editor


def _words(seed: str) -> str:
    """A claim's text of made-up words: claims that share words are looked up and weighed
    as likely repeats of each other as they are written, which would time that instead."""
    pick = random.Random(seed)
    words = ("".join(pick.choice(string.ascii_lowercase) for _ in range(8)) for _ in range(7))
    return " ".join(words).capitalize() + "."


def in_review(count: int, checker: Any, *, label: str) -> list[Any]:
    """``count`` verdicts written and submitted by ``checker``, each on a claim of its own."""
    from claims import services
    from claims.models import Rating
    from claims.services.verdicts import SourceLine
    from sources.services import source_create

    ratings = list(Rating.objects.filter(scale__is_default=True).order_by("pk"))
    source = source_create(
        user=checker, title=f"Burst source {label}", url=f"https://data.example.org/{label}"
    )
    verdicts = []
    for n in range(count):
        claim = services.claim_create(user=checker, text=_words(f"{label}-{n}"))
        verdict = services.verdict_create(
            user=checker,
            claim=claim,
            headline=f"Burst verdict {label} {n}",
            summary=f"The figure {n} is wrong.",
            rating=ratings[n % len(ratings)],
            sources=[SourceLine(source=source, note="burst")],
        )
        verdicts.append(services.verdict_submit(verdict=verdict, user=checker))
    return verdicts


def publish_all(verdicts: list[Any], editor: Any) -> list[float]:
    """Publish each (the editor approves and publishes: one service call); the seconds
    each took."""
    from claims import services

    took = []
    for verdict in verdicts:
        verdict.refresh_from_db(fields=["version"])
        started = time.perf_counter()
        services.verdict_publish(verdict=verdict, user=editor, expected_version=verdict.version)
        took.append(time.perf_counter() - started)
    return took


def _lines(path: Path) -> list[dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in text.splitlines() if line.endswith("}")]


def _stop(process: subprocess.Popen[Any]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _workers_beating(count: int, since: float, seconds: float) -> None:
    """Wait until ``count`` workers started after ``since`` (Unix seconds) registered."""
    import datetime

    from procrastinate.contrib.django.models import ProcrastinateWorker

    after = datetime.datetime.fromtimestamp(since, tz=datetime.UTC)
    deadline = time.monotonic() + seconds
    while ProcrastinateWorker.objects.filter(last_heartbeat__gte=after).count() < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{count} job workers did not start within {seconds:.0f} s")
        time.sleep(0.2)


def _receiver(log: Path, delay_ms: int) -> tuple[subprocess.Popen[str], int]:
    command = [sys.executable, "-m", "benchmarks.webhook_receiver", "--log", str(log)]
    receiver = subprocess.Popen(
        [*command, "--delay-ms", str(delay_ms)],
        cwd=archive.ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert receiver.stdout is not None
    return receiver, int(receiver.stdout.readline())


def _worker(env: dict[str, str]) -> subprocess.Popen[Any]:
    return subprocess.Popen(
        [sys.executable, "manage.py", "procrastinate", "worker"],
        cwd=archive.ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def burst(
    *,
    publications: int,
    baseline: int,
    receiver_ms: int,
    workers: int,
    worker_env: dict[str, str],
    deliver_within: float,
) -> dict[str, Any]:
    """Run on the database Django is set up for (migrated, with the rating scale), with
    ``workers`` worker processes started with ``worker_env`` (which must name the same
    database and allow 127.0.0.1 as an outbound address). Three timed phases:

    1. ``baseline`` publications with no endpoint registered (no event, no job);
    2. ``baseline`` more with the endpoint registered and no worker running: each records
       its event and enqueues its delivery, which waits;
    3. the burst: ``publications`` more while the workers deliver everything to the slow
       receiver (the waiting ones first).

    Phases 2 and 3 differ only by the deliveries going on beside the publishing."""
    from factcheck.notify import services as hooks
    from factcheck.notify.models import WebhookDelivery

    checker, editor = _staff()
    began = time.monotonic()
    plain = in_review(baseline, checker, label="plain")
    queued = in_review(baseline, checker, label="queued")
    burst_verdicts = in_review(publications, checker, label="burst")
    prepared_in = time.monotonic() - began
    without_endpoint = publish_all(plain, editor)

    log = Path(tempfile.mkdtemp(prefix="webhook-burst-")) / "received.jsonl"
    receiver = None
    running: list[subprocess.Popen[Any]] = []
    expected = baseline + publications
    try:
        receiver, port = _receiver(log, receiver_ms)
        _, secret = hooks.endpoint_create(
            user=editor,
            name="Slow receiver",
            url=f"http://127.0.0.1:{port}/hooks",
            events=["verdict.published"],
        )
        assert receiver.stdin is not None
        receiver.stdin.write(secret + "\n")  # shown once: handed to the receiver
        receiver.stdin.flush()
        without_workers = publish_all(queued, editor)
        received_without_workers = len(_lines(log))
        since = time.time()
        running = [_worker(worker_env) for _ in range(workers)]
        _workers_beating(workers, since, 60)
        started = time.monotonic()
        during = publish_all(burst_verdicts, editor)
        published_in = time.monotonic() - started
        received_by_then = len(_lines(log))
        deadline = time.monotonic() + deliver_within
        while len({line["id"] for line in _lines(log)}) < expected:
            if time.monotonic() > deadline or any(p.poll() is not None for p in running):
                break
            time.sleep(0.2)
        delivered_in = time.monotonic() - started
    finally:
        for process in running:
            _stop(process)
        if receiver is not None:
            _stop(receiver)
    got = _lines(log)
    ids = Counter(line["id"] for line in got)
    recorded = set(WebhookDelivery.objects.values_list("message_id", flat=True))
    states = Counter(WebhookDelivery.objects.values_list("status", flat=True))
    quiet, waiting, busy = (
        summarise(without_endpoint),
        summarise(without_workers),
        summarise(during),
    )
    return {
        "publications": publications,
        "baseline_publications": baseline,
        "receiver_ms": receiver_ms,
        "workers": workers,
        "written_and_submitted_in_s": round(prepared_in, 1),
        "publish_ms_without_endpoint": quiet,
        "publish_ms_endpoint_no_worker": waiting,
        "publish_ms_during_deliveries": busy,
        # What delivering beside the publishing costs it (phase 3 against phase 2), and
        # what recording the event and its job costs (phase 2 against phase 1).
        "publish_p50_ratio_delivering": round(busy["p50_ms"] / waiting["p50_ms"], 2),
        "publish_p50_ratio_recording": round(waiting["p50_ms"] / quiet["p50_ms"], 2),
        "received_while_no_worker_ran": received_without_workers,
        "burst_published_in_s": round(published_in, 1),
        "received_when_burst_ended": received_by_then,
        "all_delivered_in_s": round(delivered_in, 1),
        "deliveries_per_s": round(len(ids) / delivered_in, 1) if delivered_in else None,
        "deliveries": len(recorded),
        "received": len(got),
        "unique_received": len(ids),
        "repeats": sum(n - 1 for n in ids.values()),
        "lost": len(recorded - set(ids)),
        "unexpected": len(set(ids) - recorded),
        "unverified": sum(not line["verified"] for line in got),
        "delivery_states": dict(states),
    }


def main() -> None:
    from benchmarks.__main__ import child_env, machine

    options = parser().parse_args()
    # Production settings, the project's own module: nothing here is served over HTTP.
    env = {**child_env(cache_seconds=0), "DJANGO_SETTINGS_MODULE": "factcheck.settings"}
    env["FACTCHECK_EMBED_ON_WRITE"] = "0"
    env["FACTCHECK_OUTBOUND_ALLOW"] = "127.0.0.1"
    env["LOG_LEVEL"] = "WARNING"
    print(f"== building {DATABASE}", file=sys.stderr)
    url = archive.fresh_database(archive.server_url(), DATABASE, env)
    os.environ.update({**env, "DATABASE_URL": url})
    import django

    django.setup()
    from django.core.management import call_command

    call_command("loaddata", "fixtures/rating_scale.json", verbosity=0)
    run: dict[str, Any] = {
        "command": "python -m benchmarks.webhook_burst " + " ".join(sys.argv[1:])
    }
    run["machine"] = machine(env)
    try:
        print(
            f"== {options.publications} publications, receiver {options.receiver_ms} ms",
            file=sys.stderr,
        )
        run.update(
            burst(
                publications=options.publications,
                baseline=options.baseline,
                receiver_ms=options.receiver_ms,
                workers=options.workers,
                worker_env={**env, "DATABASE_URL": url},
                deliver_within=max(120.0, options.publications * options.receiver_ms / 1000),
            )
        )
    finally:
        if not options.keep:
            from django.db import connections

            connections.close_all()
            archive.drop(archive.server_url(), DATABASE)
    print(json.dumps(run, indent=2))
    if options.json:
        options.json.write_text(json.dumps(run, indent=2) + "\n")
    if run["lost"] or run["unverified"] or run["unexpected"]:
        raise SystemExit("deliveries were lost or unsigned")


if __name__ == "__main__":
    main()
