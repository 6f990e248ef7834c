"""A realistic synthetic archive, for trying the newsroom and the public side at scale and
for the benchmarks: deterministic for a seed, loaded with COPY."""

from __future__ import annotations

import datetime
import itertools
import random
import time
from argparse import ArgumentParser, ArgumentTypeError
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection, models, transaction
from django.utils import timezone
from tqdm import tqdm

from claims.models import (
    Claim,
    Rating,
    Speaker,
    Topic,
    Verdict,
    VerdictSource,
)
from claims.selectors.vectors import vector_state
from claims.services.bulk_revisions import bulk_publish_revisions
from factcheck.base.db import copy_rows
from factcheck.base.numbers import whole_number
from factcheck.base.publication import bump_publication_generation
from factcheck.management import demo_vectors
from factcheck.management.base import DataCommand
from factcheck.management.demo_languages import ENGLISH, VOCABULARIES, languages
from sources.models import Article, Outlet, Source

CHUNK = 50_000
FIRST = [
    "James",
    "Maria",
    "Ahmed",
    "Li",
    "Olga",
    "Kwame",
    "Sofia",
    "Ravi",
    "Hannah",
    "Diego",
    "Amara",
    "Yuki",
    "Pierre",
    "Fatima",
    "Noah",
    "Elena",
    "Tomas",
    "Aisha",
    "Lucas",
    "Ingrid",
]
LAST = [
    "Smith",
    "Garcia",
    "Haddad",
    "Chen",
    "Petrova",
    "Mensah",
    "Rossi",
    "Patel",
    "Schmidt",
    "Lopez",
    "Okafor",
    "Tanaka",
    "Dubois",
    "Khan",
    "Jensen",
    "Novak",
    "Silva",
    "Cohen",
    "Nowak",
    "Berg",
]
ROLES = [
    "Senator",
    "Governor",
    "Mayor",
    "Minister of Health",
    "State representative",
    "Party chair",
    "Economist",
    "Columnist",
    "Candidate for Congress",
    "Council member",
]
PARTIES = ["Republican", "Democrat", "Independent", "Green", "Labour", "Liberal"]
# The claims' words, in each language asked for (English by default).
SUBJECTS = ENGLISH.subjects
TOPICS = [
    "Economy",
    "Health care",
    "Crime",
    "Education",
    "Immigration",
    "Taxes",
    "Environment",
    "Energy",
    "Housing",
    "Transportation",
    "Elections",
    "Foreign policy",
    "Military",
    "Jobs",
    "Budget",
    "Climate",
    "Public safety",
    "Guns",
    "Abortion",
    "Labor",
    "Trade",
    "Water",
    "Agriculture",
    "Technology",
    "Science",
    "History",
    "Religion",
    "Media",
    "Justice",
    "Pensions",
]
STATUSES = [("published", 0.31), ("retracted", 0.005), ("in_review", 0.02), ("draft", 0.03)]


