"""Numbers written in words ("five hundred", "quinientos", "cinq cents", "fünfhundert",
"خمسمائة") and the magnitude and month words of English, Spanish, French, German and
Arabic, in the normal form of `text.normalise` (lower case, no accents).

"One" and its translations are not read as a figure on their own: "un", "ein" and "one"
are as often an article or a pronoun ("one of the states") as a count, and a figure read
on one side only would count as an omission at best. A magnitude word alone is one of it
("a million jobs", "un millón", "مليون"): plurals without a number ("millions of jobs")
are no figure.
"""

from __future__ import annotations

from decimal import Decimal

_E = Decimal(10)

SCALE_WORDS: dict[str, Decimal] = {
    # English
    "thousand": _E**3,
    "k": _E**3,
    "million": _E**6,
    "millions": _E**6,
    "m": _E**6,
    "mn": _E**6,
    "mln": _E**6,
    "billion": _E**9,  # 10^12 in French, German and Spanish texts (figures._scale_after)
    "billions": _E**9,
    "bn": _E**9,
    "b": _E**9,
    "bln": _E**9,
    "trillion": _E**12,
    "trillions": _E**12,
    "tn": _E**12,
    # Spanish: "mil millones" is 10^9, "billón" 10^12
    "mil": _E**3,
    "millon": _E**6,
    "millones": _E**6,
    "billon": _E**12,
    "billones": _E**12,
    # French
    "mille": _E**3,
    "milliers": _E**3,
    "milliard": _E**9,
    "milliards": _E**9,
    # German
    "tausend": _E**3,
    "mio": _E**6,
    "millionen": _E**6,
    "milliarde": _E**9,
    "milliarden": _E**9,
    "mrd": _E**9,
    "billionen": _E**12,
    # Arabic
    "الف": _E**3,
    "الاف": _E**3,
    "مليون": _E**6,
    "ملايين": _E**6,
    "مليار": _E**9,
    "مليارات": _E**9,
    "بليون": _E**9,
    "تريليون": _E**12,
    "تريليونات": _E**12,
}


def scale_of(word: str, language: str) -> Decimal | None:
    """The magnitude a word stands for in a text of `language`: "billion" is 10^9 in
    English and 10^12 (the long scale) in French, German and Spanish."""
    if word in {"billion", "billions"} and language in {"fr", "de", "es"}:
        return _E**12
    return SCALE_WORDS.get(word)


# Singular magnitude words that count as one of them when no number precedes.
_ALONE = {
    "thousand",
    "million",
    "billion",
    "trillion",
    "millon",
    "billon",
    "milliard",
    "tausend",
    "milliarde",
    "الف",
    "مليون",
    "مليار",
    "تريليون",
}


def _counted(words: str, start: int, step: int = 1) -> dict[str, int]:
    return {word: start + step * i for i, word in enumerate(words.split())}


