"""The audit history a real archive would have: generate_demo_data skips the audit
triggers (its rows are synthetic), so the benchmark writes, set-based, the insert event
each trigger would have recorded for every generated row, then measures the audit page
on them. Run by ``python -m benchmarks`` once per archive; prints how many it wrote."""

from __future__ import annotations

import json
import sys
from typing import Any, cast


def main() -> None:
    import django

    django.setup()
    from django.db import connection, transaction
    from pghistory import core

    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for event in cast(Any, core.event_models()):
            tracked = event.pgh_tracked_model
            if event._default_manager.exists():
                continue  # written already, or real events: leave them
            copied = [
                f.column
                for f in event._meta.concrete_fields
                if not f.name.startswith("pgh_") and f.column
            ]
            columns = ", ".join(connection.ops.quote_name(c) for c in copied)
            stamp = "created_at" if "created_at" in copied else "now()"
            cursor.execute(
                f"INSERT INTO {connection.ops.quote_name(event._meta.db_table)}"
                f" (pgh_created_at, pgh_label, pgh_obj_id, {columns})"
                f" SELECT {stamp}, 'insert', id, {columns}"
                f" FROM {connection.ops.quote_name(tracked._meta.db_table)}"
            )
            written += cursor.rowcount
        cursor.execute("ANALYZE")
    json.dump({"events": written}, sys.stdout)


if __name__ == "__main__":
    main()