class Command(DataCommand):
    help = (
        "Fill the database with a synthetic archive: speakers with a Zipf-like spread of "
        "claims, outlets, articles, topics, sources, and about a third of the claims with a "
        "published verdict across every rating, some in review and draft. Deterministic for "
        "a seed. Loaded with COPY, with the claim search indexes built after the load, then "
        "the public verdicts' revisions written; where claim vectors are on, every claim "
        "gets a synthetic clustered vector (not the model's; see docs/matching.md) and the "
        "HNSW indexes are built once, timed apart. The rows are synthetic: they are not "
        "recorded in the audit history. Adds to whatever is "
        "already there; for benchmarks and trying the project at scale, not for a newsroom: "
        "with DEBUG off it refuses a database that already has a public record."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--claims",
            type=whole_number(minimum=1, maximum=10_000_000),
            default=10_000,
            help="How many claims (default 10,000).",
        )
        parser.add_argument(
            "--seed",
            type=whole_number(),
            default=1,
            help="Random seed: the same seed, the same archive.",
        )
        parser.add_argument(
            "--languages",
            type=_languages,
            default=["en"],
            help="The claims' languages, comma-separated, taken in turn: e.g. en,ar,es,fr "
            "(default en). Each language's claims, verdicts and contexts are written in it, "
            "for trying search in each language.",
        )
        vectors = parser.add_mutually_exclusive_group()
        vectors.add_argument(
            "--no-vectors",
            action="store_true",
            help="Leave out the claims' synthetic vectors (written where claim vectors are "
            "on, so that the benchmarks measure the HNSW query; see docs/matching.md).",
        )
        vectors.add_argument(
            "--vectors-only",
            action="store_true",
            help="Add nothing but the synthetic vectors of the demo claims that have none "
            "(an archive built with --no-vectors, or before claim vectors existed), then "
            "build the HNSW indexes, each step timed.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["vectors_only"]:
            self._vectors_only(seed=options["seed"], quiet=options["verbosity"] == 0)
            return
        count: int = options["claims"]
        if not 1 <= count <= 10_000_000:
            raise CommandError("--claims must be between 1 and 10,000,000.")
        ratings = list(
            Rating.objects.filter(scale__is_default=True, position__isnull=False).values_list(
                "pk", "label"
            )
        )
        if not ratings:
            raise CommandError(
                "Load the rating scale first (python manage.py quickstart --no-serve)."
            )
        # A newsroom's verdicts are in the audit history; synthetic ones never are.
        real = Verdict.objects.filter(revisions__isnull=False, events__isnull=False)
        if not settings.DEBUG and real.exists():
            # Synthetic verdicts would go public under the publisher's name, beside real ones.
            raise CommandError(
                "This database already has a public record of the newsroom's and DEBUG "
                "is off: demo data would publish synthetic verdicts under "
                f"{settings.FACTCHECK_PUBLISHER_NAME!r} beside them. Load it into a database "
                "of its own (or one for development, with DEBUG on)."
            )
        archive = DemoArchive(
            seed=options["seed"],
            claims=count,
            ratings=ratings,
            start=_next_ids(),
            languages=options["languages"],
        )
        quiet = options["verbosity"] == 0
        # Synthetic, clustered vectors (factcheck.management.demo_vectors), not the model's:
        # embedding a million texts would take hours.
        vectors = vector_state() if not options["no_vectors"] else None
        with transaction.atomic():
            _ignore_audit_triggers()
            if vectors is not None and vectors.on:
                demo_vectors.drop_hnsw_indexes()
            heavy = [
                index
                for index in Claim._meta.indexes
                if index.name in {"claim_search_gin", "claim_text_trgm", "claim_published_idx"}
            ]
            with connection.schema_editor(atomic=False) as editor:
                for index in heavy:  # built once after the load: faster than row by row
                    editor.remove_index(Claim, index)
            for model, rows, total in archive.tables():
                label = str(model._meta.verbose_name_plural).capitalize()
                progress = tqdm(rows, total=total, unit=" rows", desc=label, disable=quiet)
                copy_rows(
                    model, progress, with_ids=model not in (VerdictSource, Claim.topics.through)
                )
            if not quiet:
                self.stdout.write("Building the search indexes…")
            with connection.cursor() as cursor:
                # Run the deferred foreign-key checks now: an index cannot be built while
                # they are pending.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            with connection.schema_editor(atomic=False) as editor:
                for index in heavy:
                    editor.add_index(Claim, index)
            _reset_sequences()
            first_claim = archive.start["claims.Claim"]
            if vectors is not None and vectors.on:
                demo_vectors.load_synthetic_vectors(
                    first_claim_id=first_claim,
                    total=count,
                    seed=options["seed"],
                    version=vectors.model_version,
                    progress=not quiet,
                )
            # The public reads revisions: each published or retracted verdict gets the ones
            # its publication (and retraction) would have written, and its claim its row
            # of the public index. Built in SQL: rebuild_revisions' Python document per
            # verdict would take half an hour at a million claims.
            if not quiet:
                self.stdout.write(f"Writing the revisions of {archive.public} public verdicts…")
            began = time.monotonic()
            rebuilt = bulk_publish_revisions(
                progress=not quiet, first_verdict_id=archive.start["claims.Verdict"]
            )
            if not quiet:
                self.stdout.write(f"  {rebuilt} verdicts in {time.monotonic() - began:.1f} s")
            if vectors is not None and vectors.on:
                demo_vectors.copy_to_public_index(first_claim_id=first_claim)
                if not quiet:
                    self.stdout.write("Building the HNSW indexes of the claim vectors…")
                seconds = demo_vectors.build_hnsw_indexes()
                if not quiet:
                    self.stdout.write(f"  HNSW indexes built in {seconds:.1f} s")
            elif vectors is not None and not quiet:
                self.stdout.write(f"No claim vectors: {vectors.reason}.")
            bump_publication_generation()  # new public verdicts: no cached page may hide them
        with connection.cursor() as cursor:
            # VACUUM as well marks the new pages all-visible, so index-only scans (the
            # newest-first index carries the search vector) need not read the table until
            # autovacuum comes by. Inside a caller's transaction only ANALYZE can run.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        self.stdout.write(
            self.style.SUCCESS(f"Added {count} claims ({archive.public} with public verdicts).")
        )

    def _vectors_only(self, *, seed: int, quiet: bool) -> None:
        state = vector_state()
        if not state.on:
            raise CommandError(f"No claim vectors here: {state.reason}.")
        if not demo_vectors.any_claim_lacks_a_vector():
            self.stdout.write("0 synthetic vectors loaded in 0.0 s; HNSW indexes built in 0.0 s.")
            return
        with transaction.atomic():
            began = time.monotonic()
            demo_vectors.drop_hnsw_indexes()
            added = demo_vectors.load_synthetic_vectors(
                first_claim_id=1,
                total=None,
                seed=seed,
                version=state.model_version,
                progress=not quiet,
            )
            demo_vectors.copy_to_public_index(first_claim_id=1)
            loaded = time.monotonic() - began
            built = demo_vectors.build_hnsw_indexes()
        self.stdout.write(
            self.style.SUCCESS(
                f"{added} synthetic vectors loaded in {loaded:.1f} s; "
                f"HNSW indexes built in {built:.1f} s."
            )
        )


