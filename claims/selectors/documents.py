"""The public index's documents as the API serves them (``PublishedClaim.document``,
``PublishedVerdict.document``, written by the revision services from the latest
revisions), handed out as PostgreSQL writes them: one statement per page, never parsed
or rebuilt in Python, and never read from the newsroom's working rows.

The API's ``ClaimSerializer`` and ``VerdictWithClaimSerializer`` stay the definition of
these documents in its OpenAPI schema; ``tests/api/test_claim_documents.py`` holds what
is served to that schema, key for key and type for type.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.aggregates import JSONBAgg
from django.db.models import (
    BooleanField,
    F,
    Func,
    JSONField,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Coalesce, Concat, JSONObject

from claims.models import PublishedClaim, PublishedTranslation, PublishedVerdict
from factcheck.base.jsonsql import JSONText

# What a verdict item says of its claim (the API's ``ClaimBriefSerializer``), from the
# claim's stored document.
CLAIM_BRIEF = ("slug", "text", "speaker", "claimed_on", "language")


class JSONBMerge(Func):
    """``a || b`` on jsonb: ``a`` with the keys of ``b`` added."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = JSONField()


def _page_only(rows: QuerySet[Any], document: Any) -> Subquery:
    """``document`` of the outer row, written only for the rows a page keeps: a correlated
    subquery costs PostgreSQL enough to write it after the sort and the limit (a plain
    expression is written for every matching row, then sorted: five times slower for a
    filter matching thousands of claims)."""
    own = rows.filter(pk=OuterRef("pk")).order_by().values(served=document)
    return Subquery(own[:1], output_field=TextField())


def _translations(field: str) -> Coalesce:
    """The published translations of our verdict on the outer row (``field``: "claim_id"
    for a claim, "original_id" for the verdict itself), in language order, as the API's
    ``TranslationSerializer`` lists them: read from their index in the row's own
    statement (no query of their own), out of date when the original was corrected
    since (claims.models.published_translations)."""
    item = JSONObject(
        language=F("language"),
        url=F("url"),
        headline=F("headline"),
        out_of_date=Func(
            F("current"), template="NOT %(expressions)s", output_field=BooleanField()
        ),
    )
    listed = (
        PublishedTranslation.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(items=JSONBAgg(item, order_by="language"))
        .values("items")
    )
    return Coalesce(Subquery(listed), Value([], output_field=JSONField()))


def served_claim(api_base: str) -> Subquery:
    """A ``PublishedClaim``'s document with its ``url`` (``api_base``, the claims list's
    absolute URL, + slug + "/") and the translations of our verdict on it, as JSON text."""
    url = Concat(Value(api_base, output_field=TextField()), F("slug"), Value("/"))
    added = JSONObject(url=url, translations=_translations("claim_id"))
    document = JSONText(JSONBMerge(F("document"), added))
    return _page_only(PublishedClaim.objects.all(), document)


def served_verdict() -> Subquery:
    """A ``PublishedVerdict``'s document with its claim's brief and its translations (ours
    only have any), as JSON text."""
    brief = JSONObject(**{key: KeyTransform(key, "claim__document") for key in CLAIM_BRIEF})
    added = JSONObject(claim=brief, translations=_translations("original_id"))
    document = JSONText(JSONBMerge(F("document"), added))
    return _page_only(PublishedVerdict.objects.all(), document)
