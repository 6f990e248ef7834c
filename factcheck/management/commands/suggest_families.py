"""Propose claim families among the claims on file: pairs the matcher finds likely to be
the same claim become suggestions for the newsroom to confirm or dismiss."""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError
from tqdm import tqdm

from claims.models import Claim
from claims.selectors.families import checked_claim_ids, likely_repeats_of_claims
from claims.selectors.newsroom import claims
from claims.services.families import repeat_suggestions_record
from factcheck.base.numbers import whole_number
from factcheck.management.base import DataCommand
from factcheck.management.staff import acting_user, add_acting_user_argument

FOUND_BY = "suggest_families"
# Claims whose stored vectors are looked up in one statement (where vectors are on).
ASKED_AT_ONCE = 32


def _chunks(rows: Iterable[Claim], size: int) -> Iterator[list[Claim]]:
    chunk: list[Claim] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Command(DataCommand):
    help = (
        "Look through the claims on file for pairs the matcher finds likely to be the same "
        "claim (reworded, or said by someone else: e.g. LIAR's repeated statements) and "
        "record each pair as a suggestion in the admin: on each claim's page (The same "
        "claim elsewhere) and, for repeats of claims we published a verdict on, in the "
        "editorial queue's 'Repeats of checked claims'. It never links claims: a person "
        "confirms or dismisses each suggestion, and a dismissed pair is not proposed again. "
        "Re-running it adds only new pairs. Where claim vectors are on, run embed_claims "
        "first: it matches each claim by its stored vector (a claim without one is "
        "embedded on the spot); elsewhere it embeds the claims it compares as it goes."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_acting_user_argument(parser, needs="change claims")
        parser.add_argument(
            "--checked-only",
            action="store_true",
            help="Only propose repeats of claims whose family holds a published verdict of ours.",
        )
        parser.add_argument(
            "--limit",
            type=whole_number(minimum=1, maximum=10_000_000),
            default=None,
            help="Look at no more than this many claims, newest first (default: every claim).",
        )
        parser.add_argument(
            "--per-claim",
            type=whole_number(minimum=1, maximum=50),
            default=5,
            help="At most this many likely repeats proposed for each claim (default 5).",
        )
        parser.add_argument(
            "--batch",
            type=whole_number(minimum=1, maximum=100_000),
            default=200,
            help="Claims whose suggestions are recorded in one transaction (default 200).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar (for logs and cron)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options)
        rows = claims().order_by("-pk").only("pk", "text", "claimed_on", "created_at")
        if options["limit"]:
            rows = rows[: options["limit"]]
        total = rows.count()
        bar = tqdm(
            total=total,
            unit=" claims",
            desc="Looking for repeats",
            disable=options["no_progress"] or options["verbosity"] == 0,
        )
        vectors: dict[int, Any] = {}  # computed once per claim when matched on the spot
        pending: list[tuple[Any, Any, float]] = []
        added = 0
        try:
            for chunk in _chunks(rows.iterator(chunk_size=500), ASKED_AT_ONCE):
                found = likely_repeats_of_claims(
                    chunk,
                    limit=options["per_claim"],
                    checked_only=options["checked_only"],
                    vectors=vectors,
                )
                for claim in chunk:
                    pending += [(claim, hit.claim, hit.score) for hit in found[claim.pk]]
                bar.update(len(chunk))
                if len(pending) >= options["batch"]:
                    added += self._record(pending, user)
                    pending = []
            added += self._record(pending, user)
        except (ValidationError, PermissionDenied) as exc:
            text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            raise CommandError(text) from None
        finally:
            bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"{total} claims looked at: {added} new suggestion(s) to confirm or dismiss "
                "(nothing was linked)."
            )
        )

    @staticmethod
    def _record(pairs: list[tuple[Any, Any, float]], user: Any) -> int:
        if not pairs:
            return 0
        checked = checked_claim_ids(sorted({c.pk for pair in pairs for c in pair[:2]}))
        return repeat_suggestions_record(
            user=user, pairs=pairs, found_by=FOUND_BY, checked=checked
        )
