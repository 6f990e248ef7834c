"""Rewrite the public index from the published revisions, after a site setting changed."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from claims.selectors.vectors import vector_state
from claims.services.bulk_revisions import BATCH, public_index_rebuild
from claims.services.vectors import embed_backfill
from factcheck.base.numbers import whole_number
from factcheck.management.base import DataCommand


class Command(DataCommand):
    help = (
        "Rewrite the public index (what pages, API, feeds and search serve) from the "
        "published revisions. Run it after changing FACTCHECK_SITE_URL, "
        "FACTCHECK_PUBLISHER_NAME or FACTCHECK_PUBLISHER_URL: the index stores our pages' "
        "addresses and our name as publisher as they were when each verdict was published. "
        "It changes no revision, so no verdict, claim or source changes; it runs in one "
        "transaction (readers see the old index until it commits) and can be re-run."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--batch",
            type=whole_number(minimum=1, maximum=1_000_000),
            default=BATCH,
            help=f"Claims per statement (default {BATCH}).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar (for logs and cron)."
        )
        parser.add_argument(
            "--no-vectors",
            action="store_true",
            help="Do not compute the public claims' missing vectors afterwards (where claim "
            "vectors are on, they are computed in batches once the index is rewritten, as "
            "`embed_claims` does).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        progress = not options["no_progress"]
        claims = public_index_rebuild(batch=options["batch"], progress=progress)
        self.stdout.write(self.style.SUCCESS(f"The public index holds {claims} claims."))
        if options["no_vectors"] or not vector_state(public=True).on:
            return
        report = embed_backfill(progress=progress, working_copy=False)
        self.stdout.write(f"{report.vectors} vectors of published words computed.")
