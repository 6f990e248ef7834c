"""The labelled set of tests/data/matching/ and the measures taken on it: tuning the two
thresholds on one half, measuring precision and recall on the other.

The set's LIAR statements are referenced by id only and read from ../shared/data/liar/
here (research use only: never copied into the project); rewordings, translations and
variants written for this set are in the JSON itself.

`python -m tests.matching_evaluation` embeds the set, tunes, and prints the tables that
docs/matching.md reports; tests/test_matching_accuracy.py asserts the targets.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claims.matching.embedding import DIMENSIONS, embed_many, model_version
from claims.matching.match import (
    DIFFERENT_FIGURE,
    LIKELY_SAME,
    OPPOSITE_WORDING,
    Candidate,
    Thresholds,
    flags_for,
    label_for,
    language_of,
)

LIAR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "liar"
SET = Path(__file__).resolve().parent / "data" / "matching" / "labelled_set.json"

# The set's vectors, kept between runs (about 900 texts: ~35 s of CPU to embed): a file
# named for the model's version and the texts, so that another model or another text is
# embedded again. Delete the folder to embed everything again.
VECTORS = (
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "factcheck" / "matching"
)

POSITIVE = ("rewording", "translation", "repeat")
VARIANT = {"number": DIFFERENT_FIGURE, "negation": OPPOSITE_WORDING}


@dataclass(frozen=True)
class Query:
    id: str
    kind: str
    lang: str
    half: str
    text: str
    source: str | None  # the archive claim it repeats or varies, None when unrelated


@dataclass
class Outcome:
    """What the matcher answered for one query."""

    query: Query
    rank: int | None = None  # of the source among the shown candidates, 1-based
    source_label: str | None = None
    source_flags: tuple[str, ...] = ()
    same: list[str] = field(default_factory=list)  # keys labelled the same claim
    shown: int = 0


def liar_statements(folder: Path = LIAR) -> dict[str, str]:
    """Statement text by LIAR id ("6036" for 6036.json)."""
    texts: dict[str, str] = {}
    for path in sorted(folder.glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as tsv:
            for row in csv.reader(tsv, delimiter="\t", quoting=csv.QUOTE_NONE):
                texts[row[0].removesuffix(".json")] = row[2]
    return texts


def apply_edits(text: str, edits: list[list[str]]) -> str:
    """A variant of a LIAR statement, made from its text at test time: each [old, new]
    replaces the first `old` (so that the statement itself is never copied here)."""
    for old, new in edits:
        if old not in text:
            raise ValueError(f"{old!r} is not in {text!r}")
        text = text.replace(old, new, 1)
    return text


def _text(query: dict[str, Any], liar: dict[str, str]) -> str:
    if "text" in query:
        return str(query["text"])
    if "edits" in query:
        return apply_edits(liar[query["source"]], query["edits"])
    return liar[query["liar"]]


def load(folder: Path = LIAR) -> tuple[dict[str, str], list[Query]]:
    """The archive (LIAR id → text) and the queries, their LIAR texts filled in."""
    data = json.loads(SET.read_text(encoding="utf-8"))
    liar = liar_statements(folder)
    archive = {key: liar[key] for key in data["archive"]}
    queries = [
        Query(
            id=q["id"],
            kind=q["kind"],
            lang=q["lang"],
            half=q["half"],
            text=_text(q, liar),
            source=q.get("source"),
        )
        for q in data["queries"]
    ]
    return archive, queries


@dataclass
class Embedded:
    archive: list[Candidate[str]]
    queries: list[Query]
    scores: npt.NDArray[np.float32]  # one row per query, one column per archive claim
    across: npt.NDArray[np.bool_]  # whether the two texts are in different languages


def _vectors(texts: list[str]) -> npt.NDArray[np.float32]:
    """``embed_many(texts)``, from VECTORS when this model embedded these texts before."""
    digest = hashlib.sha256("\0".join([model_version(), *texts]).encode()).hexdigest()
    path = VECTORS / f"{digest[:32]}.npy"
    try:
        kept: npt.NDArray[np.float32] = np.load(path)
    except (OSError, ValueError):
        pass  # not kept yet, or unreadable: embed again
    else:
        if kept.shape == (len(texts), DIMENSIONS):
            return kept
    vectors = embed_many(texts)
    try:
        VECTORS.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.stem}.{os.getpid()}.partial.npy")
        np.save(partial, vectors)
        partial.replace(path)  # whole or not at all, should two runs write at once
    except OSError:
        pass  # a read-only home: the next run embeds again
    return vectors


def embed(archive: dict[str, str], queries: list[Query]) -> Embedded:
    keys = list(archive)
    vectors = _vectors([archive[k] for k in keys] + [q.text for q in queries])
    candidates = [
        Candidate(key, archive[key], vectors[i], language_of(archive[key]))
        for i, key in enumerate(keys)
    ]
    scores = vectors[len(keys) :] @ vectors[: len(keys)].T
    query_languages = np.array([language_of(q.text) for q in queries])
    archive_languages = np.array([c.language for c in candidates])
    across = query_languages[:, None] != archive_languages[None, :]
    return Embedded(candidates, queries, scores, across)


class Flags:
    """flags_for() of (query, candidate) pairs, computed once: tuning asks for the same
    pairs at every threshold."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], tuple[str, ...]] = {}

    def __call__(self, query: Query, candidate: Candidate[str]) -> tuple[str, ...]:
        key = (query.id, candidate.key)
        if key not in self._known:
            self._known[key] = flags_for(query.text, candidate.text)
        return self._known[key]


