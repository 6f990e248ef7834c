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
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.selectors import public as queries
from factcheck.api.discovery import SYSTEM_PARAMETERS, VERSION, discovery_document
from factcheck.api.filters import LANGUAGE_HINT, is_language_tag
from factcheck.api.permissions import PublicRead
from factcheck.api.views import check_search
from factcheck.base.http import site_url
from factcheck.base.numbers import BadInteger, parse_int

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 10
_SALT = "factcheck.factchecktools.page"
NOT_OURS = "Not a token this API gave for this search: start again without it."


def _bare(domain: str) -> str:
    """A site as Google names it: the host, without "www."."""
    return domain.strip().lower().removeprefix("www.")


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:  # e.g. "http://[::1": no host to be read
        return ""


def our_site() -> str:
    return _bare(_host(settings.FACTCHECK_PUBLISHER_URL))


def _site_asked(raw: str) -> str:
    """``reviewPublisherSiteFilter`` as a bare domain: "www.Example.org" and
    "https://example.org/" name the same site as "example.org"."""
    text = raw.strip()
    if "://" in text:
        text = _host(text)
    return _bare(text.split("/", 1)[0])


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


def _title(document: dict[str, Any]) -> str | None:
    """The review's headline when one is known. The ClaimReview importer files a review
    that came without one under "{publisher}: {rating}", a stand-in no reader should take
    for the publisher's title (Google leaves ``title`` out when a review has none)."""
    headline = (document.get("headline") or "").strip()
    publisher = document.get("publisher") or {}
    rating = document.get("rating") or {}
    if not publisher.get("ours", False):
        stand_in = f"{publisher.get('name', '')}: {rating.get('label', '')}"[:300]
        if headline == stand_in:
            return None
    return headline or None


def _review(verdict: Any, language: str) -> dict[str, Any]:
    """A review from a ``PublishedVerdict`` (with ``site``, its publisher's domain as
    published) and its claim's language."""
    document = verdict.document
    if verdict.ours:
        publisher = {"name": settings.FACTCHECK_PUBLISHER_NAME, "site": our_site()}
    else:
        site = verdict.site or _host(document["page_url"] or "")
        publisher = {"name": document["publisher"]["name"], "site": _bare(site)}
    review: dict[str, Any] = {"publisher": publisher, "url": document["page_url"]}
    title = _title(document)
    if title is not None:
        review["title"] = title
    if document.get("date_first_seen"):
        # Their review gave no date: Google leaves reviewDate out when it is unknown; the
        # day we first saw it (which maxAgeDays and the order use) is named as such.
        review["firstSeenDate"] = _rfc3339(verdict.first_published)
    else:
        review["reviewDate"] = _rfc3339(verdict.first_published)
    review["textualRating"] = (document["rating"] or {}).get("label", "")
    # The review's own language (AFP's French review of an English claim is French).
    review["languageCode"] = document.get("language") or language
    return review


def _translated_review(translation: dict[str, Any]) -> dict[str, Any]:
    """Our review in another language (``queries.translation_into``): its own page,
    headline, date and language, the rating's label as it published it."""
    return {
        "publisher": {"name": settings.FACTCHECK_PUBLISHER_NAME, "site": our_site()},
        "url": translation["url"],
        "title": translation["headline"],
        "reviewDate": _rfc3339(datetime.datetime.fromisoformat(translation["first_published"])),
        "textualRating": translation["rating_label"],
        "languageCode": translation["language"],
    }


def _recent(days: int) -> Q:
    """Reviews whose age, Google's way, is at most ``days``: the newer of the claim's date
    and the review's (first publication) is in the window. A claim date is its day's first
    moment in UTC, as ``claimDate`` is written."""
    since = timezone.now().astimezone(datetime.UTC) - datetime.timedelta(days=days)
    first_day = since.date()
    if since.time() != datetime.time.min:
        first_day += datetime.timedelta(days=1)
    return Q(first_published__gte=since) | Q(claim__claimed_on__gte=first_day)


class FactCheckPublisher(serializers.Serializer[Any]):
    name = serializers.CharField()
    site = serializers.CharField(help_text="The publisher's bare domain, without `www.`.")


class FactCheckReview(serializers.Serializer[Any]):
    publisher = FactCheckPublisher()
    url = serializers.CharField(help_text="The review's page.")
    title = serializers.CharField(
        required=False, help_text="The review's headline; absent when it is not known."
    )
    reviewDate = serializers.CharField(
        required=False, help_text="RFC 3339, UTC; absent when the publisher gave no date."
    )
    firstSeenDate = serializers.CharField(
        required=False,
        help_text="RFC 3339, UTC: for a review that gave no date, when we first saw it "
        "(what maxAgeDays and the order use for it). Not a Google field.",
    )
    textualRating = serializers.CharField(allow_blank=True)
    languageCode = serializers.CharField()


