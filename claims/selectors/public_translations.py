"""Public reads of the translations of our verdicts from their index
(``PublishedTranslation``, served from ``claims.selectors.public``): which claims a
language's readers can read (``language=``, ``languageCode``), and which translation a
search result leads to. Their words are searched with the claims' own
(``claims.selectors.public_search.matching``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, JSONField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import JSONObject

from claims.models import PublishedClaim, PublishedTranslation
from claims.selectors.public_search import in_their_language, language_tagged


@dataclass(frozen=True)
class TranslationHit:
    """The translation a search result leads to: its page, and the claim and headline in
    its words."""

    language: str
    url: str
    headline: str
    claim_text: str


def current_translations_in(tag: str) -> QuerySet[PublishedTranslation]:
    """The current translations (of their original's latest revision) into the language
    of ``tag`` (by its primary subtag, as ``in_language``)."""
    return PublishedTranslation.objects.filter(language_tagged(tag), current=True)


def claims_in_language(rows: QuerySet[Any], tag: str) -> QuerySet[Any]:
    """Public claims (``PublishedClaim`` rows) readers of ``tag``'s language can read: in
    it, or with our verdict on them currently translated into it."""
    translated = current_translations_in(tag).values("claim_id")
    return rows.filter(language_tagged(tag) | Q(pk__in=translated))


def verdicts_in_language(rows: QuerySet[Any], tag: str) -> QuerySet[Any]:
    """Public verdicts (``PublishedVerdict`` rows) on claims in ``tag``'s language, and
    ours currently translated into it."""
    translated = current_translations_in(tag).values("original_id")
    return rows.filter(language_tagged(tag, "claim__language") | Q(pk__in=translated))


def translation_into(tag: str) -> Subquery:
    """For ``PublishedClaim`` rows: the current translation of our verdict on the claim
    into ``tag``'s language, as a dict (``original_id``, ``language``, ``url``,
    ``headline``, ``claim_text``, ``rating_label``, ``first_published``), or None: read in
    the claims' own statement."""
    fields = ("original_id", "language", "url", "headline", "claim_text", "rating_label")
    found = (
        current_translations_in(tag)
        .filter(claim_id=OuterRef("pk"))
        .order_by("language")
        .values(
            found=JSONObject(
                **{name: F(name) for name in fields}, first_published=F("first_published")
            )
        )
    )
    return Subquery(found[:1], output_field=JSONField())


def search_hits(
    claim_ids: Sequence[int], text: str, *, language: str | None
) -> dict[int, TranslationHit]:
    """For a page of search results (``claim_ids``, matching ``text``): the translation
    each result leads a reader of ``language`` to, by claim: the current one in their
    language, else one whose words matched where the claim's own did not (an Arabic word
    finds an English claim by its Arabic translation: the result is that translation).
    One query, whatever the page's length."""
    if not claim_ids:
        return {}
    own = PublishedClaim.objects.filter(pk=OuterRef("claim_id")).filter(in_their_language(text))
    rows = (
        PublishedTranslation.objects.filter(claim_id__in=list(claim_ids), current=True)
        .annotate(hit=in_their_language(text), own_hit=Exists(own))
        .only("claim_id", "language", "url", "headline", "claim_text")
        .order_by("claim_id", "language")
    )
    asked = (language or "").split("-", 1)[0].lower()
    found: dict[int, TranslationHit] = {}
    for row in rows:
        theirs = row.language.split("-", 1)[0].lower() == asked
        if not theirs and (not row.hit or row.own_hit or row.claim_id in found):
            continue
        found[row.claim_id] = TranslationHit(row.language, row.url, row.headline, row.claim_text)
    return found