def answer(
    embedded: Embedded, thresholds: Thresholds, flags: Flags, half: str | None
) -> list[Outcome]:
    """The matcher's answer to every query of `half` (None: all), as match.match gives it:
    same-claim labels first, then related, each by score."""
    outcomes = []
    for row, query in enumerate(embedded.queries):
        if half is not None and query.half != half:
            continue
        shown = []
        lowest = thresholds.lowered(across_languages=True)[1]
        for column in np.argsort(-embedded.scores[row], kind="stable"):
            score = float(embedded.scores[row, column])
            if score < lowest:
                break
            candidate = embedded.archive[column]
            across = bool(embedded.across[row, column])
            label = label_for(score, flags(query, candidate), thresholds, across_languages=across)
            if label is not None:
                shown.append((label != LIKELY_SAME, -score, candidate.key, label))
        shown.sort()
        outcome = Outcome(query, shown=len(shown))
        outcome.same = [key for _, _, key, label in shown if label == LIKELY_SAME]
        for position, (_, _, key, label) in enumerate(shown, 1):
            if key == query.source:
                outcome.rank, outcome.source_label = position, label
        if query.source is not None:
            source = next(c for c in embedded.archive if c.key == query.source)
            outcome.source_flags = flags(query, source)
        outcomes.append(outcome)
    return outcomes


# The best score of an unrelated claim in the next sample can beat the best of this one:
# the same-claim threshold sits this far above the worst seen on the tuning half.
MARGIN = 0.01


def _ceil(value: float, step: float = 0.005) -> float:
    return round(math.ceil(round(value / step, 6)) * step, 4)


def _separating(right: list[float], unrelated: list[float], below: float) -> float:
    """The threshold (0.0025 grid, from 0.80 up to `below`) that best separates right
    claims from unrelated ones: Youden's J, the share of right claims shown minus the share
    of unrelated queries shown something."""
    positive, negative = np.array(right), np.array(unrelated)
    grid = np.arange(0.80, below, 0.0025)
    youden = [(positive >= t).mean() - (negative >= t).mean() for t in grid]
    return round(float(grid[int(np.argmax(youden))]), 4)


