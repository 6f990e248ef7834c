"""Hypothesis against what outsiders hand us: any file given to ``import_claimreview``
ends in its clear error (and nothing imported) or in an import, never a traceback; any
text given to the claim suggester ends in suggestions, never an exception."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from claims.models import Verdict
from claims.suggestions import suggest

pytestmark = pytest.mark.heavy
FUZZ = settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=12,
)
urls = st.sampled_from(
    ["https://example.org/review/1", "http://x", "javascript:alert(1)", "", "not a url"]
) | st.text(max_size=30)
dates = st.sampled_from(["2024-05-01", "2024-02-30", "9999-12-31", "", "yesterday"]) | st.text(
    max_size=12
)
claim_reviews = st.fixed_dictionaries(
    {"@type": st.sampled_from(["ClaimReview", "claimreview", "Review"])},
    optional={
        "@context": st.sampled_from(["https://schema.org", "http://schema.org"]),
        "url": urls | json_values,
        "claimReviewed": st.text(max_size=300) | json_values,
        "datePublished": dates | json_values,
        "reviewRating": st.fixed_dictionaries(
            {},
            optional={
                "alternateName": st.text(max_size=40) | json_values,
                "ratingValue": st.integers(-5, 10) | json_values,
                "bestRating": st.integers(-5, 10) | json_values,
                "worstRating": st.integers(-5, 10) | json_values,
            },
        )
        | json_values,
        "itemReviewed": st.fixed_dictionaries(
            {},
            optional={
                "@type": st.just("Claim"),
                "author": st.fixed_dictionaries({"name": st.text(max_size=40)}) | json_values,
                "datePublished": dates,
                "appearance": st.lists(st.fixed_dictionaries({"url": urls}), max_size=2)
                | json_values,
            },
        )
        | json_values,
        "author": st.fixed_dictionaries(
            {"@type": st.just("Organization"), "name": st.text(max_size=30), "url": urls}
        )
        | json_values,
        "inLanguage": st.sampled_from(["en", "fr", "EN", "english", ""]) | json_values,
    },
)
# Reviews that are well formed, holding hostile text wherever text goes: these import.
hostile = st.text(min_size=1, max_size=200).filter(str.strip) | st.sampled_from(
    ["<script>alert(1)</script>", "'; DROP TABLE claims_claim; --", "=cmd|' /C calc'!A0"]
)
valid_reviews = st.fixed_dictionaries(
    {
        "@type": st.just("ClaimReview"),
        "url": st.from_regex(
            r"https://fc[a-z]{1,8}\.example\.org/review/[a-z0-9]{1,12}", fullmatch=True
        ),
        "claimReviewed": hostile,
        "datePublished": st.dates(max_value=datetime.date(2026, 1, 1)).map(str),
        "reviewRating": st.fixed_dictionaries(
            {"alternateName": hostile},
            optional={"ratingValue": st.integers(1, 5), "bestRating": st.just(5)},
        ),
        "itemReviewed": st.fixed_dictionaries(
            {"@type": st.just("Claim")},
            optional={
                "author": st.fixed_dictionaries({"name": hostile}),
                "appearance": st.lists(st.fixed_dictionaries({"url": urls}), max_size=2),
            },
        ),
        "author": st.fixed_dictionaries(
            {
                "@type": st.just("Organization"),
                "name": hostile,
                "url": st.just("https://fc.example.org/"),
            }
        ),
    },
    optional={"headline": hostile, "inLanguage": st.sampled_from(["en", "pt-BR", "de"])},
)
documents = st.one_of(
    st.lists(valid_reviews, min_size=1, max_size=3).map(json.dumps),
    valid_reviews.map(
        lambda item: f'<html><script type="application/ld+json">{json.dumps(item)}</script></html>'
    ),
    claim_reviews.map(json.dumps),
    st.lists(claim_reviews, max_size=3).map(json.dumps),
    st.lists(claim_reviews, max_size=3).map(
        lambda items: json.dumps({"@type": "DataFeed", "dataFeedElement": [{"item": items}]})
    ),
    st.lists(claim_reviews, max_size=3).map(lambda items: json.dumps({"@graph": items})),
    claim_reviews.map(
        lambda item: f'<html><script type="application/ld+json">{json.dumps(item)}</script></html>'
    ),
    json_values.map(json.dumps),
    st.text(max_size=400),
)


@pytest.mark.django_db
@FUZZ
@given(document=documents)
def test_any_file_is_imported_or_refused_with_a_clear_error(
    document: str, editor: Any, tmp_path: Path
) -> None:
    path = tmp_path / "reviews.json"
    path.write_text(document, encoding="utf-8")
    before = Verdict.objects.count()
    try:
        call_command("import_claimreview", str(path), "--as", editor.username, verbosity=0)
    except CommandError as exc:
        message = str(exc)
        assert Verdict.objects.count() == before  # a refused file writes nothing
        assert message.strip()  # and says why, to the person who ran it
        event("refused")
    else:
        event("imported")


@FUZZ
@given(
    text=st.text(max_size=2000)
    | st.lists(
        st.sampled_from(
            [
                '"',
                "“",
                "”",
                "'",
                " said ",
                " says ",
                "according to ",
                "Dr. ",
                "the diplomat",
                ".",
                "\n",
                "90,000",
                "percent",
                " and ",
                "President ",
                "«",
                "»",
                "—",
                " told reporters",
            ]
        ),
        max_size=60,
    ).map("".join)
)
def test_any_text_gives_suggestions_never_an_exception(text: str) -> None:
    found = suggest(text)
    assert len(found) <= 30
    for suggestion in found:
        assert suggestion.kind in {"quote", "sentence"}
        assert suggestion.text.strip()
        assert isinstance(suggestion.score, float)