class FactCheckAppearance(serializers.Serializer[Any]):
    claimant = serializers.CharField(required=False, help_text="Who said it, when known.")
    claimDate = serializers.CharField(
        required=False, help_text="RFC 3339, UTC; absent when not known."
    )
    text = serializers.CharField(
        required=False, help_text="Their words, when another claim of the family's."
    )
    url = serializers.CharField(required=False, help_text="Where it was said, when known.")


class FactCheckClaim(serializers.Serializer[Any]):
    text = serializers.CharField()
    claimant = serializers.CharField(required=False, help_text="Absent when unattributed.")
    claimDate = serializers.CharField(
        required=False, help_text="RFC 3339, UTC; absent when not known."
    )
    claimReview = FactCheckReview(many=True)
    claimAppearances = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="The addresses of the other public appearances of the claim (said again, "
        "or by others: claim families), as the verdict's latest revision published them. "
        "Google's name and form for ClaimReview's `itemReviewed.appearance.url` (in its "
        "`pages` resource: its `claims:search` has no place for them); absent when none.",
    )
    appearances = FactCheckAppearance(
        many=True,
        required=False,
        help_text="Not a Google field: each public appearance with who said it, when, in "
        "what words and where, named as Google names a claim's fields. Absent when none.",
    )


ClaimsSearchResponse = inline_serializer(
    "ClaimsSearchResponse",
    {
        "claims": FactCheckClaim(many=True),
        "nextPageToken": serializers.CharField(required=False),
        "order": serializers.ChoiceField(
            choices=["relevance", "newest"],
            help_text="Not in Google's API (its clients pass it over): `relevance` while "
            "a page lists the ranked window of a search (its newest "
            "`FACTCHECK_SEARCH_RANK_WINDOW` matches, most relevant first), `newest` for "
            "the matches past it and for lists without a query.",
        ),
    },
)

FactCheckToolsError = inline_serializer(
    "FactCheckToolsError",
    {
        "error": serializers.DictField(
            help_text="`code`, `message`, `status` and, for a 400, `details` naming each "
            "bad parameter (`fieldViolations`), as Google's."
        )
    },
)

GOOGLE_STATUS = {
    400: "INVALID_ARGUMENT",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "INVALID_ARGUMENT",
    429: "RESOURCE_EXHAUSTED",
}
SYSTEM = frozenset(SYSTEM_PARAMETERS)


def _unknown_name(name: str) -> str:
    # Google's own words, which programs written for its API may look for.
    return (
        f'Invalid JSON payload received. Unknown name "{name}": Cannot bind query '
        f"parameter. Field '{name}' could not be found in request message."
    )


class GoogleStyle(APIView):
    """An endpoint of Google's API: its parameters, its system parameters, and its
    errors, so that Google's clients report ours as they would Google's."""

    permission_classes = [PublicRead]
    own_parameters: frozenset[str] = frozenset()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        accepted = self.own_parameters | SYSTEM
        unknown = sorted(set(request.query_params) - accepted)
        if unknown:
            raise ValidationError({name: [_unknown_name(name)] for name in unknown})
        if request.query_params.get("alt", "json") not in ("json", ""):
            raise ValidationError({"alt": ["Only alt=json is served here."]})

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        if (
            response.status_code >= 400
            and isinstance(response.data, dict)
            and "error" not in response.data
        ):
            response.data = {"error": _google_error(response.status_code, response.data)}
        return response


def _google_error(status: int, data: dict[str, Any]) -> dict[str, Any]:
    def words(errors: Any) -> str:
        return " ".join(map(str, errors)) if isinstance(errors, list) else str(errors)

    error: dict[str, Any] = {
        "code": status,
        "message": "; ".join(
            words(errors) if field == "detail" else f"{field}: {words(errors)}"
            for field, errors in data.items()
        ),
        "status": GOOGLE_STATUS.get(status, "UNKNOWN"),
    }
    if status == 400:
        error["details"] = [
            {
                "@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [
                    {"field": field, "description": words(errors)}
                    for field, errors in data.items()
                ],
            }
        ]
    return error


