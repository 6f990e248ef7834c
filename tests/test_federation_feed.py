"""Our ClaimReview DataFeed for peers that subscribe to it: conditional requests (ETag,
Last-Modified, 304) and the incremental form (``?since=``), published content only."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.urls import reverse
from django.utils.http import http_date
from rest_framework.test import APIClient

from claims import services
from tests import factories
from tests.conftest import MARKER
from tests.webhook_parts import publish

pytestmark = pytest.mark.django_db
FEED = "/api/v1/claimreview-feed.json"


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def _items(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    feed = json.loads(b"".join(response.streaming_content))
    assert feed["@type"] == "DataFeed"
    return list(feed["dataFeedElement"])


def _urls(response: Any) -> set[str]:
    return {element["item"][0]["url"] for element in _items(response)}


def test_the_feed_is_at_its_documented_address():
    assert reverse("api:claimreview-feed") == FEED


def test_a_conditional_request_is_a_304_until_something_public_changes(api, factchecker):
    first_verdict = publish(author=factchecker, headline="First in the feed")
    first = api.get(FEED)
    assert len(_items(first)) == 1
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"feed-')
    assert api.get(FEED, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert api.get(FEED, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # The ETag names the state of everything public: the incremental form shares it.
    assert (
        api.get(FEED, {"since": "2000-01-01T00:00:00Z"}, HTTP_IF_NONE_MATCH=etag).status_code
        == 304
    )
    # An hour earlier than its Last-Modified: changed since.
    earlier = http_date(datetime.datetime.now(datetime.UTC).timestamp() - 3600)
    assert api.get(FEED, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    publish(author=factchecker, headline="Second in the feed")
    second = api.get(FEED, HTTP_IF_NONE_MATCH=etag)
    assert len(_items(second)) == 2
    assert second["ETag"] != etag
    assert first_verdict.slug  # published through the review path


def test_the_incremental_form_lists_only_what_was_published_or_changed_since(
    api, factchecker, editor
):
    old = publish(author=factchecker, headline="Old news")
    cut = datetime.datetime.now(datetime.UTC)
    new = publish(author=factchecker, headline="New since the cut")
    since = {"since": cut.isoformat()}
    items = _items(api.get(FEED, since))
    assert [e["item"][0]["headline"] for e in items] == ["New since the cut"]
    assert items[0]["dateModified"] >= cut.isoformat()[:19]
    # A correction published later brings the old verdict back into the incremental form.
    services.verdict_correct(
        verdict=old,
        user=editor,
        expected_version=factories.version(old),
        note="The figure was for 2023.",
        changes={"headline": "Old news, corrected"},
    )
    editor2 = factories.make_user(username="feed-editor-2")
    editor2.groups.add(type(editor.groups.first()).objects.get(name="Editor"))
    factories.publish_proposal(old, editor2)
    headlines = {e["item"][0]["headline"] for e in _items(api.get(FEED, since))}
    assert headlines == {"New since the cut", "Old news, corrected"}
    # Without an offset, a time is UTC; a date alone is its first moment.
    naive = cut.replace(tzinfo=None).isoformat()
    assert len(_items(api.get(FEED, {"since": naive}))) == 2
    assert len(_items(api.get(FEED, {"since": "2000-01-01"}))) == 2
    # A "+" left unencoded in the address arrives as a space: still the offset.
    plus = cut.astimezone(datetime.timezone(datetime.timedelta(hours=2))).isoformat()
    assert len(_items(api.get(f"{FEED}?since={plus}"))) == 2
    # Offsets PostgreSQL would not take (beyond 15:59) are read too.
    assert len(_items(api.get(FEED, {"since": "0457-09-27T11:50:11.213+23:42"}))) == 2
    future = (cut + datetime.timedelta(days=1)).isoformat()
    assert _items(api.get(FEED, {"since": future})) == []
    assert new.slug


@pytest.mark.parametrize(
    "value",
    [
        "",
        "yesterday",
        "2026-13-01T00:00:00Z",
        "\uff12\uff10\uff12\uff16-01-01",  # fullwidth digits
        "2026-01-01T00:00:00+99:00",
        "1" * 5000,
        "0001-01-01T00:00:00+01:00",
    ],
    ids=["empty", "words", "month-13", "fullwidth", "offset", "long", "year-0"],
)
def test_a_bad_since_is_a_400_naming_it(api, value):
    response = api.get(FEED, {"since": value})
    assert response.status_code == 400
    assert "since" in response.json()


def test_unknown_parameters_are_still_refused(api):
    response = api.get(FEED, {"sinc": "2026-01-01"})
    assert response.status_code == 400
    assert "sinc" in response.json()


def test_nothing_unpublished_reaches_the_feed_in_either_form(api, planted):
    for query in ({}, {"since": "2000-01-01T00:00:00Z"}):
        response = api.get(FEED, query)
        body = b"".join(response.streaming_content).decode()
        assert response.status_code == 200
        assert MARKER not in body
        assert json.loads(body)["dataFeedElement"], "the seed's public verdicts are listed"


def test_a_verdict_retracted_since_leaves_both_forms(api, factchecker, editor):
    verdict = publish(author=factchecker, headline="Soon retracted")
    cut = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1)
    services.verdict_retract(verdict=verdict, user=editor, note="The source recanted.")
    assert _items(api.get(FEED)) == []
    assert _items(api.get(FEED, {"since": cut.isoformat()})) == []
