"""Public reads of the API: published content only, from the public index and the
revisions (claims.selectors.public), never from the newsroom's working rows."""

from __future__ import annotations

import datetime
import functools
import json
from typing import Any

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    StreamingHttpResponse,
)
from django.urls import reverse
from django.utils.http import http_date
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from claims import exports
from claims.choices import VerdictStatus
from claims.selectors import public as queries
from claims.selectors import public_articles
from claims.selectors.documents import served_claim, served_verdict
from factcheck.api.filters import ClaimFilter, PublicFilterSet, VerdictFilter
from factcheck.api.pagination import Key, KeysetPage, page_size
from factcheck.api.parameters import FORMAT, PAGES, KnownParameters
from factcheck.api.permissions import PublicRead
from factcheck.api.serializers import (
    ArticleSerializer,
    ClaimSerializer,
    OutletSerializer,
    RatingScaleSerializer,
    SpeakerSerializer,
    TakedownNoticeSerializer,
    TopicSerializer,
    VerdictWithClaimSerializer,
)
from factcheck.base.http import site_url
from factcheck.claimreview import claim_review


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> Any:
        return data  # the CSV response streams its own content


BOM_PARAMETER = OpenApiParameter(
    "bom",
    str,
    enum=["1", "0"],
    description="With `format=csv`: `1` (the default) starts the file with a UTF-8 byte order "
    "mark, so that spreadsheets (Excel, LibreOffice) read it as UTF-8; `0` leaves it out, "
    "for programs.",
)


def csv_bom(request: Request) -> bool:
    """Whether the CSV starts with a byte order mark: yes unless ``bom=0``. ``bom`` means
    nothing without ``format=csv``, so it is refused there, as any other value is."""
    value = request.query_params.get("bom")
    if value is None:
        return True
    if request.accepted_renderer.format != "csv":
        raise ValidationError(
            {"bom": ["Only with format=csv: it sets the CSV file's byte order mark."]}
        )
    if value not in ("0", "1"):
        raise ValidationError({"bom": ["Must be 1 (a byte order mark, the default) or 0 (none)."]})
    return value == "1"


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


# The index's own keys: a claim's first publication, a verdict's; ids break ties.
NEWEST = [Key("published_at", True, "datetime"), Key("claim_id", True, "int")]
OLDEST = [Key("published_at", False, "datetime"), Key("claim_id", False, "int")]
CLAIM_ORDERINGS = {
    "-published": NEWEST,
    "published": OLDEST,
    "-claimed": [Key("claimed_key", True, "date"), Key("claim_id", True, "int")],
    "claimed": [Key("claimed_key", False, "date"), Key("claim_id", False, "int")],
    "relevance": [Key("rank", True, "float"), *NEWEST],
}
VERDICT_ORDERINGS = {
    "-published": [Key("first_published", True, "datetime"), Key("verdict_id", True, "int")],
    "published": [Key("first_published", False, "datetime"), Key("verdict_id", False, "int")],
}
BY_NAME = [Key("name", False, "str"), Key("id", False, "int")]
# Which order a search's page lists its matches in: "relevance" in the ranked window,
# "newest" past it (and for verdicts, which have no relevance order).
SEARCH_ORDER = "Search-Order"
Q_MAX = 500


