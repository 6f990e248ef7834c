"""Text helpers shared by the figure and wording comparisons: one normal form, words, and
a rough language guess for the few words whose meaning depends on the language."""

from __future__ import annotations

import re
import unicodedata

# Arabic writes its own decimal and thousands separators and percent sign; spaces inside
# numbers ("141 600") are often no-break or thin spaces.
_CHARACTER_MAP = str.maketrans(
    {
        "\u066b": ".",  # ARABIC DECIMAL SEPARATOR
        "\u066c": ",",  # ARABIC THOUSANDS SEPARATOR
        "\u066a": "%",  # ARABIC PERCENT SIGN
        "\u060c": ",",  # ARABIC COMMA (between words, never inside a number)
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2019": "'",
        "\u2018": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u0640": "",  # ARABIC TATWEEL, a stretch of the line, not a letter
    }
)


def ascii_digits(text: str) -> str:
    """Every decimal digit of any script ("٤٧", "४७", "47") as an ASCII digit.

    Only characters of category Nd: `str.isdigit()` is also true for "²", which is not a
    digit of a number (see DESIGN.md)."""
    out = []
    for char in text:
        if char.isascii() or unicodedata.category(char) != "Nd":
            out.append(char)
        else:
            out.append(str(unicodedata.decimal(char)))
    return "".join(out)


def normalise(text: str) -> str:
    """Lower case, ASCII digits, one kind of space, apostrophe and dash, no accents or
    Arabic vowel marks (combining marks), so that word lists need one spelling each."""
    text = ascii_digits(unicodedata.normalize("NFKC", text)).translate(_CHARACTER_MAP)
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    # The hamza forms of alif carry the same word (U+0623, U+0625, U+0622 → U+0627).
    stripped = stripped.replace("\u0623", "\u0627").replace("\u0625", "\u0627")
    return stripped.replace("\u0622", "\u0627").replace("\u0649", "\u064a")


WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def words(normalised: str) -> list[str]:
    """The words of a normalised text, keeping "n't" and "l'" attached to their word."""
    return WORD.findall(normalised)


def _set(listed: str) -> frozenset[str]:
    return frozenset(listed.split())


_STOPWORDS = {
    "es": _set(
        "el la los las que del por con una para y en se su sus al lo es son ha han fue "
        "este esta mas pero como desde hasta sobre entre cada de en"
    ),
    "fr": _set(
        "le la les des du que est une pour et dans au aux sur par ont sont ce cette qui "
        "ses leur pas plus avec entre chaque depuis de en nos vos"
    ),
    "de": _set(
        "der die das und ist den dem nicht mit ein eine einen im von zu auf sich bei wird "
        "hat haben sind des fur dass als seit wir jedes jahr wenn etwa nach aus oder wurde "
        "werden nur auch noch uber lebt"
    ),
    "en": _set(
        "the of and that is for to was has with in a are have will by than from this "
        "on at its their be been"
    ),
}
# French elides articles and pronouns into the next word: "l'industrie", "d'emplois".
_FRENCH_ELISION = re.compile(r"^(?:l|d|qu|n|s|c|j)'")


def guess_language(normalised: str) -> str:
    """ "ar", "es", "fr", "de" or "en": enough to read "billion" (10^9 in English, 10^12
    in French, German and Spanish) and the order of a slashed date; no more is asked of it."""
    if re.search(r"[\u0600-\u06ff]", normalised):
        return "ar"
    tokens = words(normalised)
    scores = {lang: sum(t in stop for t in tokens) for lang, stop in _STOPWORDS.items()}
    scores["fr"] += sum(bool(_FRENCH_ELISION.match(t)) for t in tokens)
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > scores["en"] else "en"
