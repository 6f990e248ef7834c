"""Keep the interface's translation catalogues complete: extract the marked strings,
merge them into each language's ``.po`` and compile the ``.mo`` (Babel, no GNU gettext)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from factcheck.i18n import catalogues


class Command(BaseCommand):
    help = (
        "Update the translation catalogues in factcheck/locale/ from the strings marked in the code "
        "and templates (new ones empty, unused ones dropped, English filled in) and compile "
        "them. --check changes nothing and fails when a catalogue is incomplete or not "
        "compiled; --compile only compiles. See docs/languages.md."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("languages", nargs="*", help="Only these (default: every one).")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--check", action="store_true", help="Report problems; change nothing.")
        mode.add_argument("--compile", action="store_true", help="Only compile the .po files.")

    def handle(self, *args: Any, **options: Any) -> None:
        chosen = options["languages"] or catalogues.languages()
        unknown = sorted(set(chosen) - set(catalogues.languages()))
        if unknown:
            raise CommandError(f"Not in LANGUAGES: {', '.join(unknown)}.")
        if options["check"]:
            found = [p for p in catalogues.problems() if p.language in chosen]
            for problem in found:
                self.stdout.write(str(problem))
            if found:
                raise CommandError(
                    f"{len(found)} problem(s) in the catalogues: translate the strings, then "
                    "run `python manage.py translations`."
                )
            self.stdout.write("The catalogues are complete and compiled.")
            return
        if options["compile"]:
            written = [path for code in chosen for path in catalogues.compile_catalogue(code)]
        else:
            written = catalogues.update(chosen)
        for path in written:
            self.stdout.write(f"wrote {path}")
        empty = [p for p in catalogues.problems() if p.language in chosen]
        if empty:
            self.stdout.write(f"{len(empty)} string(s) still to translate (--check lists them).")
