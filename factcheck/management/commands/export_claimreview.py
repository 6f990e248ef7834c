"""Write our published verdicts as a ClaimReview DataFeed."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from factcheck.claimreview import data_feed


class Command(BaseCommand):
    help = (
        "Write every published verdict of ours (not retracted, not taken down) as a Data "
        "Commons style ClaimReview DataFeed, to PATH or to standard output. Streamed: memory "
        "stays flat however many verdicts there are. The API serves the same feed at "
        "/api/v1/claimreview-feed.json."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "path", nargs="?", type=Path, help="Where to write (default: standard output)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path | None = options["path"]
        try:
            handle = path.open("w", encoding="utf-8") if path else sys.stdout
        except OSError as exc:
            raise CommandError(f"{path}: cannot write ({exc.strerror}).") from None
        try:
            for piece in data_feed():
                handle.write(piece)
            handle.write("\n")
        finally:
            if path:
                handle.close()
        if path:
            self.stderr.write(f"Written to {path}.")
