"""GET /api/v1/claimreview-feed.json: every published verdict of ours as a Data Commons
style ClaimReview DataFeed, streamed; answered with a 304 to a conditional request when
nothing public changed (``ETag``, ``Last-Modified``), and, with ``?since=``, only the
verdicts changed since then, so that a peer subscribed to it need not fetch everything
(docs/federation.md)."""

from __future__ import annotations

import datetime
import hashlib
import math
import re

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from claims.selectors import public as queries
from factcheck.api.parameters import FORMAT
from factcheck.api.views import PARAMETER_ERRORS, PublicEndpoint
from factcheck.claimreview import data_feed

SINCE_HINT = (
    "An ISO 8601 date and time, e.g. 2026-11-30T10:00:00Z (without an offset: UTC); "
    "the feed then lists only the verdicts published or changed after it."
)


# ISO 8601's extended form only, in ASCII digits: ``fromisoformat`` alone also reads
# "1111…" as a date and time, and other scripts' digits.
ISO_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?"
)


def parse_since(raw: str) -> datetime.datetime:
    """``since`` as an aware datetime; a 400 naming it for anything else."""
    # An unencoded "+" in a query string arrives as a space: "…T10:00:00 02:00".
    text = re.sub(r"([T ][0-9:.]+) ([0-9]{2}:[0-9]{2})$", r"\1+\2", raw.strip())
    try:
        if not ISO_DATETIME.fullmatch(text):
            raise ValueError
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError({"since": [f"Not a date and time: {raw!r}. {SINCE_HINT}"]}) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    try:
        # In UTC: PostgreSQL takes offsets up to 15:59 only (ISO allows up to 23:59).
        return moment.astimezone(datetime.UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00 is in the year 0
        raise ValidationError({"since": [f"Out of range: {raw!r}. {SINCE_HINT}"]}) from None


def feed_etag(generation: int) -> str:
    """The feed's state, the same for its full and incremental forms: the latest public
    revision (``feed_state``; never a draft's save) and the settings its links are made
    from (a new site address rewrites every URL without a new revision)."""
    made_from = "\n".join(
        [
            str(generation),
            settings.FACTCHECK_SITE_URL,
            settings.FACTCHECK_PUBLISHER_NAME,
            settings.FACTCHECK_PUBLISHER_URL,
            settings.FACTCHECK_PUBLISHER_LOGO_URL,
        ]
    )
    return quote_etag(f"feed-{generation}-{hashlib.sha256(made_from.encode()).hexdigest()[:16]}")


class ClaimReviewFeed(PublicEndpoint):
    query_parameters = FORMAT | {"since"}

    @extend_schema(
        operation_id="claimreview_feed",
        tags=["verdicts"],
        summary="Every published verdict of ours as a Data Commons style ClaimReview DataFeed",
        description="Streamed: one DataFeed whose dataFeedElement lists a DataFeedItem per "
        "verdict (`dateCreated`: first published; `dateModified`: its latest revision). "
        "Conditional requests: `If-None-Match` with the `ETag` (the state of everything "
        "public, the same for every `since`) or `If-Modified-Since` with the `Last-Modified` "
        "answer a 304 when nothing public changed since. `since` lists only the verdicts "
        "published or changed after it; a verdict retracted or taken down leaves the feed "
        "and is not listed as removed.",
        parameters=[OpenApiParameter("since", datetime.datetime, description=SINCE_HINT)],
        responses={
            (200, "application/json"): dict,
            304: OpenApiResponse(description="Nothing public changed since the ETag given."),
            400: OpenApiResponse(PARAMETER_ERRORS, description="A bad or unknown parameter."),
        },
    )
    def get(self, request: Request) -> HttpResponse | StreamingHttpResponse:
        raw = request.query_params.get("since")
        since = parse_since(raw) if raw is not None else None
        state = queries.feed_state()
        etag = feed_etag(state.generation)
        # Rounded up to the whole second HTTP dates carry: a peer that asks ``since`` our
        # Last-Modified is not sent again the verdict published in that second.
        changed = math.ceil(state.changed_at.timestamp()) if state.changed_at else None
        not_modified = get_conditional_response(request, etag=etag, last_modified=changed)
        if not_modified is not None:
            return not_modified
        response = StreamingHttpResponse(data_feed(since), content_type="application/json")
        response["ETag"] = etag
        if changed is not None:
            response["Last-Modified"] = http_date(changed)
        return response
