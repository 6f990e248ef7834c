"""The LIAR / PolitiFact archive (https://aclanthology.org/P17-2067): statements with
their speaker and a six-level rating, but no review URL or date, and for research use
only. They become staff-only reference records: in the admin, in "already checked?" and
in the staff API, never public. Loaded set-based, in chunks, in one transaction."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.text import slugify

from claims import permissions
from claims.models import Claim, Rating, Speaker, Topic, Verdict
from claims.services.workflow import TransitionError
from factcheck.base.db import copy_rows, unique_slug
from factcheck.base.services import AnyUser, acting, require
from sources.models import Outlet

CHUNK = 2000
# LIAR's labels and the default scale's: "barely-true" is PolitiFact's old name for
# Mostly False, "pants-fire" its Pants on Fire.
LABELS = {
    "true": "true",
    "mostly-true": "mostly-true",
    "half-true": "half-true",
    "barely-true": "mostly-false",
    "false": "false",
    "pants-fire": "pants-on-fire",
}
# Speakers that are not people, told by words in their LIAR name.
ORGANISATION_WORDS = {
    "posts",
    "post",
    "email",
    "e-mail",
    "image",
    "images",
    "party",
    "committee",
    "pac",
    "group",
    "campaign",
    "club",
    "association",
    "council",
    "news",
    "blog",
    "website",
    "foundation",
    "institute",
    "coalition",
    "network",
    "union",
    "chamber",
    "center",
    "league",
}
COLUMNS = 14


@dataclass(frozen=True)
class LiarRow:
    line: int
    statement_id: str
    label: str
    statement: str
    subjects: tuple[str, ...]
    speaker: str
    job: str
    state: str
    party: str
    context: str


class LiarFormatError(TransitionError):
    """A line of the file is not LIAR's format: the message names the line and the field."""


def parse(lines: Iterable[str], *, first_line: int = 1) -> Iterator[LiarRow]:
    """LIAR rows from tab-separated lines, checked one by one."""
    for number, raw in enumerate(lines, start=first_line):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if "\x00" in line:
            raise LiarFormatError(f"Line {number}: contains a NUL character; is this a text file?")
        cells = line.split("\t")
        if len(cells) != COLUMNS:
            raise LiarFormatError(
                f"Line {number}: expected {COLUMNS} tab-separated columns, found {len(cells)}."
            )
        statement_id = cells[0].strip().removesuffix(".json")
        if not statement_id.isdigit() or len(statement_id) > 12:
            raise LiarFormatError(
                f"Line {number}, column 1 (id): expected like 2635.json, got {cells[0][:40]!r}."
            )
        label = cells[1].strip()
        if label not in LABELS:
            raise LiarFormatError(
                f"Line {number}, column 2 (label): unknown label {label[:40]!r}; expected one of "
                f"{', '.join(LABELS)}."
            )
        statement = " ".join(cells[2].split())
        if not statement:
            raise LiarFormatError(f"Line {number}, column 3 (statement): empty.")
        if len(statement) > 2000:
            raise LiarFormatError(
                f"Line {number}, column 3 (statement): longer than 2,000 characters."
            )
        speaker = slugify(cells[4])[:180]
        subjects = tuple(s for s in (slugify(x)[:90] for x in cells[3].split(",")) if s)
        yield LiarRow(
            line=number,
            statement_id=statement_id,
            label=label,
            statement=statement,
            subjects=subjects,
            speaker=speaker,
            job=cells[5].strip()[:200],
            state=cells[6].strip()[:100],
            party=cells[7].strip()[:200],
            context=" ".join(cells[13].split())[:500],
        )


@dataclass
class LiarReport:
    statements: int = 0
    claims_created: int = 0
    verdicts_created: int = 0
    speakers_created: int = 0
    topics_created: int = 0


def _name(slug: str) -> str:
    return " ".join(part.capitalize() for part in slug.split("-")) or "Unknown speaker"


def _kind(slug: str) -> str:
    words = set(slug.split("-"))
    return Speaker.Kind.ORGANISATION if words & ORGANISATION_WORDS else Speaker.Kind.PERSON


def politifact() -> Outlet:
    outlet, _ = Outlet.objects.get_or_create(
        domain="politifact.com",
        defaults={
            "name": "PolitiFact",
            "slug": "politifact",
            "kind": Outlet.Kind.FACT_CHECKER,
            "country": "US",
            "url": "https://www.politifact.com/",
        },
    )
    return outlet


def liar_import(*, rows: Iterable[LiarRow], user: AnyUser) -> LiarReport:
    """Load LIAR rows as PolitiFact's staff-only reference verdicts. Idempotent: a
    statement already on file (by its LIAR id) is left as it is. All or nothing."""
    report = LiarReport()
    with acting(user):
        require(user, permissions.ADD_VERDICT, "import verdicts")
        with connection.cursor() as cursor:
            # Bulk inserts through the audit triggers' fast path (see DESIGN.md).
            cursor.execute("SET LOCAL pgtrigger.ignore = '{}'")
        publisher = politifact()
        ratings = {
            r.slug: r.pk
            for r in Rating.objects.filter(scale__is_default=True, slug__in=LABELS.values())
        }
        missing = sorted(set(LABELS.values()) - set(ratings))
        if missing:
            raise TransitionError(f"The default rating scale lacks: {', '.join(missing)}.")
        iterator = iter(rows)
        while chunk := list(itertools.islice(iterator, CHUNK)):
            _load(chunk, publisher=publisher, ratings=ratings, user=user, report=report)
    return report