MODELS: list[type[models.Model]] = [
    Outlet,
    Speaker,
    Topic,
    Article,
    Source,
    Claim,
    Verdict,
    VerdictSource,
]


def _languages(raw: str) -> list[str]:
    try:
        return languages(raw)
    except ValueError as refused:
        raise ArgumentTypeError(str(refused)) from None


def _next_ids() -> dict[str, int]:
    return {
        model._meta.label: (model._default_manager.aggregate(top=models.Max("pk"))["top"] or 0) + 1
        for model in MODELS
    }


def _ignore_audit_triggers() -> None:
    """The synthetic rows skip the audit history: list this session's pgtrigger triggers
    in the setting their functions consult (see django-pgtrigger's ignore())."""
    tables = [model._meta.db_table for model in [*MODELS, Claim.topics.through]]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(tgname) FROM pg_trigger WHERE tgname LIKE 'pgtrigger_%%' AND tgrelid::regclass::text = ANY(%s)",
            [tables],
        )
        names = cursor.fetchone()[0] or []
        cursor.execute(
            "SELECT set_config('pgtrigger.ignore', %s, true)", ["{" + ",".join(names) + "}"]
        )


def _reset_sequences() -> None:
    with connection.cursor() as cursor:
        for model in [*MODELS, Claim.topics.through]:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT max(id) FROM {connection.ops.quote_name(table)}), 1))",
                [table],
            )


