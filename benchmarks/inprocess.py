"""Per-request figures inside one process: each workload through Django's full handler
(middleware included), p50 and p95 of ``--repeat`` timed requests after a warm-up, and
the queries one request runs. Run by ``python -m benchmarks`` with the archive's
``DATABASE_URL``; prints one JSON document."""

from __future__ import annotations

import argparse
import functools
import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summarise(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(samples) * 1000, 2),
        "p95_ms": round(percentile(samples, 0.95) * 1000, 2),
    }


# A workload slower than this budget is timed fewer times (at least three): a page
# that takes half a minute is reported, not repeated thirty times.
BUDGET_SECONDS = 20.0


def timed(call: Callable[[], Any], repeat: int, warmup: int = 2) -> list[float]:
    started_all = time.perf_counter()
    for _ in range(warmup):
        call()
        if time.perf_counter() - started_all > BUDGET_SECONDS:
            break
    samples: list[float] = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
        if len(samples) >= 3 and time.perf_counter() - started_all > BUDGET_SECONDS:
            break
    return samples


def measure(repeat: int, only: set[str] | None) -> dict[str, Any]:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from benchmarks import archive, baselines
    from benchmarks.workloads import COMMON_WORD, RARE_WORD, pick_targets, workloads

    targets = pick_targets()
    anonymous, staff = Client(), Client()
    staff.force_login(get_user_model().objects.get(username=archive.ADMIN))
    results: dict[str, Any] = {}
    for workload in workloads(targets):
        if only and workload.name not in only:
            continue
        client = staff if workload.staff else anonymous

        def get(client: Client = client, path: str = workload.path) -> Any:
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(
                    f"{path} answered {response.status_code}: {response.content[:300]!r}"
                )
            return response

        with override_settings(PUBLIC_CACHE_SECONDS=0):
            samples = timed(get, repeat)
            with CaptureQueriesContext(connection) as queries:
                size = len(get().content)
        entry: dict[str, Any] = {
            "path": workload.path,
            "group": workload.group,
            "note": workload.note,
            **summarise(samples),
            "samples": len(samples),
            "queries": len(queries.captured_queries),
            "bytes": size,
        }
        if workload.public and settings.PUBLIC_CACHE_SECONDS:
            entry["cached"] = summarise(timed(get, repeat))
        results[workload.name] = entry
        print(f"  {workload.name}: p50 {entry['p50_ms']} ms", file=sys.stderr)
    for word, name in ((COMMON_WORD, "ilike_common"), (RARE_WORD, "ilike_rare")):
        if only and name not in only:
            continue
        samples = timed(functools.partial(baselines.ilike_search, word), max(3, repeat // 5), 1)
        results[name] = {"group": "baseline", "note": f"ILIKE '%{word}%'", **summarise(samples)}
    return {"targets": targets.__dict__, "workloads": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", default="", help="Comma-separated workload names.")
    options = parser.parse_args()
    import django

    django.setup()
    only = {name for name in options.only.split(",") if name} or None
    json.dump(measure(options.repeat, only), sys.stdout)


if __name__ == "__main__":
    main()