def _load(
    chunk: list[LiarRow],
    *,
    publisher: Outlet,
    ratings: dict[str, int],
    user: AnyUser,
    report: LiarReport,
) -> None:
    report.statements += len(chunk)
    speakers = _ensure_speakers(chunk, report)
    topics = _ensure_topics(chunk, report)
    # A statement already on file (by its LIAR id) keeps the claim it has; nothing about
    # that claim is touched, whatever verdicts were added to it since.
    on_file = dict(
        Verdict.objects.filter(
            publisher=publisher, external_id__in={row.statement_id for row in chunk}
        ).values_list("external_id", "claim_id")
    )
    pending = [row for row in _unique(chunk) if row.statement_id not in on_file]
    slugs = {row.statement_id: f"politifact-{row.statement_id}" for row in pending}
    # A claim holding a statement's slug is reused only while no verdict reviews it: a
    # claim someone here gave that slug, with a verdict of ours on it, gets no PolitiFact
    # record; the statement gets a claim of its own instead.
    held = Claim.objects.filter(slug__in=slugs.values()).annotate(
        reviewed=Exists(Verdict.objects.filter(claim=OuterRef("pk")))
    )
    reused: dict[str, int] = {}
    for slug, pk, reviewed in held.values_list("slug", "pk", "reviewed"):
        if reviewed:
            statement_id = slug.removeprefix("politifact-")
            slugs[statement_id] = unique_slug(Claim, slug)
        else:
            reused[slug] = pk
    # Likewise a verdict address someone here took.
    verdict_slugs = {row.statement_id: f"politifact-{row.statement_id}" for row in pending}
    for slug in Verdict.objects.filter(slug__in=verdict_slugs.values()).values_list(
        "slug", flat=True
    ):
        verdict_slugs[slug.removeprefix("politifact-")] = unique_slug(Verdict, slug)
    now = timezone.now()
    fresh = [row for row in pending if slugs[row.statement_id] not in reused]
    # COPY: the audit triggers fire for each row as for an INSERT, without the cost of
    # building an INSERT statement of 2,000 rows in Python.
    copy_rows(
        Claim,
        (
            {
                "created_at": now,
                "updated_at": now,
                "slug": slugs[row.statement_id],
                "text": row.statement,
                "speaker_id": speakers[row.speaker][0] if row.speaker in speakers else None,
                "context": row.context,
                "language": "en",
                "created_by_id": user.pk,
                # What reindex_claims would write (the speaker's name: a reference verdict
                # is not public), written now rather than by an UPDATE of every new row;
                # tests/test_liar_import.py holds the two equal.
                "public_text": speakers[row.speaker][1] if row.speaker in speakers else "",
            }
            for row in fresh
        ),
        with_ids=False,
    )
    report.claims_created += len(fresh)
    claim_ids = dict(Claim.objects.filter(slug__in=slugs.values()).values_list("slug", "pk"))
    through = Claim.topics.through
    through.objects.bulk_create(
        [
            through(claim_id=claim_ids[slugs[row.statement_id]], topic_id=topics[subject])
            for row in fresh
            for subject in set(row.subjects)
            if subject in topics
        ],
        ignore_conflicts=True,
    )
    copy_rows(
        Verdict,
        (
            {
                "created_at": now,
                "updated_at": now,
                "claim_id": claim_ids[slugs[row.statement_id]],
                "publisher_id": publisher.pk,
                "status": Verdict.Status.REFERENCE,
                "rating_id": ratings[LABELS[row.label]],
                "headline": f"PolitiFact: {row.label.replace('-', ' ')}",
                "slug": verdict_slugs[row.statement_id],
                "external_id": row.statement_id,
            }
            for row in pending
        ),
        with_ids=False,
    )
    report.verdicts_created += len(pending)


def _unique(chunk: list[LiarRow]) -> list[LiarRow]:
    seen: dict[str, LiarRow] = {}
    for row in chunk:
        seen.setdefault(row.statement_id, row)
    return list(seen.values())


def _ensure_speakers(chunk: list[LiarRow], report: LiarReport) -> dict[str, tuple[int, str]]:
    wanted = {row.speaker: row for row in chunk if row.speaker}
    existing = dict(Speaker.objects.filter(slug__in=wanted).values_list("slug", "pk"))
    fresh = [
        Speaker(
            slug=slug,
            name=_name(slug),
            kind=_kind(slug),
            title=row.job,
            affiliation=row.party.replace("-", " ").capitalize() if row.party != "none" else "",
            country="US",
            description=f"From the LIAR archive of PolitiFact statements. State: {row.state}."
            if row.state
            else "",
        )
        for slug, row in wanted.items()
        if slug not in existing
    ]
    Speaker.objects.bulk_create(fresh)
    report.speakers_created += len(fresh)
    rows = Speaker.objects.filter(slug__in=wanted).values_list("slug", "pk", "name")
    return {slug: (pk, name) for slug, pk, name in rows}


def _ensure_topics(chunk: list[LiarRow], report: LiarReport) -> dict[str, int]:
    wanted = {subject for row in chunk for subject in row.subjects}
    existing = dict(Topic.objects.filter(slug__in=wanted).values_list("slug", "pk"))
    fresh = [Topic(slug=slug, name=_name(slug)) for slug in sorted(wanted - set(existing))]
    Topic.objects.bulk_create(fresh, ignore_conflicts=True)
    report.topics_created += len(fresh)
    found = dict(Topic.objects.filter(slug__in=wanted).values_list("slug", "pk"))
    # A topic already on file under another slug but the same name is that topic.
    by_name = dict(
        Topic.objects.filter(name__in=[_name(s) for s in wanted - set(found)]).values_list(
            "name", "pk"
        )
    )
    return {**{s: by_name[_name(s)] for s in wanted - set(found) if _name(s) in by_name}, **found}
