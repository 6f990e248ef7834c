"""GET /v1alpha1/claims:search, compatible with Google's Fact Check Tools API: the same
parameters and the same response, over every publisher's public reviews held here (ours
and imported ones), so programs written for Google's API can point at us instead. Read
from the public index's documents, as the rest of the API is."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.selectors import public as queries
from factcheck.api.permissions import PublicRead
from factcheck.api.views import check_search
from factcheck.base.numbers import BadInteger, parse_int

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 10
_SALT = "factcheck.factchecktools.page"


def our_site() -> str:
    return urlsplit(settings.FACTCHECK_PUBLISHER_URL).hostname or ""


def _rfc3339(moment: datetime.datetime | datetime.date | None) -> str | None:
    if moment is None:
        return None
    if not isinstance(moment, datetime.datetime):
        moment = datetime.datetime.combine(moment, datetime.time(), tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _whole(params: Any, name: str, *, minimum: int, maximum: int, default: int) -> int:
    raw = params.get(name, "")
    if raw == "":
        return default
    try:
        return parse_int(raw, name=name, minimum=minimum, maximum=maximum)
    except BadInteger as bad:
        raise ValidationError({name: [bad.message]}) from None


def _review(verdict: Any, language: str) -> dict[str, Any]:
    """A review from a ``PublishedVerdict`` (with ``site``, its publisher's domain as
    published) and its claim's language."""
    document = verdict.document
    if verdict.ours:
        publisher = {"name": settings.FACTCHECK_PUBLISHER_NAME, "site": our_site()}
    else:
        publisher = {"name": document["publisher"]["name"], "site": verdict.site or ""}
    return {
        "publisher": publisher,
        "url": document["page_url"],
        "title": document["headline"],
        "reviewDate": _rfc3339(verdict.first_published),
        "textualRating": (document["rating"] or {}).get("label", ""),
        "languageCode": language,
    }


ClaimsSearchResponse = inline_serializer(
    "ClaimsSearchResponse",
    {
        "claims": serializers.ListField(child=serializers.DictField()),
        "nextPageToken": serializers.CharField(required=False),
    },
)

FactCheckToolsError = inline_serializer(
    "FactCheckToolsError",
    {"error": serializers.DictField(help_text="code, message, status and details, as Google's.")},
)


class ClaimsSearch(APIView):
    permission_classes = [PublicRead]

    @extend_schema(
        operation_id="factchecktools_claims_search",
        summary="Search fact-checked claims (Google Fact Check Tools API compatible)",
        parameters=[
            OpenApiParameter(
                "query",
                str,
                description="Text to search; required unless reviewPublisherSiteFilter is given.",
            ),
            OpenApiParameter("languageCode", str, description="BCP-47 language code, e.g. `en`."),
            OpenApiParameter(
                "reviewPublisherSiteFilter",
                str,
                description="Only reviews by the publisher of this site, e.g. `politifact.com`.",
            ),
            OpenApiParameter(
                "maxAgeDays", int, description="Only reviews published in the last N days."
            ),
            OpenApiParameter("pageSize", int, description="1 to 100, default 10."),
            OpenApiParameter(
                "pageToken", str, description="The previous response's nextPageToken."
            ),
            OpenApiParameter(
                "offset", int, description="Results to skip, when no pageToken is given."
            ),
            OpenApiParameter("key", str, description="Accepted and ignored."),
            OpenApiParameter("alt", str, description="Accepted and ignored (`json`)."),
        ],
        responses={200: ClaimsSearchResponse, 400: FactCheckToolsError, 429: FactCheckToolsError},
        tags=["Fact Check Tools"],
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        text = params.get("query", "").strip()
        site = params.get("reviewPublisherSiteFilter", "").strip().lower()
        if not text and not site:
            raise ValidationError({"query": ["Give a query, or a reviewPublisherSiteFilter."]})
        size = _whole(
            params, "pageSize", minimum=1, maximum=MAX_PAGE_SIZE, default=DEFAULT_PAGE_SIZE
        )
        offset = self._offset(params)
        reviews: QuerySet[Any] = queries.published_verdicts_index()
        chosen = False  # whether the reviews are a selection, so claims need one of them
        if site:
            domain = site.removeprefix("www.")
            mine = domain == our_site().removeprefix("www.")
            reviews = (
                reviews.filter(ours=True) if mine else queries.verdicts_of_site(reviews, domain)
            )
            chosen = True
        if params.get("maxAgeDays"):
            days = _whole(params, "maxAgeDays", minimum=1, maximum=100_000, default=0)
            since = timezone.now() - datetime.timedelta(days=days)
            reviews = reviews.filter(first_published__gte=since)
            chosen = True
        claims = queries.published_claims()
        if chosen:
            claims = claims.filter(Exists(reviews.filter(claim_id=OuterRef("pk"))))
        language = params.get("languageCode", "").strip()
        if language:
            claims = claims.filter(language__iexact=language)
        order: list[Any] = [F("published_at").desc(), F("claim_id").desc()]
        if text:
            check_search(text, "query")
            claims = queries.search_published(claims, text, by_relevance=True)
            order.insert(0, F("rank").desc())
        # Two queries: the claims, then their reviews (with the publisher's domain as it
        # was published, from the revision, without reading the whole revision).
        published = KeyTransform("publisher", KeyTransform("verdict", "revision__document"))
        shown = reviews.annotate(site=KeyTextTransform("domain", published))
        rows = list(
            claims.only("claim_id", "document", "language", "published_at")
            .prefetch_related(
                Prefetch("verdicts", queryset=shown.order_by("verdict_id"), to_attr="reviews")
            )
            .order_by(*order)[offset : offset + size + 1]
        )
        body: dict[str, Any] = {"claims": [self._claim(claim) for claim in rows[:size]]}
        if len(rows) > size:
            body["nextPageToken"] = signing.dumps(offset + size, salt=_SALT)
        return Response(body)

    @staticmethod
    def _offset(params: Any) -> int:
        token = params.get("pageToken", "")
        if token:
            try:
                return int(signing.loads(token, salt=_SALT))
            except (signing.BadSignature, TypeError, ValueError):
                raise ValidationError(
                    {"pageToken": ["Not a token this API gave: start again without it."]}
                ) from None
        return _whole(params, "offset", minimum=0, maximum=1_000_000, default=0)

    @staticmethod
    def _claim(claim: Any) -> dict[str, Any]:
        document = claim.document
        entry: dict[str, Any] = {"text": document["text"]}
        if document["speaker"] is not None:
            entry["claimant"] = document["speaker"]["name"]
        if document["claimed_on"]:
            entry["claimDate"] = _rfc3339(datetime.date.fromisoformat(document["claimed_on"]))
        entry["claimReview"] = [_review(verdict, claim.language) for verdict in claim.reviews]
        return entry

    def handle_exception(self, exc: Exception) -> Response:
        # Errors in Google's shape, so its clients report them as they would Google's.
        response = super().handle_exception(exc)
        if (
            response.status_code >= 400
            and isinstance(response.data, dict)
            and "error" not in response.data
        ):
            messages = "; ".join(
                f"{field}: {' '.join(map(str, errs)) if isinstance(errs, list) else errs}"
                for field, errs in response.data.items()
            )
            status_name = {400: "INVALID_ARGUMENT", 404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED"}
            response.data = {
                "error": {
                    "code": response.status_code,
                    "message": messages,
                    "status": status_name.get(response.status_code, "UNKNOWN"),
                    "details": response.data,
                }
            }
        return response
