"""The API's documents, as the public index stores them (``PublishedClaim.document``,
``PublishedVerdict.document``, written by the revision services from the latest
revisions), handed out as PostgreSQL writes them: one statement per page, never parsed
or rebuilt in Python, and never read from the newsroom's working rows.

``ClaimSerializer`` and ``VerdictWithClaimSerializer`` stay the definition of these
documents in the OpenAPI schema; ``tests/api/test_claim_documents.py`` holds what is
served to that schema, key for key and type for type.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Func, JSONField, TextField, Value
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Concat, JSONObject

from factcheck.base.jsonsql import JSONText

# What a verdict item says of its claim (``ClaimBriefSerializer``), from the claim's
# stored document.
CLAIM_BRIEF = ("slug", "text", "speaker", "claimed_on", "language")


class JSONBMerge(Func):
    """``a || b`` on jsonb: ``a`` with the keys of ``b`` added."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = JSONField()


def served_claim(api_base: str) -> Any:
    """A ``PublishedClaim``'s document with its ``url`` (``api_base``, the claims list's
    absolute URL, + slug + "/"), as JSON text."""
    url = Concat(Value(api_base, output_field=TextField()), F("slug"), Value("/"))
    return JSONText(JSONBMerge(F("document"), JSONObject(url=url)))


def claim_brief(path: str = "claim__document") -> Any:
    return JSONObject(**{key: KeyTransform(key, path) for key in CLAIM_BRIEF})


def served_verdict() -> Any:
    """A ``PublishedVerdict``'s document with its claim's brief, as JSON text."""
    return JSONText(JSONBMerge(F("document"), JSONObject(claim=claim_brief())))
