"""Telling the language of a text that does not say it (an imported review without
``inLanguage``), among the languages the newsroom configured
(``FACTCHECK_DETECT_LANGUAGES``), with lingua: its models ship inside the wheel, so it
works offline. A guess that is not confident is "und" (BCP 47's "undetermined"), never a
silent "en"."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from lingua import IsoCode639_1, LanguageDetector, LanguageDetectorBuilder

UNDETERMINED = "und"
# Below this, lingua's best guess is as likely wrong as right on a short claim: a
# three-word English sentence scores ~0.6 among six languages, a French one ~0.99.
MIN_CONFIDENCE = 0.5


@cache
def _detector(codes: tuple[str, ...]) -> LanguageDetector:
    known = {
        name.lower(): getattr(IsoCode639_1, name) for name in dir(IsoCode639_1) if name.isupper()
    }
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ImproperlyConfigured(
            f"FACTCHECK_DETECT_LANGUAGES lists languages lingua cannot detect: {unknown}."
        )
    if len(codes) == 1:  # lingua needs two to compare; one alone is always the answer
        codes = (*codes, "en" if codes[0] != "en" else "fr")
    return LanguageDetectorBuilder.from_iso_codes_639_1(*(known[c] for c in codes)).build()


def detect_language(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language among the configured ones, or "und"."""
    codes = tuple(settings.FACTCHECK_DETECT_LANGUAGES)
    if not codes or not text.strip():
        return UNDETERMINED
    values = _detector(codes).compute_language_confidence_values(text)
    if not values or values[0].value < MIN_CONFIDENCE:
        return UNDETERMINED
    code = values[0].language.iso_code_639_1.name.lower()
    return code if code in codes else UNDETERMINED