SEARCH_OPENAPI = [
    OpenApiParameter(
        "query",
        str,
        description="Text to search; required unless reviewPublisherSiteFilter is given.",
    ),
    OpenApiParameter(
        "languageCode",
        str,
        description="BCP-47 language code, e.g. `en` or `en-US`: claims in that language, "
        "whatever the region (`en-US` finds `en` and `en-GB`); in any case. A claim whose "
        "verdict of ours has a current translation into it is found by the translation's "
        "words and comes with the translation's review (its page, title, rating's label "
        "and languageCode).",
    ),
    OpenApiParameter(
        "reviewPublisherSiteFilter",
        str,
        description="Only reviews by the publisher of this site, e.g. `politifact.com` "
        "(`www.` or not).",
    ),
    OpenApiParameter(
        "maxAgeDays",
        int,
        description="Only claims whose claim date or review date, the newer of the two, "
        "is in the last N days.",
    ),
    OpenApiParameter("pageSize", int, description="1 to 100, default 10."),
    OpenApiParameter("pageToken", str, description="The previous response's nextPageToken."),
    OpenApiParameter("offset", int, description="Results to skip, when no pageToken is given."),
]


def _system_openapi() -> list[OpenApiParameter]:
    kinds = {"boolean": bool, "string": str}
    return [
        OpenApiParameter(
            name,
            kinds[spec["type"]],
            enum=spec.get("enum"),
            description=f"Google's system parameter. {spec['description']}",
        )
        for name, spec in SYSTEM_PARAMETERS.items()
    ]