def tune(embedded: Embedded, half: str = "tune") -> Thresholds:
    """On one half of the set, in one language (rewordings, repeats; English unrelated
    claims): SAME_CLAIM `MARGIN` above the best score of an unrelated claim, rounded up to
    0.005, and RELATED where right and unrelated claims separate best. Across languages
    (translations; unrelated claims written in Spanish, French, German, Arabic) the same
    two thresholds are found, and ACROSS_LANGUAGES is the smaller of the two drops, so that
    neither threshold falls further than the data allow. Flags do not move the thresholds:
    they only ever lower a label."""
    column = {c.key: j for j, c in enumerate(embedded.archive)}
    unrelated: dict[bool, list[float]] = {False: [], True: []}
    right: dict[bool, list[float]] = {False: [], True: []}
    for row, query in enumerate(embedded.queries):
        if query.half != half:
            continue
        scores, across = embedded.scores[row], embedded.across[row]
        if query.kind == "unrelated":
            for side in (False, True):
                if (across == side).any():
                    unrelated[side].append(float(scores[across == side].max()))
        elif query.kind in POSITIVE and query.source is not None:
            j = column[query.source]
            right[bool(across[j])].append(float(scores[j]))
    same = _ceil(max(unrelated[False]) + MARGIN)
    related = _separating(right[False], unrelated[False], same)
    offset = 0.0
    if unrelated[True] and right[True]:
        same_across = _ceil(max(unrelated[True]) + MARGIN)
        related_across = _separating(right[True], unrelated[True], same_across)
        offset = max(0.0, min(same - same_across, related - related_across))
    return Thresholds(same_claim=same, related=related, across_languages=round(offset, 4))


@dataclass
class Row:
    group: str
    n: int
    top1: float | None = None
    top3: float | None = None
    same_precision: float | None = None
    same_recall: float | None = None
    shown_recall: float | None = None
    flagged: float | None = None
    wrongly_same: int = 0


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def measure(outcomes: Iterable[Outcome]) -> list[Row]:
    """One row per kind and language, then one per kind."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        q = outcome.query
        groups[f"{q.kind} {q.lang}"].append(outcome)
        groups[f"{q.kind} (all)"].append(outcome)
        if q.kind in ("rewording", "translation"):
            groups["rewordings and translations"].append(outcome)
    rows = []
    for name in sorted(groups):
        items = groups[name]
        kind = items[0].query.kind
        row = Row(name, len(items))
        if kind in POSITIVE:
            labelled = sum(len(o.same) for o in items)
            right = sum(o.source_label == LIKELY_SAME for o in items)
            row.top1 = _ratio(sum(o.rank == 1 for o in items), len(items))
            row.top3 = _ratio(sum(o.rank is not None and o.rank <= 3 for o in items), len(items))
            row.same_precision = _ratio(right, labelled)
            row.same_recall = _ratio(right, len(items))
            row.shown_recall = _ratio(sum(o.rank is not None for o in items), len(items))
            row.wrongly_same = labelled - right
        elif kind in VARIANT:
            flag = VARIANT[kind]
            row.flagged = _ratio(sum(flag in o.source_flags for o in items), len(items))
            row.wrongly_same = sum(o.source_label == LIKELY_SAME for o in items)
        else:
            row.shown_recall = _ratio(sum(o.shown > 0 for o in items), len(items))
            row.wrongly_same = sum(bool(o.same) for o in items)
        rows.append(row)
    return rows


def table(rows: list[Row]) -> str:
    def cell(value: float | None) -> str:
        return "" if value is None else f"{100 * value:.0f}%"

    lines = [
        "| kind, language | n | top 1 | top 3 | same: precision | same: recall | shown "
        "| flagged | wrongly same |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.group} | {r.n} | {cell(r.top1)} | {cell(r.top3)} "
            f"| {cell(r.same_precision)} | {cell(r.same_recall)} | {cell(r.shown_recall)} "
            f"| {cell(r.flagged)} | {r.wrongly_same} |"
        )
    return "\n".join(lines)


def main() -> None:
    import platform
    import time

    archive, queries = load()
    started = time.perf_counter()
    embedded = embed(archive, queries)
    took = time.perf_counter() - started
    texts = len(archive) + len(queries)
    print(f"embedded {texts} texts in {took:.1f} s ({texts / took:.0f}/s), {platform.node()}")
    flags = Flags()
    thresholds = tune(embedded)
    print(f"tuned on the tune half: {thresholds}")
    for half in ("tune", "measure"):
        print(f"\n{half} half\n")
        print(table(measure(answer(embedded, thresholds, flags, half))))


if __name__ == "__main__":
    main()
