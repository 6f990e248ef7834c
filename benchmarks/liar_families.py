"""The whole LIAR set through the claim-families pipeline, once (issue 19): on a database
holding every LIAR statement (``python -m benchmarks`` imports them first), time
``embed_claims`` and ``suggest_families``, then report what was proposed (pairs, and the
families they join into, with examples) and check it against LIAR's natural repeats in the
labelled set (``tests/data/matching/labelled_set.json``, kind "repeat": which statements
are the same claim, and which natural changed-figure repeats must not be proposed).

Prints one JSON document. Run by ``python -m benchmarks`` in a process of its own, on the
database named by ``DATABASE_URL``, acting as ``--as`` (the archive's superuser)."""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "matching"
LABELLED_SET = LABELLED / "labelled_set.json"
EXAMPLES = 8  # the largest families, each with its first SHOWN claims
SHOWN = 12
SAMPLE = 25  # pairs drawn at random (seeded) for reading by hand


def _timed(*args: str) -> tuple[float, str]:
    import io

    from django.core.management import call_command

    out = io.StringIO()
    # Untimed: a migration added to the checkout since the database was built (the
    # commands refuse a database that lacks one).
    call_command("migrate", "--no-input", verbosity=0)
    started = time.perf_counter()
    call_command(*args, "--no-progress", stdout=out, stderr=sys.stderr)
    return time.perf_counter() - started, out.getvalue().strip()


class Families:
    """The suggested pairs joined into families (connected components)."""

    def __init__(self, pairs: list[tuple[int, int]]) -> None:
        self.parent: dict[int, int] = {}
        for a, b in pairs:
            self.parent[self.find(a)] = self.find(b)
        groups: dict[int, list[int]] = defaultdict(list)
        for node in list(self.parent):
            groups[self.find(node)].append(node)
        self.groups = sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g))

    def find(self, node: int) -> int:
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def together(self, a: int, b: int) -> bool:
        return a in self.parent and b in self.parent and self.find(a) == self.find(b)


def _labelled() -> tuple[dict[str, str], list[tuple[str, str]], list[tuple[str, str]]]:
    """LIAR statement id → its labelled claim (the archive statement it repeats, or
    itself), the labelled repeat pairs, and the natural changed-figure pairs."""
    data = json.loads(LABELLED_SET.read_text(encoding="utf-8"))
    cluster = {key: key for key in data["archive"]}
    repeats, figures = [], []
    for query in data["queries"]:
        if "liar" not in query:
            continue
        if query["kind"] == "repeat":
            cluster[query["liar"]] = query["source"]
            repeats.append((query["source"], query["liar"]))
        else:
            cluster.setdefault(query["liar"], query["liar"])
            if query["kind"] == "number":
                figures.append((query["source"], query["liar"]))
    return cluster, repeats, figures


def _spot_check(
    pairs: list[tuple[int, int]], families: Families, statement: dict[int, str]
) -> dict[str, Any]:
    cluster, repeats, figures = _labelled()
    claim = {s: pk for pk, s in statement.items()}
    direct = {frozenset(p) for p in pairs}

    def ids(a: str, b: str) -> tuple[int, int] | None:
        return (claim[a], claim[b]) if a in claim and b in claim else None

    found = [p for p in (ids(a, b) for a, b in repeats) if p]
    both_labelled = [
        (a, b) for a, b in pairs if statement.get(a) in cluster and statement.get(b) in cluster
    ]
    wrong = [(a, b) for a, b in both_labelled if cluster[statement[a]] != cluster[statement[b]]]
    changed = [p for p in (ids(a, b) for a, b in figures) if p]
    return {
        "labelled_repeat_pairs": len(found),
        "proposed_as_a_pair": sum(frozenset(p) in direct for p in found),
        "in_one_proposed_family": sum(families.together(*p) for p in found),
        "proposed_pairs_within_the_labelled_set": len(both_labelled),
        "of_which_labelled_the_same_claim": len(both_labelled) - len(wrong),
        "precision_within_the_labelled_set": (
            round((len(both_labelled) - len(wrong)) / len(both_labelled), 3)
            if both_labelled
            else None
        ),
        "not_labelled_the_same": [[statement[a], statement[b]] for a, b in wrong],
        "changed_figure_pairs": len(changed),
        "changed_figure_pairs_proposed": sum(families.together(*p) for p in changed),
    }


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.liar_families", description=__doc__)
    p.add_argument("--as", dest="username", required=True)
    options = p.parse_args()

    import django

    django.setup()
    from claims.models import Claim, ClaimVector, RepeatSuggestion, Verdict
    from claims.selectors.vectors import vector_state

    state = vector_state()
    claims = Claim.objects.count()
    figures: dict[str, Any] = {"claims": claims, "matched_by": "meaning" if state.on else ""}
    if state.on:
        seconds, said = _timed("embed_claims")
        vectors = ClaimVector.objects.filter(model_version=state.model_version).count()
        figures["embed"] = {
            "seconds": round(seconds, 1),
            "vectors": vectors,
            "vectors_per_s": round(vectors / seconds, 1),
            "said": said,
        }
    else:
        figures["matched_by"] = f"words, then the model on the spot ({state.reason})"
    seconds, said = _timed("suggest_families", "--as", options.username)
    figures["suggest"] = {
        "seconds": round(seconds, 1),
        "claims_per_s": round(claims / seconds, 1),
        "said": said,
    }
    rows = list(RepeatSuggestion.objects.values_list("claim_id", "of_id", "score"))
    pairs = [(a, b) for a, b, _ in rows]
    families = Families(pairs)
    statement = dict(
        Verdict.objects.exclude(external_id="").values_list("claim_id", "external_id")
    )
    texts = dict(Claim.objects.filter(pk__in=list(families.parent)).values_list("pk", "text"))
    sizes: dict[int, int] = defaultdict(int)
    for group in families.groups:
        sizes[len(group)] += 1

    def shown(pk: int) -> str:
        return f"{statement.get(pk, pk)}: {texts[pk][:150]}"

    sample = random.Random(19).sample(rows, min(SAMPLE, len(rows)))
    figures["proposed"] = {
        "pairs": len(pairs),
        "families": len(families.groups),
        "claims_in_families": len(families.parent),
        "family_sizes": {str(k): sizes[k] for k in sorted(sizes)},
        "largest": [
            [shown(pk) for pk in g[:SHOWN]] + [f"… {len(g) - SHOWN} more"] * (len(g) > SHOWN)
            for g in families.groups[:EXAMPLES]
        ],
        "sample": [[round(score, 3), shown(a), shown(b)] for a, b, score in sample],
    }
    figures["spot_check"] = _spot_check(pairs, families, statement)
    json.dump(figures, sys.stdout, indent=2)


if __name__ == "__main__":
    main()
