"""Load the LIAR archive of PolitiFact statements as staff-only reference records."""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError
from tqdm import tqdm

from claims.services.liar import LiarRow, liar_import, parse
from claims.services.vectors import backfill_reminder
from factcheck.management.base import DataCommand
from factcheck.management.staff import acting_user, add_acting_user_argument


class Command(DataCommand):
    help = (
        "Import LIAR TSV files (id, label, statement, subjects, speaker, job, state, party, "
        "five counts, context) as PolitiFact's staff-only reference verdicts: visible in the "
        "admin, in 'already checked?' and in the staff API, never on public pages (LIAR has "
        "no review URL or date, and is for research use only). Speakers, topics and claims "
        "are created as needed; re-importing changes nothing. All files load in one "
        "transaction: a malformed line stops the import, naming the file, line and column, "
        "and nothing is written."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "paths",
            nargs="+",
            type=Path,
            help="LIAR .tsv files, or folders holding them (e.g. ../shared/data/liar/).",
        )
        add_acting_user_argument(parser, needs="add verdicts")

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options)
        paths = _tsv_files(options["paths"])
        progress = tqdm(unit=" statements", desc="LIAR", disable=options["verbosity"] == 0)
        try:
            report = liar_import(rows=self._rows(paths, progress), user=user)
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"{self._current}: not UTF-8 text ({exc.reason} at byte {exc.start})."
            ) from None
        except (ValidationError, PermissionDenied) as exc:
            text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            raise CommandError(f"{self._current}: {text} Nothing was imported.") from None
        finally:
            progress.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.statements} statements: {report.claims_created} claims, "
                f"{report.verdicts_created} reference verdicts, {report.speakers_created} "
                f"speakers and {report.topics_created} topics added."
            )
        )
        if reminder := backfill_reminder(claims=report.claims_created):
            self.stdout.write(reminder)

    _current: Path | str = ""

    def _rows(self, paths: list[Path], progress: Any) -> Iterator[LiarRow]:
        for path in paths:
            self._current = path
            with path.open(encoding="utf-8", newline="") as handle:
                for row in parse(handle):
                    progress.update()
                    yield row


def _tsv_files(given: list[Path]) -> list[Path]:
    """The files named, a folder standing for its ``.tsv`` files (LIAR ships train, valid
    and test), in name order."""
    files: list[Path] = []
    for path in given:
        if path.is_dir():
            found = sorted(path.glob("*.tsv"))
            if not found:
                raise CommandError(f"{path}: a folder with no .tsv files in it.")
            files += found
        elif path.is_file():
            files.append(path)
        else:
            raise CommandError(f"{path}: no such file or folder.")
    return files
