"""Claim suggestions for an article: the statements a fact-checker would look at first.
Pure Python on the text alone (no database), so it can be tested on any text.

Two kinds:
- quoted statements with the speaker the article attributes them to: ‘…,’ said X;
  "…," X said; X said: "…"; a quote continuing the previous speaker's words; and
  "the diplomat" resolved to an earlier "a Qatari diplomat";
- sentences with checkable content: numbers, dates, named officials or institutions,
  superlatives; with "according to X" as their speaker.
Each suggestion has a check-worthiness score from 0 to 1 and the reasons for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ABBREVIATIONS = (
    "U.S.",
    "U.K.",
    "U.N.",
    "E.U.",
    "Dr.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Prof.",
    "Sen.",
    "Rep.",
    "Gov.",
    "Gen.",
    "Col.",
    "Lt.",
    "Sgt.",
    "St.",
    "Jr.",
    "Sr.",
    "No.",
    "vs.",
    "e.g.",
    "i.e.",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Aug.",
    "Sept.",
    "Sep.",
    "Oct.",
    "Nov.",
    "Dec.",
)
VERBS = (
    r"said|says|say|told|tells|added|adds|argued|argues|noted|notes|stated|states|claimed|"
    r"claims|explained|explains|warned|warns|insisted|insists|declared|declares|wrote|writes|"
    r"asserted|asserts|maintained|maintains|recalled|recalls|acknowledged|acknowledges"
)
# Quote marks: curly singles (the closing one is not an apostrophe inside a word),
# curly doubles, straight doubles.
QUOTE = re.compile(r"‘(?P<a>[^‘]+?)’(?![A-Za-z])|“(?P<b>[^“”]+)”|\"(?P<c>[^\"]+)\"")
AFTER = re.compile(
    rf"^[,.]?\s*(?:(?:{VERBS})\s+(?P<after>[^,.;:!?‘’“”\"]{{2,80}}?)(?=[,.;:!?]|\s+(?:in|on|at|to|during|when|who)\b|$)"
    rf"|(?P<before>[^,.;:!?‘’“”\"]{{2,60}}?)\s+(?:{VERBS})\b)"
)
BEFORE = re.compile(
    rf"(?P<who>[A-Z][^,.;:!?‘’“”\"]{{1,60}}?)\s+(?:{VERBS})\b[^.!?‘’“”\"]{{0,60}}?[:,]?\s*$"
)
ACCORDING = re.compile(r"\b[Aa]ccording to (?P<who>[^,.;:]{2,80}?)(?=[,.;:])")
NUMBER = re.compile(r"\b\d[\d,.]*\s*(?:%|percent|per cent|million|billion|thousand)?")
MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December"
DATE = re.compile(rf"\b(?:{MONTHS})(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?\b|\b(?:19|20)\d{{2}}\b")
TITLES = re.compile(
    r"\b(?:President|Prime Minister|Minister|Senator|Governor|Mayor|Secretary|Chancellor|"
    r"Ambassador|Spokesperson|Spokesman|Spokeswoman|Congress|Parliament|Government|Ministry|"
    r"Court|Army|Police|University|Bank|Agency|Council|Commission)\b"
)
SUPERLATIVE = re.compile(
    r"\b(?:most|least|largest|biggest|highest|lowest|greatest|first|only|never|record)\b|\b\w{3,}est\b",
    re.I,
)
HEDGES = re.compile(r"\b(?:could|might|may|would|if|perhaps|hope|believe|think|feel)\b", re.I)
OPINION = re.compile(r"\b(?:critical|tired|anguish|hope|should|must|victory|betrayal)\b", re.I)
PRONOUN_SPEAKERS = {"he", "she", "they", "it", "we", "i", "you"}
# "Dr. Amira Khalil": a title's full stop is not the end of the speaker's name.
TITLE_DOT = re.compile(r"\b(Dr|Mr|Mrs|Ms|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|St)\. ")
HELD = "\u2024"  # one-dot leader, standing in for the title's full stop


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "quote" or "sentence"
    text: str
    speaker: str
    score: float
    reasons: tuple[str, ...] = field(default=())

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def _normalise(text: str) -> str:
    return " ".join(_lines(text))


def _lines(text: str) -> list[str]:
    """Lines of running text: a line ends a sentence (a headline, a paragraph) unless it
    ends in an abbreviation ("Former U.S." / "President…") or the next goes on in lower case."""
    merged: list[str] = []
    for line in (" ".join(raw.split()) for raw in text.replace("\u00a0", " ").splitlines()):
        if not line:
            continue
        if merged and (
            merged[-1].endswith(ABBREVIATIONS)
            or (
                not merged[-1].endswith((".", "!", "?", "’", "”", '"', ":")) and line[:1].islower()
            )
        ):
            merged[-1] += " " + line
        else:
            merged.append(line)
    return merged


def sentences(text: str) -> list[str]:
    """Sentences of ``text``, not split after "U.S." or "Dr." (nor inside a quotation)."""
    found = []
    for line in _lines(text):
        protected = line
        for number, abbreviation in enumerate(ABBREVIATIONS):
            protected = protected.replace(abbreviation, f"\x01{number}\x02")
        for part in re.split(r"(?<=[.!?])(?:[’”\"])?\s+(?=[‘“\"A-Z0-9*])", protected):
            for number, abbreviation in enumerate(ABBREVIATIONS):
                part = part.replace(f"\x01{number}\x02", abbreviation)
            if part.strip():
                found.append(part.strip())
    return found


def _clean_speaker(who: str) -> str:
    who = " ".join(who.replace("*", "").split()).strip(" ,")
    who = re.sub(
        r"^(?:one|a single)\s+",
        "an " if re.match(r"^(?:one|a single)\s+[aeiouAEIOU]", who) else "a ",
        who,
    )
    return who


def _resolve(who: str, flat: str, upto: int) -> str:
    """ "the diplomat" → an earlier "a Qatari diplomat"; "the governor" → an earlier
    "Governor Mike DeWine": the fullest earlier mention, when there is one."""
    match = re.match(r"^[Tt]he\s+(?P<head>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)$", who)
    if not match:
        return who
    head = match.group("head").split()[-1]
    titled = list(
        re.finditer(rf"\b{re.escape(head.capitalize())}(?:\s+[A-Z][\w'’-]+){{1,3}}", flat[:upto])
    )
    if titled:
        return titled[-1].group(0)
    earlier = list(
        re.finditer(rf"\b(?:[Aa]n?|[Oo]ne)\s+(?:[\w-]+\s+){{0,4}}{re.escape(head)}\b", flat[:upto])
    )
    return (
        _clean_speaker(earlier[-1].group(0)).replace("A ", "a ", 1).replace("An ", "an ", 1)
        if earlier
        else who
    )


def _features(text: str) -> tuple[float, list[str]]:
    score, reasons = 0.0, []
    if DATE.search(text):
        score += 0.3
        reasons.append("gives a date")
    numbers = [n for n in NUMBER.findall(text) if not DATE.fullmatch(n.strip())]
    if (numbers and not DATE.search(text)) or len(numbers) > 1:
        score += 0.25
        reasons.append("contains a number")
    if TITLES.search(text):
        score += 0.15
        reasons.append("names an official or institution")
    if SUPERLATIVE.search(text):
        score += 0.15
        reasons.append("makes a superlative or absolute claim")
    if HEDGES.search(text):
        score -= 0.15
        reasons.append("hedged or hypothetical")
    if OPINION.search(text):
        score -= 0.1
        reasons.append("reads partly as opinion")
    return score, reasons


def suggest(text: str, *, limit: int = 30) -> list[Suggestion]:
    """The suggestions for ``text``, most check-worthy first."""
    flat = _normalise(text)
    found: list[Suggestion] = []
    quoted_spans: list[tuple[int, int]] = []
    last_speaker, last_end = "", -1
    for match in QUOTE.finditer(flat):
        quote = (match.group("a") or match.group("b") or match.group("c") or "").strip(" ,")
        if len(quote.split()) < 3:
            continue  # a phrase in quotes, not a statement
        raw = match.group(0)[1:-1].rstrip()
        # A quote that ends its sentence ("…90,000.") takes no speaker from what follows.
        open_ended = not raw.endswith((".", "!", "?"))
        tail = TITLE_DOT.sub(rf"\1{HELD} ", flat[match.end() : match.end() + 160])
        after = AFTER.match(tail) if open_ended else None
        before = BEFORE.search(
            TITLE_DOT.sub(rf"\1{HELD} ", flat[max(0, match.start() - 100) : match.start()])
        )
        who = ""
        if after:
            who = after.group("after") or after.group("before") or ""
        elif before:
            who = before.group("who")
        elif last_speaker and match.start() - last_end < 200:
            who = last_speaker  # the same speaker goes on
        who = _clean_speaker(who.replace(HELD, "."))
        if who.lower() in PRONOUN_SPEAKERS:
            who = last_speaker
        who = _resolve(who, flat, match.start())
        score, reasons = _features(quote)
        reasons.insert(
            0,
            f"quoted statement attributed to {who}"
            if who
            else "quoted statement, speaker not named",
        )
        found.append(
            Suggestion(
                "quote", quote, who, round(min(1.0, max(0.05, 0.5 + score)), 2), tuple(reasons)
            )
        )
        quoted_spans.append(match.span())
        if who:
            last_speaker, last_end = who, match.end()
    for sentence in sentences(text):
        if any(
            flat.find(sentence) <= s < flat.find(sentence) + len(sentence) for s, _ in quoted_spans
        ):
            continue  # its quotation is suggested already
        score, reasons = _features(sentence)
        if score < 0.3 or len(sentence.split()) < 6:
            continue
        according = ACCORDING.search(sentence)
        who = _clean_speaker(according.group("who")) if according else ""
        if who:
            reasons.insert(0, f"attributed to {who}")
        found.append(
            Suggestion("sentence", sentence, who, round(min(1.0, 0.2 + score), 2), tuple(reasons))
        )
    found.sort(key=lambda s: -s.score)
    return found[:limit]
