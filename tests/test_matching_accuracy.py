"""The matcher's accuracy on the measuring half of the labelled set (issue 19, item 7),
with the thresholds it ships with: the right claim first for at least 90% of rewordings
and translations and among the first three for 95%; at least 90% of number and negation
variants flagged; no unrelated claim labelled the same claim.

The set's LIAR statements are read from ../shared/data/liar/; without it these tests skip,
except in CI, where a missing data set must not pass silently.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable

import pytest

from claims.matching.embedding import EmbeddingUnavailable
from claims.matching.match import LIKELY_SAME, Thresholds
from tests.matching_evaluation import (
    LIAR,
    POSITIVE,
    VARIANT,
    Embedded,
    Flags,
    Outcome,
    answer,
    embed,
    load,
    tune,
)


def _need_data_and_model() -> None:
    why = None
    if not LIAR.is_dir():
        why = f"the LIAR data set is absent ({LIAR})"
    else:
        try:
            from claims.matching.embedding import embed as embed_one

            embed_one("warm-up")
        except EmbeddingUnavailable as error:
            why = str(error)
    if why is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"claim matching accuracy cannot be measured in CI: {why}")
    pytest.skip(why)


@functools.cache
def _whole_set() -> Embedded:
    """The whole labelled set, embedded once per process (or read from the vectors an
    earlier run kept: tests/matching_evaluation.py): the measuring tests and the tuning
    test read their halves from it (embedding is what takes the time)."""
    _need_data_and_model()
    archive, queries = load()
    return embed(archive, queries)


def _embedded(half: str | None) -> Embedded:
    whole = _whole_set()
    if half is None:
        return whole
    rows = [i for i, q in enumerate(whole.queries) if q.half == half]
    return Embedded(
        whole.archive,
        [whole.queries[i] for i in rows],
        whole.scores[rows],
        whole.across[rows],
    )


@pytest.fixture(scope="module")
def measured() -> list[Outcome]:
    """The matcher's answers to the measuring half: ~200 archive claims and ~300 queries
    embedded once for the module (a few seconds at ~100 texts/s)."""
    return answer(_embedded("measure"), Thresholds(), Flags(), "measure")


def _share(outcomes: list[Outcome], test: Callable[[Outcome], object]) -> float:
    assert outcomes, "no queries of this kind in the measuring half"
    return sum(bool(test(o)) for o in outcomes) / len(outcomes)


def _of(outcomes: list[Outcome], *kinds: str, lang: str | None = None) -> list[Outcome]:
    return [
        o for o in outcomes if o.query.kind in kinds and (lang is None or o.query.lang == lang)
    ]


def test_rewordings_and_translations_find_the_right_claim_first(measured):
    found = _of(measured, "rewording", "translation")
    assert _share(found, lambda o: o.rank == 1) >= 0.90
    assert _share(found, lambda o: o.rank is not None and o.rank <= 3) >= 0.95


@pytest.mark.parametrize("lang", ["en", "es", "fr", "de", "ar"])
def test_no_language_falls_behind(measured, lang):
    # The targets hold overall; no single language may hide below them (18 items each,
    # so 85% allows two misses where the overall target allows fewer).
    found = _of(measured, "rewording", "translation", lang=lang)
    assert len(found) >= 15
    assert _share(found, lambda o: o.rank is not None and o.rank <= 3) >= 0.85


def test_liar_natural_repeats_are_found_first(measured):
    repeats = _of(measured, "repeat")
    assert _share(repeats, lambda o: o.rank == 1) >= 0.90


@pytest.mark.parametrize("kind", sorted(VARIANT))
def test_changed_figures_and_opposite_wording_are_flagged(measured, kind):
    variants = _of(measured, kind)
    assert _share(variants, lambda o: VARIANT[kind] in o.source_flags) >= 0.90
    # A flagged variant is never offered as the same claim.
    assert not [o.query.id for o in variants if o.source_label == LIKELY_SAME]


def test_no_unrelated_claim_is_labelled_the_same_claim(measured):
    unrelated = _of(measured, "unrelated")
    assert len(unrelated) >= 150
    assert not [(o.query.id, o.same) for o in unrelated if o.same]


def test_what_is_labelled_the_same_claim_is_the_right_claim(measured):
    positives = _of(measured, *POSITIVE)
    wrong = [(o.query.id, key) for o in positives for key in o.same if key != o.query.source]
    labelled = sum(len(o.same) for o in positives)
    assert labelled
    assert len(wrong) / labelled <= 0.05, wrong


@pytest.mark.heavy
def test_the_shipped_thresholds_are_those_the_tuning_half_gives():
    # Tuning embeds the whole set (~900 texts): run once, in the heavy pass.
    assert tune(_embedded(None)) == Thresholds()