class DemoArchive:
    """The rows of the archive, table by table, from one seeded random generator."""

    def __init__(
        self,
        *,
        seed: int,
        claims: int,
        ratings: list[tuple[int, str]],
        start: dict[str, int],
        languages: list[str] | None = None,
    ):
        self.random = random.Random(seed)
        # Claim n is in languages[n % len(languages)]: no draw of its own, so the other
        # draws (and the English archive of a seed) stay the same.
        self.languages = languages or ["en"]
        self.count, self.ratings, self.start = claims, ratings, start
        self.now = timezone.now().replace(microsecond=0)
        self.speakers = max(20, claims // 200)
        self.outlets = max(10, min(500, claims // 1000))
        self.articles = max(10, claims // 20)
        self.sources = max(10, claims // 10)
        self.public = 0
        # Zipf-like: a few speakers make most of the claims.
        weights = [1 / (rank**1.1) for rank in range(1, self.speakers + 1)]
        self.speaker_ids = [start["claims.Speaker"] + i for i in range(self.speakers)]
        # Cumulative once: choices() would otherwise add up 5,000 weights for every claim.
        self.speaker_weights = list(itertools.accumulate(weights))
        self.names: dict[int, str] = {}

    def _id(self, label: str, n: int) -> int:
        return self.start[label] + n

    def tables(self) -> Iterator[tuple[type[models.Model], Iterator[dict[str, Any]], int]]:
        yield Outlet, self._outlets(), self.outlets
        yield Speaker, self._speakers(), self.speakers
        yield Topic, self._topics(), len(TOPICS)
        yield Article, self._articles(), self.articles
        yield Source, self._sources(), self.sources
        claims: list[dict[str, Any]] = []
        yield Claim, self._claims(claims), self.count
        yield Claim.topics.through, self._claim_topics(), self.count
        yield Verdict, self._verdicts(), self.count
        yield VerdictSource, self._verdict_sources(), self.count

    def _stamp(self, days_back: int = 3650) -> datetime.datetime:
        return self.now - datetime.timedelta(
            days=self.random.randint(0, days_back), seconds=self.random.randint(0, 86399)
        )

    def _outlets(self) -> Iterator[dict[str, Any]]:
        for n in range(self.outlets):
            yield {
                "id": self._id("sources.Outlet", n),
                "created_at": self.now,
                "updated_at": self.now,
                "name": f"Demo Outlet {self.start['sources.Outlet'] + n}",
                "slug": f"demo-outlet-{self.start['sources.Outlet'] + n}",
                "domain": f"outlet{self.start['sources.Outlet'] + n}.demo.example",
                "kind": "newspaper",
                "version": 1,
            }

    def _speakers(self) -> Iterator[dict[str, Any]]:
        for _n, pk in enumerate(self.speaker_ids):
            name = f"{self.random.choice(FIRST)} {self.random.choice(LAST)} {pk}"
            self.names[pk] = name
            yield {
                "id": pk,
                "created_at": self.now,
                "updated_at": self.now,
                "name": name,
                "slug": f"demo-speaker-{pk}",
                "kind": "person",
                "title": self.random.choice(ROLES),
                "affiliation": self.random.choice(PARTIES),
                "country": "US",
                "same_as": [],
                "version": 1,
            }

    def _topics(self) -> Iterator[dict[str, Any]]:
        for n, name in enumerate(TOPICS):
            pk = self._id("claims.Topic", n)
            yield {
                "id": pk,
                "created_at": self.now,
                "updated_at": self.now,
                "name": f"{name} {pk}",
                "slug": f"demo-topic-{pk}",
                "version": 1,
            }

    def _articles(self) -> Iterator[dict[str, Any]]:
        for n in range(self.articles):
            pk = self._id("sources.Article", n)
            yield {
                "id": pk,
                "created_at": self.now,
                "updated_at": self.now,
                "outlet_id": self._id("sources.Outlet", self.random.randrange(self.outlets)),
                "title": f"Report {pk} on {self.random.choice(SUBJECTS)}",
                "slug": f"demo-article-{pk}",
                "url": f"https://news.demo.example/{pk}",
                "published_on": self._stamp().date(),
                "language": "en",
                "version": 1,
            }

    def _sources(self) -> Iterator[dict[str, Any]]:
        for n in range(self.sources):
            pk = self._id("sources.Source", n)
            yield {
                "id": pk,
                "created_at": self.now,
                "updated_at": self.now,
                "title": f"Official statistics table {pk}",
                "url": f"https://data.demo.example/{pk}",
                "publisher": "Demo Statistics Office",
                "kind": "dataset",
                "version": 1,
            }

    def _claims(self, _: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        self.plan: list[tuple[str, int, datetime.datetime | None, str]] = []
        for n in range(self.count):
            pk = self._id("claims.Claim", n)
            speaker = self.random.choices(self.speaker_ids, cum_weights=self.speaker_weights)[0]
            language = self.languages[n % len(self.languages)]
            words = VOCABULARIES[language]
            text = words.claim(self.random)
            status = self._status()
            rating = self.random.choice(self.ratings)
            published = self._stamp() if status in ("published", "retracted") else None
            self.plan.append((status, rating[0], published, language))
            row = {
                "id": pk,
                "created_at": self.now,
                "updated_at": self.now,
                "slug": f"demo-claim-{pk}",
                "text": text,
                "speaker_id": speaker,
                "article_id": self._id("sources.Article", self.random.randrange(self.articles)),
                "claimed_on": (published or self._stamp()).date(),
                "context": words.context,
                "language": language,
                "version": 1,
                "published_at": published,
                "public_text": "",
            }
            if published:
                self.public += 1
                row["public_text"] = f"{self.names[speaker]} {rating[1]}: {text}"
            yield row

    def _status(self) -> str:
        draw = self.random.random()
        for status, share in STATUSES:
            if draw < share:
                return status
            draw -= share
        return ""

    def _claim_topics(self) -> Iterator[dict[str, Any]]:
        for n in range(self.count):
            yield {
                "claim_id": self._id("claims.Claim", n),
                "topic_id": self._id("claims.Topic", self.random.randrange(len(TOPICS))),
            }

    def _verdicts(self) -> Iterator[dict[str, Any]]:
        self.verdict_ids: list[int] = []
        for n, (status, rating, published, language) in enumerate(self.plan):
            if not status:
                continue
            pk = self.start["claims.Verdict"] + len(self.verdict_ids)
            self.verdict_ids.append(pk)
            row = {
                "id": pk,
                "created_at": self.now,
                "updated_at": self.now,
                "claim_id": self._id("claims.Claim", n),
                "slug": f"demo-verdict-{pk}",
                "status": status,
                "rating_id": rating,
                "headline": VOCABULARIES[language].headline.format(pk=pk),
                "summary": VOCABULARIES[language].summary,
                "version": 1,
                "review_round": 1,
                "submission_round": 1,
                "published_at": published,
            }
            if status == "retracted":
                row.update(retracted_at=published, retraction_note="Demo retraction.")
            yield row

    def _verdict_sources(self) -> Iterator[dict[str, Any]]:
        for pk in self.verdict_ids:
            yield {
                "verdict_id": pk,
                "source_id": self._id("sources.Source", self.random.randrange(self.sources)),
                "position": 1,
                "created_at": self.now,
                "updated_at": self.now,
            }
