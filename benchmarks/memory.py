"""The whole ClaimReview feed streamed through Django's handler in a process of its own:
its peak resident memory, its size and how long it took. Prints one JSON document."""

from __future__ import annotations

import json
import resource
import sys
import time
from typing import Any


def main() -> None:
    import django

    django.setup()
    from django.test import Client

    started = time.perf_counter()
    response: Any = Client().get("/api/v1/claimreview-feed.json")
    if response.status_code != 200 or not response.streaming:
        raise SystemExit(
            f"the feed answered {response.status_code}, streaming={response.streaming}"
        )
    size = reviews = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        reviews += chunk.count(b'"ClaimReview"')
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    json.dump(
        {
            "seconds": round(time.perf_counter() - started, 1),
            "bytes": size,
            "reviews": reviews,
            "peak_rss_mb": round(peak_kb / 1024, 1),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