# Per language: a word of one language may be another word in the next ("once" is 11 in
# Spanish, "seize" 16 in French).
_UNITS_BY_LANGUAGE: dict[str, dict[str, int]] = {
    "en": _counted(
        "two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen",
        2,
    )
    | _counted("twenty thirty forty fifty sixty seventy eighty ninety", 20, 10),
    "es": _counted(
        "dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
        "dieciseis diecisiete dieciocho diecinueve",
        2,
    )
    | _counted("veinte treinta cuarenta cincuenta sesenta setenta ochenta noventa", 20, 10)
    | _counted(
        "doscientos trescientos cuatrocientos quinientos seiscientos setecientos "
        "ochocientos novecientos",
        200,
        100,
    )
    | _counted("veintidos veintitres veinticuatro veinticinco veintiseis veintisiete", 22)
    | {"veintiocho": 28, "veintinueve": 29},
    # "quatre-vingt" is read as 4 x 20 in read_number_words
    "fr": _counted(
        "deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize",
        2,
    )
    | _counted("vingt trente quarante cinquante soixante", 20, 10),
    # compounds such as "siebenundvierzig" are split in _german
    "de": _counted(
        "zwei drei vier funf sechs sieben acht neun zehn elf zwolf dreizehn vierzehn "
        "funfzehn sechzehn siebzehn achtzehn neunzehn",
        2,
    )
    | _counted("zwanzig dreissig vierzig funfzig sechzig siebzig achtzig neunzig", 20, 10)
    | {"dreißig": 30},
    # masculine and feminine forms, nominative and oblique tens
    "ar": {
        "اثنان": 2,
        "اثنين": 2,
        "ثلاثة": 3,
        "ثلاث": 3,
        "اربعة": 4,
        "اربع": 4,
        "خمسة": 5,
        "خمس": 5,
        "ستة": 6,
        "سبعة": 7,
        "سبع": 7,
        "ثمانية": 8,
        "ثماني": 8,
        "تسعة": 9,
        "تسع": 9,
        "عشرة": 10,
        "عشر": 10,
        "عشرون": 20,
        "عشرين": 20,
        "ثلاثون": 30,
        "ثلاثين": 30,
        "اربعون": 40,
        "اربعين": 40,
        "خمسون": 50,
        "خمسين": 50,
        "ستون": 60,
        "ستين": 60,
        "سبعون": 70,
        "سبعين": 70,
        "ثمانون": 80,
        "ثمانين": 80,
        "تسعون": 90,
        "تسعين": 90,
        "مائتان": 200,
        "مائتين": 200,
        "ثلاثمائة": 300,
        "اربعمائة": 400,
        "خمسمائة": 500,
        "ستمائة": 600,
        "سبعمائة": 700,
        "ثمانمائة": 800,
        "تسعمائة": 900,
    },
}
_HUNDRED_BY_LANGUAGE = {
    "en": {"hundred"},
    "es": {"cien", "ciento", "cientos"},
    "fr": {"cent", "cents"},
    "de": {"hundert"},
    "ar": {"مائة", "مئة"},
}

# Words that may join number words without ending the number.
_JOINERS = {"and", "y", "et", "und", "و"}

_GERMAN = _UNITS_BY_LANGUAGE["de"]
_GERMAN_UNITS = {w: n for w, n in _GERMAN.items() if n < 10} | {"ein": 1}


def _german(token: str) -> int | None:
    """German writes numbers below a million as one word: "siebenundvierzig" (7 + 40),
    "fünfhundert" (5 x 100), "zweitausend"."""
    for scale_word, scale in (("tausend", 1000), ("hundert", 100)):
        head, found, tail = token.partition(scale_word)
        if found and (head or tail):
            high = _german(head) if head else 1
            low = _german(tail) if tail else 0
            if high is None or low is None:
                return None
            return high * scale + low
    head, found, tail = token.partition("und")
    if found and head in _GERMAN_UNITS and _GERMAN.get(tail, 0) >= 20:
        return _GERMAN_UNITS[head] + _GERMAN[tail]
    return _GERMAN.get(token)


# A word that is a number in one language and something else in another is read only in
# a text guessed to be in its language: "once" (es 11), "seize" (fr 16), "sept" (fr 7,
# en "Sept."), "elf" (de 11), "dos" (es 2), "cent" (fr 100, en one cent), "mil" (es 1000).
_AMBIGUOUS = {"once", "seize", "sept", "elf", "dos", "cent", "cents", "mil"}
_ALL_UNITS = {
    word: value
    for units in _UNITS_BY_LANGUAGE.values()
    for word, value in units.items()
    if word not in _AMBIGUOUS
}
_ALL_HUNDREDS = set().union(*_HUNDRED_BY_LANGUAGE.values()) - _AMBIGUOUS


def _word_value(token: str, language: str, previous: str) -> tuple[str, Decimal] | None:
    """("unit" | "hundred" | "scale", value) for a number word, else None. Arabic words
    may carry "and" as a prefix: "وعشرون" is "and twenty"."""
    units = _ALL_UNITS | {
        w: v for w, v in _UNITS_BY_LANGUAGE.get(language, {}).items() if w in _AMBIGUOUS
    }
    if token.startswith("و") and len(token) > 3 and token[1:] in units:
        token = token[1:]
    hundreds = _ALL_HUNDREDS | (_HUNDRED_BY_LANGUAGE.get(language, set()) & _AMBIGUOUS)
    if token in hundreds and previous not in {"pour", "per"}:
        return ("hundred", Decimal(100))
    scale = scale_of(token, language)
    if scale is not None and len(token) > 3 and token not in _NOT_ALONE:
        return ("scale", scale)
    if token == "mil" and language == "es":
        return ("scale", SCALE_WORDS[token])
    if token in units:
        return ("unit", Decimal(units[token]))
    if token.isascii() and ("und" in token or "hundert" in token or "tausend" in token):
        value = _german(token)
        if value is not None and value > 1:
            return ("unit", Decimal(value))
    return None


