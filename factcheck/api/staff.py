"""Writing through the API, for staff with a token: the same services as the admin, so the
two can never disagree. Each record's ETag is its version; an update must send it back in
If-Match (428 without, 412 when someone saved since)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, cast

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from claims import permissions, services
from claims.selectors import newsroom
from claims.selectors.newsroom import proposal_hash
from factcheck.api import staff_serializers as s
from factcheck.base.numbers import BadInteger, parse_int
from factcheck.base.signin import second_factor_matches, session_lacks_second_factor
from sources import services as source_services

NOTES = {"correction_note", "correction_kind"}
# Refusals name the field: {"headline": ["…"]}, nested for source lines, and
# non_field_errors (or detail) for the record as a whole.
FIELD_ERRORS = {
    "type": "object",
    "description": "Messages by field name.",
    "additionalProperties": {"anyOf": [{"type": "string"}, {"type": "array"}, {"type": "object"}]},
}
ERRORS = {
    400: OpenApiResponse(
        FIELD_ERRORS, description="Refused: the message says why, field by field."
    ),
    401: OpenApiResponse(
        s.ErrorSerializer, description="Not signed in: send `Authorization: Token …`."
    ),
    403: OpenApiResponse(
        s.ErrorSerializer, description="Your role does not allow it; the message says who may."
    ),
    404: OpenApiResponse(s.ErrorSerializer, description="No such record."),
}
VERSIONED = {
    **ERRORS,
    412: OpenApiResponse(
        s.ErrorSerializer, description="Someone saved it after the version you sent: GET it again."
    ),
    428: OpenApiResponse(s.ErrorSerializer, description="Send If-Match with the record's ETag."),
}


class IsStaff(BasePermission):
    message = "Only signed-in newsroom staff may write."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active and user.is_staff):
            return False
        if not permissions.reads_the_newsroom(user):
            # The staff API reads drafts and verdicts in review: the newsroom's roles
            # only, not any account with the staff flag.
            raise exceptions.PermissionDenied(
                "The staff API is for the newsroom's roles (fact-checkers, editors): your "
                "account cannot read verdicts."
            )
        # A token was handed out only with the one-time code (StaffToken); an admin
        # session may have been opened with a password alone, to set the code up.
        token = isinstance(request.successful_authenticator, TokenAuthentication)
        if not token and session_lacks_second_factor(user):
            raise exceptions.PermissionDenied(
                "This session was signed in without the one-time code your account needs: "
                "set up two-factor sign-in in the admin (“Two-factor sign-in”) and sign in "
                "again with its code, or send an API token."
            )
        return True


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = (
        "Send If-Match with the ETag of the version you edited (GET the record first)."
    )


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "Someone saved this record after the version you sent: GET it again."


def etag(obj: Any) -> str:
    """A record's version."""
    return f'"{obj.version}"'


def verdict_etag(verdict: Any, seen: str | None = None) -> str:
    """A verdict's version and the hash of what it would publish (``seen``, when already
    computed), so that a change to its claim, speaker or sources (other rows) makes a read
    stale too."""
    return f'"{verdict.version}-{(seen or proposal_hash(verdict))[:16]}"'


def _if_match_header(request: Request, *, required: bool) -> str:
    header = request.headers.get("If-Match", "").strip()
    if not header and required:
        raise PreconditionRequired
    return header


def verdict_if_match(
    request: Request, verdict: Any, *, required: bool = True, seen: str | None = None
) -> int:
    """As ``if_match``, against the verdict's ETag with what it would publish (``seen``:
    the hash the caller's step will be held to, computed once, so that what the ETag was
    compared with is exactly what the service then checks under its locks)."""
    header = _if_match_header(request, required=required)
    if not header:
        return int(verdict.version)
    current = verdict_etag(verdict, seen)
    if header != current:
        raise PreconditionFailed(
            f"This verdict, or what it would publish (its claim, speaker or sources), "
            f"changed: its ETag is {current}; you sent {header}. GET it again, read the "
            "changes, and send your step with the new ETag."
        )
    return int(verdict.version)


def if_match(request: Request, obj: Any, *, required: bool = True) -> int:
    """The version the caller edited, from If-Match: 428 without it, 412 if it is stale."""
    header = _if_match_header(request, required=required)
    if not header:
        return int(obj.version)
    # Strong only: W/"…" never matches.
    quoted = len(header) > 2 and header[0] == header[-1] == '"'
    try:
        sent = parse_int(header[1:-1] if quoted else "", name="If-Match")
    except BadInteger:
        sent = None
    if sent != obj.version:
        raise PreconditionFailed(
            f"This record is at version {obj.version} (ETag {etag(obj)}); you sent {header}. "
            "GET it again, compare, and send your change with the new ETag."
        )
    return int(obj.version)


def tagged(data: Any, tag: str, code: int = 200) -> Response:
    response = Response(data, status=code)
    response["ETag"] = tag
    return response