# A 400: each bad parameter by name, with what is wrong with it.
PARAMETER_ERRORS = {
    "type": "object",
    "description": "Messages, by parameter name.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


class NotFound(serializers.Serializer[Any]):
    detail = serializers.CharField()


BAD_PARAMETER = OpenApiResponse(
    PARAMETER_ERRORS,
    description="A parameter is malformed or names nothing public; the body names it.",
    examples=[
        OpenApiExample(
            "Unknown speaker", value={"speaker": ["No public speaker has the slug “nobody”."]}
        ),
        OpenApiExample("Malformed date", value={"published_after": ["Enter a valid date."]}),
        OpenApiExample(
            "Unknown parameter",
            value={
                "speakr": [
                    "Unknown parameter: this endpoint takes cursor, format, page_size and nothing else."
                ]
            },
        ),
        OpenApiExample(
            "Bad cursor",
            value={
                "cursor": ["This cursor is not valid for this list: start from the first page."]
            },
        ),
    ],
)
MISSING = OpenApiResponse(
    NotFound,
    description="Nothing public has this slug (the same answer whether or not it exists unpublished).",
    examples=[OpenApiExample("Not found", value={"detail": "No Claim matches the given query."})],
)
THROTTLED = OpenApiResponse(
    NotFound, description="Too many requests from your address: wait and retry."
)
UNKNOWN_PARAMETER = OpenApiResponse(
    PARAMETER_ERRORS,
    description="A query parameter this endpoint does not take (only `format`); the body names it.",
    examples=[
        OpenApiExample(
            "Unknown parameter",
            value={
                "page_size": ["Unknown parameter: this endpoint takes format and nothing else."]
            },
        )
    ],
)
LIST_ERRORS = {400: BAD_PARAMETER, 429: THROTTLED}
DETAIL_ERRORS = {400: UNKNOWN_PARAMETER, 404: MISSING, 429: THROTTLED}

SEARCH_ORDER_HEADER = OpenApiParameter(
    SEARCH_ORDER,
    str,
    location=OpenApiParameter.HEADER,
    response=[200],
    enum=["relevance", "newest"],
    description="With `q` (claims: by relevance, the default): `relevance` while the page "
    "lists the search's ranked window (its newest `FACTCHECK_SEARCH_RANK_WINDOW` matches, "
    "most relevant first), `newest` for the pages after it, which list every other match "
    "newest first, to the last. Verdict searches are `newest` throughout.",
)

PAGE_PARAMETERS = [
    OpenApiParameter("cursor", str, description="The `next` link's cursor; opaque."),
    OpenApiParameter("page_size", int, description="Results per page, 1 to 100 (default 20)."),
]


def _ordering(request: Request, choices: dict[str, list[Key]], default: str) -> str:
    order = request.query_params.get("ordering") or default
    if order not in choices or (order == "relevance" and not request.query_params.get("q")):
        allowed = ", ".join(name for name in choices if name != "relevance")
        extra = " (and `relevance` with `q`)" if "relevance" in choices else ""
        raise ValidationError({"ordering": [f"Order by one of: {allowed}{extra}."]})
    return order


def _language(filterset: PublicFilterSet) -> str | None:
    """The language a list is kept to (``language=``, checked by ``_filtered``): a search
    then parses its words in that language's configuration only."""
    if "language" not in filterset.data or not filterset.is_valid():
        return None
    return filterset.form.cleaned_data.get("language") or None


def _filtered(filterset: PublicFilterSet) -> QuerySet[Any]:
    # Asked for none of its filters, the set would only build and check an empty form
    # (about a millisecond, a quarter of the list's time).
    if not any(name in filterset.data for name in filterset.filters):
        return filterset.queryset.all()
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return filterset.qs


# The lists' rows with their served documents, built once (their expressions resolved
# once) and cloned by each request: resolving them took about 1.5 ms a request. Never
# evaluated themselves: every use filters, orders or slices. Keyed on the claims list's
# address, which is the site's (FACTCHECK_SITE_URL), not the request's host: one entry
# in a deployment, and a new one, never a stale one, when the setting changes (tests).
@functools.lru_cache(maxsize=4)
def _claim_rows(api_base: str) -> QuerySet[Any]:
    rows = queries.published_claims().only("claim_id", "updated_at", "published_at", "claimed_on")
    return rows.annotate(served=served_claim(api_base))


@functools.lru_cache(maxsize=1)
def _verdict_rows() -> QuerySet[Any]:
    rows = queries.published_verdicts_index().only("verdict_id", "updated_at", "first_published")
    return rows.annotate(served=served_verdict())


def _page(
    request: Request,
    queryset: QuerySet[Any],
    keys: list[Key],
    order: str,
    filterset: PublicFilterSet | None = None,
    fields: tuple[str, ...] = (),
) -> KeysetPage:
    page = KeysetPage(request, queryset, keys, order, fields)
    if not page.rows and filterset is not None:
        unknown = filterset.unknown()  # only an empty page pays for these checks
        if unknown:
            raise ValidationError(unknown)
    return page


def _modified(response: Any, moment: datetime.datetime | None) -> Any:
    """Last-Modified for conditional GETs (ConditionalGetMiddleware answers 304)."""
    if moment is not None:
        response["Last-Modified"] = http_date(moment.timestamp())
    return response


def _listing(page: KeysetPage, data: Any) -> Response:
    response = Response({"next": page.next_url(), "results": data})
    changed = [row.updated_at for row in page.rows if getattr(row, "updated_at", None)]
    return _modified(response, max(changed) if changed else None)


def _listing_documents(page: KeysetPage) -> HttpResponse:
    return _documents(page.rows, page.next_url())


# What a page of stored documents reads of each row (with its sort keys).
DOCUMENT_FIELDS = ("served", "updated_at")


def _documents(rows: list[Any], next_url: str | None) -> HttpResponse:
    """A page whose items PostgreSQL wrote as JSON (each row's ``served``): joined as they
    are, never parsed. Rows are dicts (``DOCUMENT_FIELDS``) or model instances."""
    rows = [row if isinstance(row, dict) else vars(row) for row in rows]
    items = ",".join(row["served"] for row in rows)
    body = f'{{"next":{json.dumps(next_url)},"results":[{items}]}}'
    response = HttpResponse(body, content_type="application/json")
    changed = [row["updated_at"] for row in rows]
    return _modified(response, max(changed) if changed else None)


# A search by relevance pages with positions of its own (``queries.search_page``), signed
# apart from the lists' cursors: one list's cursor is refused by another.
SEARCH_SALT = "factcheck.api.search"
BAD_CURSOR = "This cursor is not valid for this list: start from the first page."


def _searched(
    request: Request, claims: QuerySet[Any], text: str, filterset: PublicFilterSet
) -> HttpResponse:
    """A page of a search by relevance: the ranked window, then every other match newest
    first; the ``Search-Order`` header says which of the two the page lists."""
    token = request.query_params.get("cursor")
    position = None
    if token:
        try:
            position = queries.position_from_token(token, SEARCH_SALT)
        except ValueError:
            raise ValidationError({"cursor": [BAD_CURSOR]}) from None
    page = queries.search_page(
        claims, text, size=page_size(request), position=position, language=_language(filterset)
    )
    if not page.rows:
        unknown = filterset.unknown()  # only an empty page pays for these checks
        if unknown:
            raise ValidationError(unknown)
    next_url = None
    if page.next is not None:
        # At the site's address, not the request's host (FACTCHECK_SITE_URL).
        here = site_url(request.get_full_path())
        next_token = queries.position_token(page.next, SEARCH_SALT)
        next_url = replace_query_param(here, "cursor", next_token)
    response = _documents(page.rows, next_url)
    response[SEARCH_ORDER] = page.order
    return response


def check_search(text: str, parameter: str = "q") -> None:
    if len(text) > Q_MAX:
        raise ValidationError({parameter: [f"Search for at most {Q_MAX} characters."]})


SEARCH = OpenApiParameter(
    "q",
    str,
    description="Full-text search (web-search syntax: \"a phrase\", -word, or) over the claim, its quote, the speaker's name and the verdicts' headlines and summaries, each claim in its own language (Arabic, Spanish, French and English words are matched in any of their forms; with `language`, in that language's).",
)


def _document(response_text: str, moment: datetime.datetime) -> HttpResponse:
    """One document PostgreSQL wrote as JSON, sent as it is."""
    return _modified(HttpResponse(response_text, content_type="application/json"), moment)


class PublicEndpoint(KnownParameters, GenericAPIView[Any]):
    """A public read: open to anyone, refusing any query parameter it does not read."""

    permission_classes = [PublicRead]

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        # An error is plain JSON naming the parameter, even when CSV or JSON-LD was asked
        # for (a CSV error would be an empty file, a JSON-LD one a document of no type).
        accepted = getattr(request, "accepted_renderer", None)
        if response.status_code >= 400 and accepted is not None and accepted.format != "json":
            request.accepted_renderer, request.accepted_media_type = (
                JSONRenderer(),
                "application/json",
            )
        return super().finalize_response(request, response, *args, **kwargs)


# Lists page; claims and verdicts are also searched (``q``) and ordered.
LIST = FORMAT | PAGES
SEARCHED_LIST = LIST | {"ordering", "q"}


class Listing(serializers.Serializer[Any]):
    next = serializers.URLField(allow_null=True, help_text="The next page, or null.")


def listing_of(item: type[serializers.BaseSerializer[Any]]) -> type[serializers.Serializer[Any]]:
    name = item.__name__.removesuffix("Serializer") + "Page"
    return type(name, (Listing,), {"results": item(many=True)})


class ClaimList(PublicEndpoint):
    query_parameters = SEARCHED_LIST | {"bom"}
    serializer_class = ClaimSerializer
    # For the schema: the filters below are applied by hand, with the search.
    queryset = queries.published_claims().none()
    filter_backends = [DjangoFilterBackend]
    filterset_class = ClaimFilter
    renderer_classes = [JSONRenderer, CSVRenderer]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        csv_bom(request)  # a bad ``bom`` is a 400 before anything is read

    @extend_schema(
        operation_id="claims_list",
        summary="Claims with public verdicts",
        parameters=[
            SEARCH,
            OpenApiParameter(
                "ordering",
                str,
                enum=list(CLAIM_ORDERINGS),
                description="Default: `relevance` with `q`, else `-published` (newest first). "
                "`relevance` ranks the newest `FACTCHECK_SEARCH_RANK_WINDOW` matches, then "
                "`next` goes on through every other match newest first (`Search-Order`).",
            ),
            OpenApiParameter(
                "format",
                str,
                enum=["json", "csv"],
                description="`csv`: every matching claim with its public verdicts, one row per verdict, streamed (no pages).",
            ),
            BOM_PARAMETER,
            *PAGE_PARAMETERS,
            SEARCH_ORDER_HEADER,
        ],
        filters=True,
        responses={200: listing_of(ClaimSerializer), **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response | HttpResponse | StreamingHttpResponse:
        as_csv = request.accepted_renderer.format == "csv"
        api_base = site_url(reverse("api:claim-list"))
        filterset = ClaimFilter(
            request.query_params, queryset=_claim_rows(api_base), request=request
        )
        claims = _filtered(filterset)
        text = request.query_params.get("q", "").strip()
        order = _ordering(request, CLAIM_ORDERINGS, "relevance" if text else "-published")
        if text:
            check_search(text)
        if order == "relevance":
            if as_csv:
                found = queries.in_search_order(claims, text, language=_language(filterset))
                return _csv_of(found, filterset)
            return _searched(request, claims, text, filterset)
        if text:
            claims = queries.search_published(claims, text, language=_language(filterset))
        if order.endswith("claimed"):
            claims = claims.annotate(claimed_key=Coalesce("claimed_on", Value(datetime.date.min)))
        if as_csv:
            return _csv_of([_ordered(claims, CLAIM_ORDERINGS[order])], filterset)
        # One statement: the page's keys and its stored documents, written as JSON text.
        page = _page(request, claims, CLAIM_ORDERINGS[order], order, filterset, DOCUMENT_FIELDS)
        return _listing_documents(page)


def _ordered(claims: QuerySet[Any], keys: list[Key]) -> QuerySet[Any]:
    return claims.order_by(*[F(k.name).desc() if k.descending else F(k.name).asc() for k in keys])


def _csv_of(parts: list[QuerySet[Any]], filterset: PublicFilterSet) -> Any:
    """Every matching public claim with its public verdicts, streamed (no page limit),
    from the documents the index stores: ``parts`` one after the other, each in its
    order (a search by relevance: its ranked window, then the rest newest first)."""
    unknown = {} if any(part.exists() for part in parts) else filterset.unknown()
    if unknown:
        raise ValidationError(unknown)
    documents = (
        document
        for part in parts
        for document in part.values_list("document", flat=True).iterator(500)
    )
    lines = exports.document_rows(documents)
    response = StreamingHttpResponse(
        exports.csv_lines(lines, bom=csv_bom(filterset.request)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="claims.csv"'
    return response


class ClaimDetail(PublicEndpoint):
    serializer_class = ClaimSerializer

    @extend_schema(
        operation_id="claims_retrieve",
        summary="One claim and its public verdicts",
        responses={200: ClaimSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        api_base = site_url(reverse("api:claim-list"))
        found = (
            queries.published_claims()
            .filter(slug=slug)
            .values_list(served_claim(api_base), "updated_at")
            .first()
        )
        if found is None:
            raise Http404
        return _document(*found)


class VerdictList(PublicEndpoint):
    query_parameters = SEARCHED_LIST
    serializer_class = VerdictWithClaimSerializer
    queryset = queries.published_verdicts_index().none()
    filter_backends = [DjangoFilterBackend]
    filterset_class = VerdictFilter

    @extend_schema(
        operation_id="verdicts_list",
        summary="Public verdicts, ours and other fact-checkers'",
        parameters=[
            SEARCH,
            OpenApiParameter(
                "ordering", str, enum=list(VERDICT_ORDERINGS), description="Default `-published`."
            ),
            *PAGE_PARAMETERS,
            SEARCH_ORDER_HEADER,
        ],
        filters=True,
        responses={200: listing_of(VerdictWithClaimSerializer), **LIST_ERRORS},
    )
    def get(self, request: Request) -> HttpResponse:
        filterset = VerdictFilter(request.query_params, queryset=_verdict_rows(), request=request)
        verdicts = _filtered(filterset)
        text = request.query_params.get("q", "").strip()
        if text:
            # Through the claim's search document (its words, its speaker's, and every
            # public verdict's headline and summary), newest first: verdicts have no
            # relevance order of their own, so no ranked window either.
            check_search(text)
            verdicts = queries.verdicts_matching(verdicts, text, language=_language(filterset))
        order = _ordering(request, VERDICT_ORDERINGS, "-published")
        page = _page(
            request, verdicts, VERDICT_ORDERINGS[order], order, filterset, DOCUMENT_FIELDS
        )
        response = _listing_documents(page)
        if text and order == "-published":
            response[SEARCH_ORDER] = queries.NEWEST
        return response


def _claim_review_response(slug: str) -> Response:
    verdict = queries.published_verdict(slug)
    if verdict is None or not verdict.is_ours or verdict.status != VerdictStatus.PUBLISHED:
        # Other publishers' reviews are theirs; a retraction is not re-published.
        raise Http404
    return Response(claim_review(verdict), content_type="application/ld+json")


class VerdictDetail(PublicEndpoint):
    serializer_class = VerdictWithClaimSerializer
    renderer_classes = [JSONRenderer, JSONLDRenderer]

    @extend_schema(
        operation_id="verdicts_retrieve",
        summary="One public verdict; a verdict taken down shows only its notice",
        responses={
            200: VerdictWithClaimSerializer,
            410: TakedownNoticeSerializer,
            **DETAIL_ERRORS,
        },
    )
    def get(self, request: Request, slug: str) -> Response | HttpResponse:
        if request.accepted_renderer.format == "jsonld":
            return _claim_review_response(slug)
        found = (
            queries.published_verdicts_index()
            .filter(slug=slug)
            .values_list(served_verdict(), "updated_at")
            .first()
        )
        if found is not None:
            return _document(*found)
        notice = queries.takedown_notice(slug=slug)
        if notice is None:
            raise Http404
        served = {**notice, "status": VerdictStatus.WITHDRAWN.value}
        return Response(TakedownNoticeSerializer(served).data, status=410)


class VerdictClaimReview(PublicEndpoint):
    renderer_classes = [JSONLDRenderer, JSONRenderer]

    @extend_schema(
        operation_id="verdicts_claimreview",
        summary="schema.org ClaimReview (JSON-LD) of one of our published verdicts",
        responses={(200, "application/ld+json"): dict, **DETAIL_ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        return _claim_review_response(slug)


class _Named(PublicEndpoint):
    """Lists in name order, and details by slug, of records a public verdict uses."""

    def rows(self) -> QuerySet[Any]:
        raise Http404

    def list_page(self, request: Request) -> KeysetPage:
        return _page(request, self.rows(), BY_NAME, "name")

    def one(self, slug: str) -> Any:
        obj = self.rows().filter(slug=slug).first()
        if obj is None:
            raise Http404  # the same answer as for a slug that never existed
        return obj


class SpeakerList(_Named):
    query_parameters = LIST
    serializer_class = SpeakerSerializer

    def rows(self) -> QuerySet[Any]:
        # A speaker merged into another is listed as that one, with its claims.
        return queries.listed_speakers()

    @extend_schema(
        operation_id="speakers_list",
        summary="Speakers with public verdicts, or named by one as having said its claim "
        "again, each with their record",
        parameters=PAGE_PARAMETERS,
        responses={200: listing_of(SpeakerSerializer), **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        page = self.list_page(request)
        records = queries.merged_records({s.pk: [s.pk, *s.merged_ids] for s in page.rows})
        for speaker in page.rows:
            speaker.record = records[speaker.pk]
        return _listing(page, SpeakerSerializer(page.rows, many=True).data)


MERGED = OpenApiResponse(
    description="This speaker was merged into another: `Location` is theirs, with this "
    "speaker's published claims in their record."
)


class SpeakerDetail(_Named):
    serializer_class = SpeakerSerializer

    @extend_schema(
        operation_id="speakers_retrieve",
        summary="One speaker and their record",
        responses={200: SpeakerSerializer, 301: MERGED, **DETAIL_ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response | HttpResponse:
        address = queries.speaker_at(slug)
        if address is None:
            raise Http404  # the same answer as for a slug that never existed
        if address.moved_to is not None:
            there = reverse("api:speaker-detail", args=[address.moved_to.slug])
            return HttpResponsePermanentRedirect(site_url(there))
        speaker: Any = address.speaker
        speaker.record = queries.merged_records({speaker.pk: address.ids})[speaker.pk]
        return Response(SpeakerSerializer(speaker).data)


class OutletList(_Named):
    query_parameters = LIST
    serializer_class = OutletSerializer

    def rows(self) -> QuerySet[Any]:
        return queries.outlets()

    @extend_schema(
        operation_id="outlets_list",
        summary="Outlets that public verdicts use",
        parameters=PAGE_PARAMETERS,
        responses={200: listing_of(OutletSerializer), **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        page = self.list_page(request)
        return _listing(page, OutletSerializer(page.rows, many=True).data)


class OutletDetail(_Named):
    serializer_class = OutletSerializer

    def rows(self) -> QuerySet[Any]:
        return queries.outlets()

    @extend_schema(
        operation_id="outlets_retrieve",
        summary="One outlet",
        responses={200: OutletSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        return Response(OutletSerializer(self.one(slug)).data)


class TopicList(_Named):
    query_parameters = LIST
    serializer_class = TopicSerializer

    def rows(self) -> QuerySet[Any]:
        return queries.topics()

    @extend_schema(
        operation_id="topics_list",
        summary="Topics of public claims",
        parameters=PAGE_PARAMETERS,
        responses={200: listing_of(TopicSerializer), **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        page = self.list_page(request)
        return _listing(page, TopicSerializer(page.rows, many=True).data)


class TopicDetail(_Named):
    serializer_class = TopicSerializer

    def rows(self) -> QuerySet[Any]:
        return queries.topics()

    @extend_schema(
        operation_id="topics_retrieve",
        summary="One topic",
        responses={200: TopicSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        return Response(TopicSerializer(self.one(slug)).data)


def _with_claims(articles: list[Any]) -> list[Any]:
    """Each article with its public claims as published (``ClaimBriefSerializer`` picks
    their brief out of the stored documents)."""
    claims = queries.article_claims([article.pk for article in articles])
    for article in articles:
        article.public_claims = claims[article.pk]
    return articles


class ArticleList(_Named):
    query_parameters = LIST
    serializer_class = ArticleSerializer

    def rows(self) -> QuerySet[Any]:
        return public_articles().select_related("outlet")

    @extend_schema(
        operation_id="articles_list",
        summary="Articles with public claims",
        parameters=PAGE_PARAMETERS,
        responses={200: listing_of(ArticleSerializer), **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        page = _page(request, self.rows(), [Key("id", True, "int")], "-id")
        return _listing(page, ArticleSerializer(_with_claims(page.rows), many=True).data)


class ArticleDetail(_Named):
    serializer_class = ArticleSerializer

    def rows(self) -> QuerySet[Any]:
        return public_articles().select_related("outlet")

    @extend_schema(
        operation_id="articles_retrieve",
        summary="One article and its public claims",
        responses={200: ArticleSerializer, **DETAIL_ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        [article] = _with_claims([self.one(slug)])
        return Response(ArticleSerializer(article).data)


class RatingList(PublicEndpoint):
    serializer_class = RatingScaleSerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        return queries.rating_scales()

    @extend_schema(
        operation_id="ratings_list",
        summary="Rating scales and the definitions of their ratings",
        responses={
            200: RatingScaleSerializer(many=True),
            400: UNKNOWN_PARAMETER,
            429: THROTTLED,
        },
    )
    def get(self, request: Request) -> Response:
        return Response(RatingScaleSerializer(self.get_queryset(), many=True).data)
