"""Bring in an article (an HTML page, a saved HTML file or plain text) and print the
claims worth checking in it."""

from __future__ import annotations

import datetime
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

import trafilatura
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError

from claims.suggestions import suggest
from factcheck.base import outbound
from factcheck.management.base import DataCommand
from factcheck.management.staff import acting_user, add_acting_user_argument
from sources.services import article_import

MAX_BYTES = 20 * 1024 * 1024


class Command(DataCommand):
    help = (
        "Import an article from an http(s) URL, an HTML file (its main text is extracted with "
        "trafilatura) or a plain-text file (first line: the title). Its outlet is found, or "
        "created, from the URL's domain. Then print the claim suggestions for it: quoted "
        "statements with their speakers and sentences with checkable content, each with a "
        "score and the reason. An article already on file is not imported again: by its URL, "
        "or, for a file imported without --url, by its title and text. Give a saved file's "
        "address with --url to file it under its outlet and find it by that address."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("source", help="An http(s) URL, an .html file or a .txt file.")
        add_acting_user_argument(parser)
        parser.add_argument(
            "--url",
            default="",
            help="The address a saved file was published at: files the article under its "
            "outlet (found or created from the domain). Without it, the article has no outlet.",
        )
        parser.add_argument(
            "--language", default="", help="Language tag, when the page does not say (default en)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options)
        source: str = options["source"]
        raw = self._read(source)
        url = source if source.startswith(("http://", "https://")) else options["url"]
        title, text, published, language = self._extract(raw, source)
        try:
            article, created = article_import(
                user=user,
                title=title,
                text=text,
                url=url,
                published_on=published,
                language=options["language"] or language or "en",
            )
        except (ValidationError, PermissionDenied) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            raise CommandError(f"{source}: {message}") from None
        if not url and created:
            self.stdout.write(
                "No --url given: the article is filed without an outlet. Add the address it "
                "was published at in the admin, or import it with --url."
            )
        verb = "Imported" if created else "Already on file:"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} “{article.title}” (/admin/sources/article/{article.pk}/change/)"
            )
        )
        suggestions = suggest(article.text)
        if not suggestions:
            self.stdout.write("No claim suggestions in this text.")
        for number, item in enumerate(suggestions, start=1):
            speaker = item.speaker or "(no speaker named)"
            self.stdout.write(
                f"{number:>2}. [{item.score:.2f}] {item.kind}: {speaker}: {item.text}"
            )
            self.stdout.write(f"     why: {item.reason}")

    def _read(self, source: str) -> str:
        try:
            if source.startswith(("http://", "https://")):
                body = _download(source)
            else:
                path = Path(source)
                if not path.is_file():
                    raise CommandError(f"{source}: no such file.")
                body = path.read_bytes()[: MAX_BYTES + 1]
        except outbound.ResponseTooLarge:
            raise CommandError(f"{source}: larger than {MAX_BYTES // 2**20} MB.") from None
        except (outbound.OutboundError, OSError) as exc:
            raise CommandError(f"{source}: could not be read ({exc}).") from None
        if len(body) > MAX_BYTES:
            raise CommandError(f"{source}: larger than {MAX_BYTES // 2**20} MB.")
        if b"\x00" in body:
            raise CommandError(f"{source}: a binary file, not an HTML page or text.")
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})."
            ) from None

    def _extract(self, raw: str, source: str) -> tuple[str, str, datetime.date | None, str]:
        if raw.lstrip()[:1] == "<":
            text = trafilatura.extract(raw, include_comments=False, include_tables=False) or ""
            meta = trafilatura.extract_metadata(raw)
            title = (meta.title if meta else "") or ""
            published = _past_date(meta.date if meta else None)
            language = ((meta.language if meta else "") or "").split("-")[0].lower()
        else:
            lines = raw.strip().splitlines()
            title, text = (lines[0].strip() if lines else ""), "\n".join(lines[1:]).strip()
            published, language = None, ""
        if not text.strip():
            raise CommandError(f"{source}: no article text found.")
        return (
            title,
            text,
            published,
            language if language.isalpha() and len(language) <= 3 else "",
        )


def _download(url: str) -> bytes:
    """Through the one outbound client: public addresses only (unless
    FACTCHECK_OUTBOUND_ALLOW names the host), redirects checked hop by hop."""
    answer = outbound.fetch(url, timeout=30, max_bytes=MAX_BYTES)
    if not answer.ok:
        raise outbound.OutboundError(f"it answered HTTP {answer.status}")
    return answer.body


def _past_date(value: str | None) -> datetime.date | None:
    try:
        day = datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
    return day if day and day <= datetime.date.today() else None