class ClaimsSearch(GoogleStyle):
    own_parameters = frozenset(
        {
            "query",
            "languageCode",
            "reviewPublisherSiteFilter",
            "maxAgeDays",
            "pageSize",
            "pageToken",
            "offset",
        }
    )

    @extend_schema(
        operation_id="factchecktools_claims_search",
        summary="Search fact-checked claims (Google Fact Check Tools API compatible)",
        description="Any other parameter is a 400 naming it, as Google's API answers.",
        parameters=[*SEARCH_OPENAPI, *_system_openapi()],
        responses={200: ClaimsSearchResponse, 400: FactCheckToolsError, 429: FactCheckToolsError},
        tags=["Fact Check Tools"],
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        text = params.get("query", "").strip()
        site_asked = params.get("reviewPublisherSiteFilter", "").strip()
        if not text and not site_asked:
            raise ValidationError({"query": ["Give a query, or a reviewPublisherSiteFilter."]})
        language = params.get("languageCode", "").strip()
        if language and not is_language_tag(language):
            raise ValidationError({"languageCode": [LANGUAGE_HINT]})
        size = _whole(
            params, "pageSize", minimum=1, maximum=MAX_PAGE_SIZE, default=DEFAULT_PAGE_SIZE
        )
        offset, position = self._start(params)
        reviews: QuerySet[Any] = queries.published_verdicts_index()
        chosen = False  # whether the reviews are a selection, so claims need one of them
        if site_asked:
            site = _site_asked(site_asked)
            if not site:  # "www." or a URL with no host: no publisher's site
                reviews = reviews.none()
            elif site == our_site():
                reviews = reviews.filter(ours=True)
            else:
                reviews = queries.verdicts_of_site(reviews, site)
            chosen = True
        if params.get("maxAgeDays"):
            days = _whole(params, "maxAgeDays", minimum=1, maximum=100_000, default=0)
            reviews = reviews.filter(_recent(days))
            chosen = True
        claims = queries.published_claims()
        if chosen:
            claims = claims.filter(Exists(reviews.filter(claim_id=OuterRef("pk"))))
        if language:
            # Claims in it, and those our verdict on is currently translated into it.
            claims = queries.claims_in_language(claims, language)
        # Two queries: the claims, then their reviews (with the publisher's domain as it
        # was published, from the revision, without reading the whole revision).
        published = KeyTransform("publisher", KeyTransform("verdict", "revision__document"))
        shown = reviews.annotate(site=KeyTextTransform("domain", published))
        claims = claims.only("claim_id", "document", "language", "published_at").prefetch_related(
            Prefetch("verdicts", queryset=shown.order_by("verdict_id"), to_attr="reviews")
        )
        if language:
            # The translation into it that stands for our review, read with each claim.
            claims = claims.annotate(translated=queries.translation_into(language))
        body: dict[str, Any]
        if text:
            # The ranked window by relevance, then every other match newest first: each
            # page says which (``order``, a field Google's clients pass over).
            check_search(text, "query")
            # In each claim's own language, or in languageCode's only (the claims kept).
            page = queries.search_page(
                claims, text, size=size, position=position, skip=offset, language=language or None
            )
            body = {"claims": [self._claim(claim) for claim in page.rows]}
            if page.next is not None:
                body["nextPageToken"] = queries.position_token(page.next, _SALT)
            body["order"] = page.order
            return Response(body)
        if position is not None:
            raise ValidationError({"pageToken": [NOT_OURS]})
        newest = [F("published_at").desc(), F("claim_id").desc()]
        rows = list(claims.order_by(*newest)[offset : offset + size + 1])
        body = {"claims": [self._claim(claim) for claim in rows[:size]]}
        if len(rows) > size:
            body["nextPageToken"] = signing.dumps(offset + size, salt=_SALT)
        body["order"] = queries.NEWEST
        return Response(body)

    @staticmethod
    def _start(params: Any) -> tuple[int, queries.Position | None]:
        """Where the page starts: an offset (without a query, or given as ``offset``), or
        a search's position, from ``pageToken``."""
        token = params.get("pageToken", "")
        if not token:
            return _whole(params, "offset", minimum=0, maximum=1_000_000, default=0), None
        try:
            raw = signing.loads(token, salt=_SALT)
            if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
                return raw, None
            return 0, queries.position_from_token(token, _SALT)
        except (signing.BadSignature, ValueError):
            raise ValidationError({"pageToken": [NOT_OURS]}) from None

    @staticmethod
    def _claim(claim: Any) -> dict[str, Any]:
        document = claim.document
        # Asked in a language our verdict on it is translated into: the translation's
        # claim and review stand for ours (its page, its words, its rating's label).
        translation = getattr(claim, "translated", None)
        entry: dict[str, Any] = {
            "text": document["text"] if translation is None else translation["claim_text"]
        }
        if document["speaker"] is not None:
            entry["claimant"] = document["speaker"]["name"]
        if document["claimed_on"]:
            entry["claimDate"] = _rfc3339(datetime.date.fromisoformat(document["claimed_on"]))
        entry["claimReview"] = [
            _translated_review(translation)
            if translation is not None and verdict.verdict_id == translation["original_id"]
            else _review(verdict, claim.language)
            for verdict in claim.reviews
        ]
        appearances = [_appearance(said) for said in document.get("appearances") or []]
        if appearances:
            urls = [said["url"] for said in appearances if "url" in said]
            if urls:
                entry["claimAppearances"] = urls
            entry["appearances"] = appearances
        return entry


def _appearance(said: dict[str, Any]) -> dict[str, Any]:
    """One public appearance of the claim document (as its lead verdict's latest revision
    published it), in Google's names: ``claimant``, ``claimDate``, ``text`` (their words,
    when they are another claim's), ``url``, each when known."""
    entry: dict[str, Any] = {}
    if said.get("speaker"):
        entry["claimant"] = said["speaker"]["name"]
    if said.get("date"):
        entry["claimDate"] = _rfc3339(datetime.date.fromisoformat(said["date"]))
    if said.get("text"):
        entry["text"] = said["text"]
    if said.get("url"):
        entry["url"] = said["url"]
    return entry


class Discovery(GoogleStyle):
    """``GET /$discovery/rest?version=v1alpha1``: the discovery document, at the path
    Google serves its own, with this site (``FACTCHECK_SITE_URL``) as ``rootUrl``."""

    own_parameters = frozenset({"version", "userIp"})

    @extend_schema(
        operation_id="factchecktools_discovery",
        summary="Discovery document of the Fact Check Tools compatible API",
        description='For Google\'s client libraries: `build("factchecktools", "v1alpha1", '
        'discoveryServiceUrl="<this URL>")` searches our claims.',
        parameters=[
            OpenApiParameter(
                "version", str, enum=[VERSION], description=f"`{VERSION}` (the default)."
            ),
            OpenApiParameter("userIp", str, description="Sent by Google's client; ignored."),
            *_system_openapi(),
        ],
        responses={(200, "application/json"): dict, 400: FactCheckToolsError},
        tags=["Fact Check Tools"],
    )
    def get(self, request: Request) -> Response:
        if request.query_params.get("version", VERSION) != VERSION:
            raise ValidationError({"version": [f"This API has one version: {VERSION}."]})
        document = discovery_document(
            root=site_url(),
            owner=settings.FACTCHECK_PUBLISHER_NAME,
            documentation=site_url(reverse("api-docs")),
        )
        # Outside /api/ and /v1alpha1/, where the CORS middleware answers: browsers'
        # clients load the document from other sites too.
        return Response(document, headers={"Access-Control-Allow-Origin": "*"})
