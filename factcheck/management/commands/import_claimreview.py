"""Import other fact-checkers' reviews from ClaimReview JSON-LD."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError
from tqdm import tqdm

from claims.services.claimreview import claimreview_import
from claims.services.vectors import backfill_reminder
from factcheck.base import outbound
from factcheck.claimreview.from_url import read_url
from factcheck.claimreview.parse import parse, stream_file
from factcheck.management.base import DataCommand
from factcheck.management.staff import acting_user, add_acting_user_argument

MAX_BYTES = 50 * 1024 * 1024


class Command(DataCommand):
    help = (
        "Import ClaimReview JSON-LD from a file, a URL, or - for standard input: one object, "
        "a list, an @graph, a Data Commons style DataFeed, or an HTML page with JSON-LD "
        "blocks. Each review becomes (or updates) another publisher's public verdict, with "
        "its URL, date and their wording of the claim, never one of ours: the publisher, "
        "the claim's author (with sameAs) and the claim are created as needed; ratings whose "
        "name matches the default scale use it, others are kept as the publisher's own "
        "labels. Reviews are matched by publisher and URL among their public reviews only, "
        "so importing the same file twice changes nothing, and a review held in the newsroom "
        "(draft, in review, retracted, taken down) is left as it is. All or nothing: a "
        "review that cannot be read stops the import, naming it and the property, and "
        "nothing is written; with --skip-invalid the valid reviews are imported and each "
        "one left out is named (its position and URL) with the reason."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("source", help="A file, an http(s) URL, or - for standard input.")
        add_acting_user_argument(parser)
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid reviews and report each invalid one instead of stopping.",
        )
        parser.add_argument(
            "--report",
            type=Path,
            help="With --skip-invalid: also write the reviews left out, and why, as JSON here.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options)
        source = options["source"]
        skip = bool(options["skip_invalid"])
        try:
            path = Path(source)
            if source != "-" and not source.startswith(("http://", "https://")) and path.is_file():
                records: Any = stream_file(path, max_whole=MAX_BYTES, skip_invalid=skip)
            else:
                records = parse(self._read(source), skip_invalid=skip)
            progress = tqdm(
                records, unit=" reviews", desc="ClaimReview", disable=options["verbosity"] == 0
            )
            report = claimreview_import(records=progress, user=user, skip_invalid=skip)
        except (ValidationError, PermissionDenied) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            raise CommandError(f"{message} Nothing was imported.") from None
        held = (
            f", {report.held} held in the newsroom (not public) left as they are"
            if report.held
            else ""
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.created} reviews added, {report.updated} updated, {report.unchanged} "
                f"unchanged, {report.skipped_ours} of our own skipped{held}"
                f"{f', {len(report.skipped)} invalid left out' if skip else ''}."
            )
        )
        for skipped in report.skipped:
            self.stdout.write(
                f"Left out {skipped.where} ({skipped.url or 'no URL'}): {skipped.reason}"
            )
        written = report.created + report.updated
        if written > 1 and (reminder := backfill_reminder(claims=written)):
            self.stdout.write(reminder)
        if options["report"]:
            rows = [{"where": s.where, "url": s.url, "reason": s.reason} for s in report.skipped]
            try:
                options["report"].write_text(
                    json.dumps({"skipped": rows}, ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8",
                )
            except OSError as exc:
                raise CommandError(
                    f"{options['report']}: cannot write ({exc.strerror})."
                ) from None

    def _read(self, source: str) -> str:
        try:
            if source == "-":
                return sys.stdin.read()
            if source.startswith(("http://", "https://")):
                # The same reader as the admin's import job (outbound client, SSRF guard).
                return read_url(source, max_bytes=MAX_BYTES)
            path = Path(source)
            if not path.is_file():
                raise CommandError(f"{source}: no such file.")
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(f"{source}: larger than {MAX_BYTES // 2**20} MB.")
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})."
            ) from None
        except outbound.ResponseTooLarge:
            raise CommandError(f"{source}: larger than {MAX_BYTES // 2**20} MB.") from None
        except (outbound.OutboundError, OSError) as exc:
            raise CommandError(f"{source}: could not be read ({exc}).") from None
