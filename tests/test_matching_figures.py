"""The figures of a claim, read the way two wordings of one claim need them compared:
tolerant of how a figure is written, strict on its value (claims/matching/figures.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from claims.matching.figures import compare_figures, extract_figures


def values(text: str) -> list[Decimal]:
    return sorted(f.value.normalize() for f in extract_figures(text) if f.kind != "month")


def kinds(text: str) -> set[str]:
    return {f.kind for f in extract_figures(text)}


# The examples: each pair is one figure written two ways, or two different figures.
@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Massachusetts ranked 47th in job creation", "Massachusetts ranked 4th in job creation"),
        ("the bill costs $700 billion", "the bill costs $70 billion"),
        ("five hundred jobs were lost", "50 jobs were lost"),
        ("unemployment is 3.5%", "unemployment is 5.3%"),
        ("Massachusetts ranked ٤٧ in job creation", "Massachusetts ranked 4th in job creation"),
        ("signed on March 4, 2009", "signed on March 4, 2010"),
        ("signed on 2009-03-04", "signed on 2009-04-04"),
        ("In the first year of his term", "In the second year of his term"),
        (
            "Bill Nelson voted to raise taxes 150 times",
            "Bill Nelson voted to raise taxes 272 times",
        ),
    ],
)
def test_a_changed_figure_differs(first, second):
    comparison = compare_figures(first, second)
    assert comparison.differ
    assert comparison.only_in_first
    assert comparison.only_in_second


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("ranked 47th in job creation", "ranked 47th out of 50 states in job creation"),
        ("the bill costs $700 billion", "the bill costs 700bn dollars"),
        ("five hundred jobs", "500 jobs"),
        ("unemployment is 3.5%", "unemployment is 3.5 percent"),
        ("unemployment is 3.5%", "el desempleo es del 3,5 %"),
        ("Massachusetts ranked ٤٧ in job creation", "Massachusetts ranked 47th"),
        ("$360 billion", "360.000 millones de dólares"),
        ("$360 billion", "360 milliards de dollars"),
        ("$360 billion", "360 Milliarden Dollar"),
        ("$360 billion", "360 مليار دولار"),
        ("$1.2 trillion", "1,2 billones de dólares"),
        ("$1.2 trillion", "1 200 milliards de dollars"),
        ("$1.2 trillion", "1,2 Billionen Dollar"),
        ("141,600 jobs", "141.600 empleos"),
        ("141,600 jobs", "141 600 emplois"),
        ("141,600 jobs", "١٤١٬٦٠٠ وظيفة"),
        ("230,000 regulators", "230 ألف منظم"),
        (
            "Obama's plan would leave 15 million Americans out",
            "would leave 15-million Americans out",
        ),
        ("300K home owners", "300,000 home owners"),
        ("47th", "47e sur 50"),
        ("ranked 47th", "47.º puesto"),
        ("twenty-five states", "25 states"),
        ("veinticinco estados", "25 states"),
        ("fünfundzwanzig Staaten", "25 states"),
        ("خمسة وعشرون ولاية", "25 states"),
        ("quatre-vingt-dix pour cent", "90 percent"),
        ("a million jobs", "un millón de empleos"),
        ("four straight years", "for 4 years"),
    ],
)
def test_one_figure_written_two_ways_does_not_differ(first, second):
    assert not compare_figures(first, second).differ, (
        extract_figures(first),
        extract_figures(second),
    )


def test_a_figure_left_out_is_an_omission_not_a_change():
    # "47th" against "47th out of 50": the second says more, nothing was replaced.
    comparison = compare_figures("ranked 47th", "ranked 47th out of 50 states")
    assert not comparison.differ
    assert [f.value for f in comparison.only_in_second] == [50]


def test_repeated_figures_are_counted():
    assert compare_figures("5 and 5 percent", "5 and 6 percent").differ


def test_kinds_are_read_for_display():
    assert kinds("ranked 47th") == {"ordinal"}
    assert kinds("$700 billion") == {"money"}
    assert kinds("3.5%") == {"percent"}
    assert kinds("since 1988") == {"year"}
    assert kinds("in January") == {"month"}
    assert kinds("about 70 cents") == {"number"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,500", [Decimal(1500)]),
        ("1.500", [Decimal(1500)]),
        ("3,5", [Decimal("3.5")]),
        ("1,234,567.89", [Decimal("1234567.89")]),
        ("1.234.567,89", [Decimal("1234567.89")]),
        ("2.1 million", [Decimal(2100000)]),
        ("2,1 millones", [Decimal(2100000)]),
        ("$5k", [Decimal(5000)]),
        ("in 2014 140 people", [Decimal(140), Decimal(2014)]),
        ("05, 06, 07", [Decimal(5), Decimal(6), Decimal(7)]),
    ],
)
def test_separators_are_read_by_the_shape_of_the_number(text, expected):
    assert values(text) == expected


def test_digits_of_other_scripts_are_read():
    assert values("٤٧") == [Decimal(47)]  # Arabic-Indic
    assert values("۴۷") == [Decimal(47)]  # Extended Arabic-Indic (Persian)
    assert values("४७") == [Decimal(47)]  # Devanagari
    assert values("٣٫٥٪") == [Decimal("3.5")]  # Arabic decimal separator and percent sign


@pytest.mark.parametrize(
    "text",
    [
        "He once wanted a wall",  # "once" is 11 only in Spanish
        "They want to seize the land",  # "seize" is 16 only in French
        "millions of jobs",  # a vague plural is no figure
        "one of the states",  # "one" is as often a pronoun as a count
        "a 3.5 per cent rise",  # "cent" after "per" is not a hundred
    ],
)
def test_words_that_only_look_like_numbers_are_not_figures(text):
    assert values(text) in ([], [Decimal("3.5")])


def test_french_and_german_billion_is_a_million_millions():
    assert values("un billion de dollars pour la France") == [Decimal(10) ** 12]
    assert values("a billion dollars for the state") == [Decimal(10) ** 9]


def test_months_compare_with_months_only():
    # "March" is not the figure 3.
    assert not compare_figures("3 jobs in January", "3 jobs in enero").differ
    assert compare_figures("in January 2009", "in February 2009").differ
    assert not compare_figures("3 times", "March").differ
