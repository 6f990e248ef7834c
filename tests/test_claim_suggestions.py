"""Claim suggestions from an article's text alone: quoted statements with their speakers,
and sentences with checkable content, scored. No database."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.suggestions import sentences, suggest

SEED = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "seeds" / "000_6398921d888acb2a.txt"
)

OHIO = """Unemployment in Ohio fell to 3.9 percent in March, the lowest rate since 2000, according to the state labor department.
Governor Mike DeWine said: "We have created more than 150,000 jobs in two years."
"That number counts seasonal work twice," said Maria Lopez, an economist at Ohio State University. "The real figure is closer to 90,000."
The governor told reporters on Tuesday that "no state has grown faster."
"""

RALLY = """The senator's claim was repeated at a rally. "Crime has doubled in every city since 2020," Senator Ann Ruiz told supporters in Phoenix on Saturday. She added: "Police budgets were cut by half."
According to FBI figures, violent crime fell 3 percent nationwide in 2023."""


def _speakers(text):
    return {s.text: s.speaker for s in suggest(text) if s.kind == "quote"}


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds/ is absent")
def test_the_seed_articles_quoted_statements_with_their_speakers():
    quotes = _speakers(SEED.read_text(encoding="utf-8"))
    expected = {
        "This is a critical moment": "an anonymous Egyptian official",
        "If Hamas is serious, it could mark the beginning of a new chapter in Israeli-Palestinian relations.": "an anonymous Egyptian official",
        "We are focused on securing the release of our hostages and ensuring the safety of our citizens": "an Israeli government spokesperson",
        "Hamas must surrender immediately": "Trump",
        "They see no other path forward.": "Dr. Amira Khalil",
        "Our role is to facilitate dialogue, not dictate terms": "a Qatari diplomat",
        "Every day that passes without their return is a day of anguish": "Sarah Cohen",
        "We are tired of being pawns in a game played by outsiders": "Yasser Abu Samra",
    }
    for quote, speaker in expected.items():
        assert quotes[quote] == speaker, quote
    assert "intensive communications" not in quotes  # two words in quotes: not a statement


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds/ is absent")
def test_the_seed_articles_dated_sentence_is_the_most_check_worthy():
    best = suggest(SEED.read_text(encoding="utf-8"))[0]
    assert best.kind == "sentence"
    assert "reelected in November 2024 and sworn in on January 20, 2025" in best.text
    assert best.text.startswith("Former U.S. President Donald Trump")  # not split after "U.S."
    assert "gives a date" in best.reason


def test_double_quotes_said_colon_continuations_and_the_title_resolved():
    quotes = _speakers(OHIO)
    assert quotes["We have created more than 150,000 jobs in two years."] == "Governor Mike DeWine"
    assert quotes["That number counts seasonal work twice"] == "Maria Lopez"
    assert (
        quotes["The real figure is closer to 90,000."] == "Maria Lopez"
    )  # not the next sentence's subject
    assert quotes["no state has grown faster."] == "Governor Mike DeWine"  # "the governor"
    [sentence] = [s for s in suggest(OHIO) if s.kind == "sentence"]
    assert sentence.speaker == "the state labor department"
    assert "contains a number" in sentence.reason


def test_speaker_after_the_quote_and_a_pronoun_that_goes_on():
    quotes = _speakers(RALLY)
    assert quotes["Crime has doubled in every city since 2020"] == "Senator Ann Ruiz"
    assert quotes["Police budgets were cut by half."] == "Senator Ann Ruiz"
    according = [s for s in suggest(RALLY) if s.kind == "sentence"]
    assert according[0].speaker == "FBI figures"


def test_scores_rank_checkable_over_opinion():
    ranked = suggest(OHIO + RALLY)
    scores = {s.text: s.score for s in ranked}
    assert (
        scores["We have created more than 150,000 jobs in two years."]
        > scores["That number counts seasonal work twice"]
    )
    assert all(0 <= s.score <= 1 for s in ranked)
    assert ranked == sorted(ranked, key=lambda s: -s.score)


def test_sentences_are_not_split_after_abbreviations():
    assert sentences("Dr. Lee met Mr. Smith in the U.S. on Monday. They spoke.") == [
        "Dr. Lee met Mr. Smith in the U.S. on Monday.",
        "They spoke.",
    ]


@pytest.mark.parametrize(
    "text", ["", "   ", "no quotes and nothing checkable here", "\x00" * 50, "“" * 500, '"' * 333]
)
def test_any_text_gives_a_list_never_an_error(text):
    assert isinstance(suggest(text), list)
