"""Claims on file like a text, from the command line: the staff matcher's answer."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from dataclasses import asdict
from typing import Any

from django.core.management.base import CommandError

from claims.selectors.newsroom_similar import similar_claims_for_staff
from claims.selectors.similar import QUERY_MAX, QUERY_MIN, query_text
from factcheck.base.numbers import whole_number
from factcheck.management.base import DataCommand


class Command(DataCommand):
    help = (
        "Print the claims on file that say what TEXT says (drafts and archive references "
        "included, as in the admin's 'Already checked?'), best first, each with its score, "
        "label ('likely the same claim' or 'related') and flags ('different figure', "
        "'opposite wording'), and its verdicts. Nothing printed but 'Not found' when no "
        "claim is close enough. Matched by meaning where claim vectors are on, else by "
        "words (the output says which)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("text", help="The claim, in any language the model reads.")
        parser.add_argument(
            "--limit",
            type=whole_number(minimum=1, maximum=50),
            default=8,
            help="At most this many claims (1 to 50, default 8).",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="One JSON document: matched_by, note and the candidates (claim id, slug, "
            "text, score, label, flags, verdicts).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text = options["text"]
        if len(text) > QUERY_MAX or not query_text(text):
            raise CommandError(f"Give a claim of {QUERY_MIN} to {QUERY_MAX} characters.")
        found = similar_claims_for_staff(text=text, limit=options["limit"])
        if options["json"]:
            document = {
                "matched_by": found.by,
                "note": found.reason,
                "results": [asdict(c) for c in found.candidates],
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, default=str))
            return
        if found.lexical:
            self.stdout.write(f"Matched by words (lexical): {found.reason}.")
        if not found.candidates:
            self.stdout.write("Not found: no claim on file is close enough.")
        for n, c in enumerate(found.candidates, 1):
            flags = f"  [{', '.join(c.flags)}]" if c.flags else ""
            self.stdout.write(f"{n}. {c.score:.3f}  {c.label}{flags}")
            self.stdout.write(f"   {c.text}  (claim {c.claim_id}, {c.slug})")
            if c.matched != c.text:
                self.stdout.write(f"   matched its {c.matched_kind}: {c.matched}")
            for v in c.verdicts:
                when = f", {v.date:%Y-%m-%d}" if v.date else ""
                rating = f": {v.rating}" if v.rating else ""
                self.stdout.write(f"   - {v.status_label}{rating}, by {v.publisher}{when}")
