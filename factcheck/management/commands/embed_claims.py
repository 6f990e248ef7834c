"""Compute the claim vectors bulk paths left out, and turn vectors on in a database that
gained pgvector after it was migrated."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from claims.services.vectors import VectorsUnavailable, embed_backfill
from factcheck.base.numbers import whole_number
from factcheck.management.base import DataCommand

BATCH = 64


class Command(DataCommand):
    help = (
        "Compute the missing claim vectors (docs/matching.md): every wording of every "
        "claim (text, quote, other publishers' claimReviewed) without a vector of the "
        "current sentence model, then the public index's vectors of the published words. "
        "Imports of many reviews, LIAR and demo data leave theirs to this command; a new "
        "model version makes every vector missing. Resumable: each batch is committed, "
        "and a new run goes on with the claims still missing one. First creates the vector "
        "tables if the database has pgvector now but had not when it was migrated (needs "
        "the extension: the pgvector/pgvector image or the embedded server, and a superuser "
        "to CREATE EXTENSION vector)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--batch",
            type=whole_number(minimum=1, maximum=10_000),
            default=BATCH,
            help=f"Claims per transaction (default {BATCH}).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar (for logs and cron)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        began = time.monotonic()
        try:
            report = embed_backfill(batch=options["batch"], progress=not options["no_progress"])
        except VectorsUnavailable as exc:
            raise CommandError(str(exc)) from None
        seconds = time.monotonic() - began
        rate = report.vectors / seconds if seconds else 0.0
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.vectors} vectors computed for {report.claims} claims and "
                f"{report.published} public claims in {seconds:.1f} s ({rate:.1f} vectors/s)."
            )
        )