class StaffRecord(GenericAPIView[Any]):
    """One kind of record: how it is created and updated, through which services."""

    # No docstrings below this one: the schema describes every staff record's operations
    # with it. No ``queryset`` either (records come from rows()): with one, the schema
    # would describe the path's id from the model.

    permission_classes = [IsStaff]
    # The newsroom selector each kind reads its records from.
    selector: ClassVar[Callable[[], QuerySet[Any]]]

    def rows(self) -> QuerySet[Any]:
        return type(self).selector()

    def etag(self, obj: Any) -> str:
        return etag(obj)

    def if_match(self, request: Request, obj: Any) -> int:
        return if_match(request, obj)

    def create(self, user: Any, data: dict[str, Any]) -> Any:
        raise exceptions.MethodNotAllowed("POST")

    def update(
        self, obj: Any, user: Any, version: int, changes: dict[str, Any], data: dict[str, Any]
    ) -> Any:
        raise exceptions.MethodNotAllowed("PATCH")

    def show(self, obj: Any, code: int = 200) -> Response:
        obj.refresh_from_db()
        return tagged(self.get_serializer(obj).data, self.etag(obj), code)


class Creating(StaffRecord):
    def post(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.show(self.create(request.user, dict(serializer.validated_data)), 201)


class Editing(StaffRecord):
    def get(self, request: Request, pk: int) -> Response:
        return self.show(get_object_or_404(self.rows(), pk=pk))

    def patch(self, request: Request, pk: int) -> Response:
        obj = get_object_or_404(self.rows(), pk=pk)
        version = self.if_match(request, obj)
        serializer = self.get_serializer(obj, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        changes = {k: v for k, v in data.items() if k not in NOTES and k != "sources"}
        return self.show(self.update(obj, request.user, version, changes, data))


def endpoints(record: type[StaffRecord], name: str) -> tuple[Any, Any]:
    """The collection (POST) and record (GET, PATCH) views of one kind of record."""
    serializer = record.serializer_class
    collection = extend_schema_view(
        post=extend_schema(
            operation_id=f"staff_{name}_create",
            summary=f"Create a {name}",
            request=serializer,
            responses={201: serializer, **ERRORS},
        )
    )(type(f"{record.__name__}Collection", (Creating, record), {}))
    detail = extend_schema_view(
        get=extend_schema(
            operation_id=f"staff_{name}_retrieve",
            summary=f"A {name}, with its version as ETag (drafts included)",
            responses={200: serializer, **ERRORS},
        ),
        patch=extend_schema(
            operation_id=f"staff_{name}_update",
            summary=f"Change a {name}: send If-Match with its ETag",
            request=serializer,
            responses={200: serializer, **VERSIONED},
        ),
    )(type(f"{record.__name__}Detail", (Editing, record), {}))
    return cast(Any, collection).as_view(), cast(Any, detail).as_view()


class StaffClaims(StaffRecord):
    serializer_class = s.ClaimWriteSerializer

    selector = newsroom.claims

    def create(self, user: Any, data: dict[str, Any]) -> Any:
        data.pop("correction_note", None)
        return services.claim_create(user=user, **data)

    def update(
        self, obj: Any, user: Any, version: int, changes: dict[str, Any], data: dict[str, Any]
    ) -> Any:
        note = data.get("correction_note", "")
        return services.claim_update(
            claim=obj, user=user, expected_version=version, changes=changes, correction_note=note
        )


class StaffSpeakers(StaffRecord):
    serializer_class = s.SpeakerWriteSerializer

    selector = newsroom.speakers

    def create(self, user: Any, data: dict[str, Any]) -> Any:
        return services.speaker_create(user=user, **data)

    def update(
        self, obj: Any, user: Any, version: int, changes: dict[str, Any], data: dict[str, Any]
    ) -> Any:
        return services.speaker_update(
            speaker=obj, user=user, expected_version=version, changes=changes
        )


class StaffArticles(StaffRecord):
    serializer_class = s.ArticleWriteSerializer

    selector = newsroom.articles

    def create(self, user: Any, data: dict[str, Any]) -> Any:
        return source_services.article_create(user=user, **data)

    def update(
        self, obj: Any, user: Any, version: int, changes: dict[str, Any], data: dict[str, Any]
    ) -> Any:
        return services.article_update(
            article=obj, user=user, expected_version=version, changes=changes
        )


class StaffSources(StaffRecord):
    serializer_class = s.SourceWriteSerializer

    selector = newsroom.sources

    def create(self, user: Any, data: dict[str, Any]) -> Any:
        data.pop("correction_note", None)
        return source_services.source_create(user=user, **data)

    def update(
        self, obj: Any, user: Any, version: int, changes: dict[str, Any], data: dict[str, Any]
    ) -> Any:
        note = data.get("correction_note", "")
        return services.source_update(
            source=obj, user=user, expected_version=version, changes=changes, correction_note=note
        )


def _lines(data: dict[str, Any]) -> list[services.SourceLine] | None:
    if "sources" not in data:
        return None
    return [
        services.SourceLine(source=line["source"], note=line.get("note", ""))
        for line in data["sources"]
    ]


class StaffVerdicts(StaffRecord):
    serializer_class = s.VerdictWriteSerializer

    selector = newsroom.verdicts

    def etag(self, obj: Any) -> str:
        return verdict_etag(obj)

    def if_match(self, request: Request, obj: Any) -> int:
        return verdict_if_match(request, obj)

    def create(self, user: Any, data: dict[str, Any]) -> Any:
        for name in NOTES:
            data.pop(name, None)
        lines = _lines(data) or []
        data.pop("sources", None)
        return services.verdict_create(user=user, sources=lines, **data)

    def update(
        self, obj: Any, user: Any, version: int, changes: dict[str, Any], data: dict[str, Any]
    ) -> Any:
        return services.verdict_update(
            verdict=obj,
            user=user,
            expected_version=version,
            changes=changes,
            sources=_lines(data),
            correction_note=data.get("correction_note", ""),
            correction_kind=data.get("correction_kind") or "correction",
        )


# step: (needs If-Match, the service call)
STEPS: dict[str, tuple[bool, Any]] = {
    "submit": (False, lambda v, u, ver, d: services.verdict_submit(verdict=v, user=u)),
    "approve": (
        True,
        lambda v, u, ver, d: services.verdict_approve(
            verdict=v,
            user=u,
            expected_version=ver,
            comment=d.get("comment", ""),
            expected_hash=d["seen"],
        ),
    ),
    "publish": (
        True,
        lambda v, u, ver, d: services.verdict_publish(
            verdict=v,
            user=u,
            expected_version=ver,
            comment=d.get("comment", ""),
            expected_hash=d["seen"],
        ),
    ),
    "return": (
        False,
        lambda v, u, ver, d: services.verdict_return(
            verdict=v, user=u, comment=d.get("comment", "")
        ),
    ),
    "retract": (
        False,
        lambda v, u, ver, d: services.verdict_retract(verdict=v, user=u, note=d.get("note", "")),
    ),
    "correct": (
        True,
        lambda v, u, ver, d: services.verdict_correct(
            verdict=v,
            user=u,
            expected_version=ver,
            note=d.get("note", ""),
            kind=d.get("kind") or "correction",
        ),
    ),
    "takedown": (
        False,
        lambda v, u, ver, d: services.verdict_takedown(verdict=v, user=u, note=d.get("note", "")),
    ),
}


class StaffVerdictStep(GenericAPIView[Any]):
    """A workflow step on a verdict, through the same service as the admin's button."""

    permission_classes = [IsStaff]
    serializer_class = s.WorkflowStepSerializer

    @extend_schema(
        operation_id="staff_verdict_step",
        summary="Take a workflow step: submit, approve, publish, return, retract, correct (propose a correction, update or clarification), takedown",
        description=(
            "approve, publish and correct need If-Match with the ETag of the version you read: "
            "nothing is approved unseen. `correct` proposes the verdict's edited working copy "
            "with a public note; readers see it once enough independent editors approve and "
            "`publish` it (`return` withdraws the proposal)."
        ),
        request=s.WorkflowStepSerializer,
        responses={200: s.VerdictWriteSerializer, **VERSIONED},
    )
    def post(self, request: Request, pk: int, step: str) -> Response:
        if step not in STEPS:
            raise exceptions.NotFound(f"No workflow step “{step}”: use one of {', '.join(STEPS)}.")
        verdict = get_object_or_404(newsroom.verdicts(), pk=pk)
        needs_version, run = STEPS[step]
        # What the ETag is compared with, and what the service then holds the step to
        # under its locks: approvals and publication are of exactly what was read.
        seen = proposal_hash(verdict)
        version = verdict_if_match(request, verdict, required=needs_version, seen=seen)
        form = self.get_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        run(verdict, request.user, version, {**form.validated_data, "seen": seen})
        verdict.refresh_from_db()
        return tagged(s.VerdictWriteSerializer(verdict).data, verdict_etag(verdict))


class StaffToken(ObtainAuthToken):
    """Exchange a staff member's username and password for their API token."""

    serializer_class = s.StaffTokenSerializer

    @extend_schema(operation_id="staff_token", summary="Get your API token (staff only)")
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Django's own request: django-axes marks a locked-out sign-in on it.
        context = {"request": request._request}
        serializer = self.serializer_class(data=request.data, context=context)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        if not user.is_staff:
            raise exceptions.PermissionDenied("API tokens are for newsroom staff.")
        if not second_factor_matches(user, serializer.validated_data.get("otp_token", "")):
            raise exceptions.AuthenticationFailed(
                "otp_token: the one-time code from your authenticator app is missing or wrong."
            )
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