# Plurals of magnitude words without a number are vague ("millions of jobs").
_NOT_ALONE = {"millions", "billions", "trillions", "milliers"}


def read_number_words(tokens: list[str], language: str) -> list[tuple[Decimal, str]]:
    """Numbers written in words among `tokens`, with the words that spelled them. Numbers
    written with digits and followed by a magnitude word are `figures`' business: a scale
    word right after a digit is skipped here."""
    found: list[tuple[Decimal, str]] = []
    total = current = Decimal(0)
    spelled: list[str] = []
    seen_number = False

    def close() -> None:
        nonlocal total, current, spelled, seen_number
        if seen_number:
            found.append((total + current, " ".join(spelled)))
        total = current = Decimal(0)
        spelled, seen_number = [], False

    for index, token in enumerate(tokens):
        for part in token.split("-"):
            read = _word_value(part, language, tokens[index - 1] if index else "")
            after_digits = index > 0 and tokens[index - 1][:1].isdigit()
            if read is None or (read[0] != "unit" and after_digits and not spelled):
                if not (part in _JOINERS and seen_number):
                    close()
                continue
            kind, value = read
            if kind == "unit":
                if part == "vingt" and spelled and spelled[-1] in {"quatre", "quatre-vingt"}:
                    current = current - 4 + 80  # quatre-vingt: 4 x 20
                else:
                    current += value
            elif kind == "hundred":
                current = (current or Decimal(1)) * value
            else:
                if not seen_number and part not in _ALONE:
                    close()
                    continue
                total += (current or Decimal(1)) * value
                current = Decimal(0)
            spelled.append(part)
            seen_number = True
    close()
    return found


MONTHS: dict[str, int] = {
    # English "may" and "march" are verbs and nouns far more often than months; "May 2012"
    # still yields its year.
    **{
        month: number
        for month, number in _counted(
            "january february _ april _ june july august september october november december",
            1,
        ).items()
        if month != "_"
    },
    **_counted(
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
        1,
    ),
    **_counted(
        "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre",
        1,
    ),
    **_counted(
        "januar februar marz april mai juni juli august september oktober november dezember", 1
    ),
    **_counted("يناير فبراير مارس ابريل مايو يونيو يوليو اغسطس سبتمبر اكتوبر نوفمبر ديسمبر", 1),
}


# Ordinal words up to the tenth: "the second year" against "the first year" is a changed
# figure. "Second" is also a unit of time, which a faithful rewording keeps anyway.
ORDINALS: dict[str, int] = {
    word: number
    for number, spellings in enumerate(
        (
            "first primer primero primera premier premiere erste ersten erster erstes "
            "اول الاول الاولى",
            "second segundo segunda deuxieme seconde zweite zweiten zweiter zweites "
            "ثاني الثاني الثانية",
            "third tercer tercero tercera troisieme dritte dritten dritter drittes "
            "ثالث الثالث الثالثة",
            "fourth cuarto cuarta quatrieme vierte vierten vierter رابع الرابع الرابعة",
            "fifth quinto quinta cinquieme funfte funften funfter خامس الخامس الخامسة",
            "sixth sexto sexta sixieme sechste sechsten sechster سادس السادس",
            "seventh septimo septima septieme siebte siebten siebter سابع السابع",
            "eighth octavo octava huitieme achte achten achter ثامن الثامن",
            "ninth noveno novena neuvieme neunte neunten neunter تاسع التاسع",
            "tenth decimo decima dixieme zehnte zehnten zehnter عاشر العاشر",
        ),
        1,
    )
    for word in spellings.split()
}
