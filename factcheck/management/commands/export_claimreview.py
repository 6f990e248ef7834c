"""Write our published verdicts as a ClaimReview DataFeed."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from factcheck.claimreview import data_feed, publisher_feed
from factcheck.management.base import DataCommand
from sources.models import Outlet


class Command(DataCommand):
    help = (
        "Write every published verdict of ours (not retracted, not taken down) as a Data "
        "Commons style ClaimReview DataFeed, to PATH or to standard output. Streamed: memory "
        "stays flat however many verdicts there are. The API serves the same feed at "
        "/api/v1/claimreview-feed.json. With --publisher SLUG: that other publisher's "
        "public reviews instead, given back as theirs (their URL, author, dates, rating "
        "with their own numbers, wording, claimant, appearances, language)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "path", nargs="?", type=Path, help="Where to write (default: standard output)."
        )
        parser.add_argument(
            "--publisher",
            metavar="SLUG",
            help="Export this other publisher's imported public reviews (the outlet's slug).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path | None = options["path"]
        slug = options["publisher"]
        if slug is not None and not Outlet.objects.filter(slug=slug).exists():
            raise CommandError(f"No publisher (outlet) with the slug {slug!r}.")
        pieces = data_feed() if slug is None else publisher_feed(slug)
        try:
            # self.stdout (sys.stdout unless a caller redirects it, as call_command can).
            handle: Any = path.open("w", encoding="utf-8") if path else self.stdout._out
        except OSError as exc:
            raise CommandError(f"{path}: cannot write ({exc.strerror}).") from None
        try:
            for piece in pieces:
                handle.write(piece)
            handle.write("\n")
        finally:
            if path:
                handle.close()
        if path:
            self.stderr.write(f"Written to {path}.")
