"""Opposite wording between two claims: negations and antonym pairs, in English, Spanish,
French, German and Arabic (claims/matching/polarity.py)."""

from __future__ import annotations

import pytest

from claims.matching.polarity import compare_wording, read_wording


# The examples first, then the same turns in the other languages.
@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "The governor kept his promise on pensions",
            "The governor ended his promise on pensions",
        ),
        ("The council raised property taxes", "The council cut property taxes"),
        ("The senator never voted for the bill", "The senator did vote for the bill"),
        ("The senator did not vote for the bill", "The senator voted for the bill"),
        ("Unemployment is no longer falling", "Unemployment is falling"),
        ("The mayor didn't raise fares", "The mayor raised fares"),
        ("The mayor didnt raise fares", "The mayor raised fares"),  # LIAR drops apostrophes
        ("Wages rose last year", "Wages fell last year"),
        ("Prices increased sharply", "Prices decreased sharply"),
        ("There are more teachers than in 2010", "There are fewer teachers than in 2010"),
        ("The party won the seat", "The party lost the seat"),
        ("She supports the ban", "She opposes the ban"),
        ("The state allowed fracking", "The state banned fracking"),
        ("The plan would hire 20,000 teachers", "The plan would lay off 20,000 teachers"),
        ("Rates are 10 percent above the average", "Rates are 10 percent below the average"),
        ("The budget has a surplus", "The budget has a deficit"),
        # French
        ("Il a augmenté les impôts", "Il n'a pas augmenté les impôts"),
        ("Il a augmenté les impôts", "Il n'a jamais augmenté les impôts"),
        ("Le chômage a augmenté", "Le chômage a baissé"),
        ("Le maire a soutenu la loi", "Le maire s'est opposé à la loi"),
        (
            "Le budget permettrait d'embaucher des enseignants",
            "Le budget licencierait des enseignants",
        ),
        # Spanish
        ("El gobernador apoyó la ley", "El gobernador no apoyó la ley"),
        ("El gobernador nunca apoyó la ley", "El gobernador apoyó la ley"),
        ("Los impuestos subieron", "Los impuestos cayeron"),
        ("Hay más empleos", "Hay menos empleos"),
        # German
        ("Der Senator hat das Gesetz unterstützt", "Der Senator hat das Gesetz nicht unterstützt"),
        ("Der Senator hat nie zugestimmt", "Der Senator hat zugestimmt"),
        ("Es gibt keine Steuererhöhung", "Es gibt eine Steuererhöhung"),
        ("Die Steuern wurden erhöht", "Die Steuern wurden gesenkt"),
        ("Ohio hat Arbeitsplätze gewonnen", "Ohio hat Arbeitsplätze verloren"),
        # Arabic
        ("دعم الحاكم القانون", "لم يدعم الحاكم القانون"),
        ("الحاكم يدعم القانون", "الحاكم لا يدعم القانون"),
        ("سيفوز الحزب", "لن يفوز الحزب"),
        ("الاقتصاد قوي", "الاقتصاد ليس قويا"),
        ("ارتفعت الأسعار", "انخفضت الأسعار"),
        ("خفض البرنامج الضرائب", "رفع البرنامج الضرائب"),
        # Across languages: the English claim against an opposite translation.
        (
            "David Perdue did not support the 2014 farm bill",
            "David Perdue apoyó la ley agrícola de 2014",
        ),
        ("Ohio lost 400,000 jobs", "Ohio hat 400.000 Arbeitsplätze gewonnen"),
        ("The stimulus cut taxes for 95 percent", "رفع برنامج التحفيز الضرائب على 95 في المئة"),
    ],
)
def test_opposite_wording_is_flagged(first, second):
    assert compare_wording(first, second).opposite
    assert compare_wording(second, first).opposite


# Faithful rewordings and translations keep their polarity: no flag.
@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("The senator did not vote for the bill", "The senator never voted for the bill"),
        (
            "We sell 40 percent of our guns without a background check",
            "40% of guns are sold with no background check",
        ),
        (
            "Obamacare will mean 2.1 million fewer jobs",
            "Obamacare will mean 2.1 million less jobs",
        ),
        ("The stimulus cut taxes for 95 percent", "The stimulus reduced taxes for 95 percent"),
        (
            "David Perdue did not support the 2014 farm bill",
            "David Perdue no apoyó la ley agrícola de 2014",
        ),
        (
            "David Perdue did not support the 2014 farm bill",
            "David Perdue n'a pas soutenu la loi agricole de 2014",
        ),
        (
            "David Perdue did not support the 2014 farm bill",
            "David Perdue hat das Agrargesetz von 2014 nicht unterstützt",
        ),
        (
            "David Perdue did not support the 2014 farm bill",
            "لم يدعم ديفيد بيردو قانون الزراعة لعام 2014",
        ),
        ("Ohio lost 400,000 jobs", "Ohio perdió 400.000 empleos"),
        ("Ohio lost 400,000 jobs", "L'Ohio a perdu 400 000 emplois"),
        ("Ohio lost 400,000 jobs", "خسرت أوهايو 400 ألف وظيفة"),
        # A concept taken both ways in one text is left alone.
        ("He cut taxes and raised fees", "He raised fees and cut taxes"),
        # "No. 1" is a rank, not a negation.
        ("Nevada is No. 1 in unemployment", "Nevada ranks first in unemployment"),
        # French "n'importe" is not a negation.
        ("more than in any year since 1928", "plus que n'importe quelle année depuis 1928"),
        # "Illegal" (غير شرعي) is not a negation.
        ("illegal immigrants cost money", "المهاجرون غير الشرعيين يكلفون المال"),
        # "Mayor" is an office in English, "greater" only in Spanish (left out on purpose).
        ("The mayor cut spending", "The mayor cut spending again"),
    ],
)
def test_faithful_wording_is_not_flagged(first, second):
    comparison = compare_wording(first, second)
    assert not comparison.opposite, (comparison.negation, comparison.antonyms)


def test_the_flag_says_which_words_differ():
    comparison = compare_wording("The council raised taxes", "The council cut taxes")
    assert comparison.negation is None
    assert comparison.antonyms == (("change", ("raised",), ("cut",)),)
    negated = compare_wording("He voted for it", "He never voted for it")
    assert negated.negation == ((), ("never",))


def test_arabic_prefixes_are_read_off():
    # "and he did not" and "without" written as one word with their prefix.
    assert read_wording("ولم يدعم القانون").negated
    assert read_wording("بدون تحقق").negated
    assert read_wording("والزيادة كبيرة").directions == {"change": {1}}


def test_a_word_only_one_text_carries_is_no_flag():
    # A gap in the word lists can hide a difference, never invent one.
    assert not compare_wording("Taxes were raised", "Taxes changed").opposite
