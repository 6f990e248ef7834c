"""Claims with their verdicts as CSV rows: for the API, from the public index's documents;
for the admin, from the newsroom's working rows. A cell a spreadsheet would run as a
formula (=, +, -, @ first) is written with a leading apostrophe."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from typing import Any

HEADER = [
    "claim",
    "text",
    "quote",
    "speaker",
    "speaker_kind",
    "claimed_on",
    "context",
    "language",
    "topics",
    "article_url",
    "appearance_url",
    "verdict",
    "status",
    "publisher",
    "rating",
    "rating_position",
    "headline",
    "summary",
    "published",
    "page_url",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def rows(
    claims: Iterable[Any],
    *,
    verdicts_of: Callable[[Any], Iterable[Any]],
    page_url: Callable[[Any], str],
    publisher_name: str,
) -> Iterator[list[str]]:
    """One row per verdict of each claim (one row with empty verdict cells if it has none)."""
    for claim in claims:
        speaker = claim.speaker
        base = [
            claim.slug,
            claim.text,
            claim.quote,
            speaker.name if speaker else "",
            speaker.kind if speaker else "",
            claim.claimed_on.isoformat() if claim.claimed_on else "",
            claim.context,
            claim.language,
            "; ".join(topic.name for topic in claim.topics.all()),
            claim.article.url if claim.article else "",
            claim.url,
        ]
        verdicts = list(verdicts_of(claim))
        for verdict in verdicts or [None]:
            if verdict is None:
                yield [safe(cell) for cell in base + [""] * 9]
                continue
            yield [
                safe(cell)
                for cell in [
                    *base,
                    verdict.slug,
                    verdict.status,
                    verdict.publisher.name if verdict.publisher else publisher_name,
                    verdict.rating.label if verdict.rating else "",
                    verdict.rating.position if verdict.rating else "",
                    verdict.headline,
                    verdict.summary,
                    verdict.published_at.isoformat() if verdict.published_at else "",
                    page_url(verdict),
                ]
            ]


def document_rows(documents: Iterable[dict[str, Any]]) -> Iterator[list[str]]:
    """The public export: one row per verdict of each claim, from the API's claim
    documents as the public index stores them (``PublishedClaim.document``), so that a
    download says exactly what the API and the pages say, never the working copy."""
    for claim in documents:
        speaker = claim["speaker"] or {}
        base = [
            claim["slug"],
            claim["text"],
            claim["quote"],
            speaker.get("name", ""),
            speaker.get("kind", ""),
            claim["claimed_on"] or "",
            claim["context"],
            claim["language"],
            "; ".join(topic["name"] for topic in claim["topics"]),
            (claim["article"] or {}).get("url", ""),
            claim["appearance_url"],
        ]
        for verdict in claim["verdicts"] or [None]:
            if verdict is None:
                yield [safe(cell) for cell in base + [""] * 9]
                continue
            rating = verdict["rating"] or {}
            yield [
                safe(cell)
                for cell in [
                    *base,
                    verdict["slug"],
                    verdict["status"],
                    verdict["publisher"]["name"],
                    rating.get("label", ""),
                    rating.get("position"),
                    verdict["headline"],
                    verdict["summary"],
                    verdict["first_published"],
                    verdict["page_url"],
                ]
            ]


class _Line:
    def write(self, value: str) -> str:
        return value


# Excel and LibreOffice read a CSV file as UTF-8 only when it starts with this mark;
# without it a dash in "Israel-Gaza war" opens as three odd characters ("â€“").
BOM = "\ufeff"


def csv_lines(lines: Iterable[list[str]], *, bom: bool = True) -> Iterator[str]:
    """The rows as CSV text, one line at a time (for a streamed response), after the
    UTF-8 byte order mark spreadsheets need, unless ``bom`` is false (for programs)."""
    writer = csv.writer(_Line())
    yield (BOM if bom else "") + writer.writerow(HEADER)
    for line in lines:
        yield writer.writerow(line)
