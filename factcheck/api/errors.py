"""Every API error is JSON that names what is wrong; never an HTML page or a traceback."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from factcheck.base.concurrency import StaleVersionError
from factcheck.base.numbers import BadInteger

# Every error answer says what went wrong for programs too, whatever its message says:
# ``Error-Code: not_found``, or per parameter ``Error-Code: q:unknown_parameter,
# speaker:invalid``. The codes are stable; the messages are English prose that may be
# reworded (the API is never translated: docs/languages.md).
CODE_HEADER = "Error-Code"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = _answer(exc, context)
    if response is not None:
        response[CODE_HEADER] = _codes(exc)[:HEADER_LIMIT]
    return response


HEADER_LIMIT = 1000
# A field's name can be the caller's own (an unknown parameter, a key of the body): in a
# header it keeps only these characters, so no value can break the header or add one.
_UNSAFE = re.compile(r"[^A-Za-z0-9_.\-\[\]]")


def _safe(text: str) -> str:
    return _UNSAFE.sub("_", text)[:100]


def _codes(exc: Exception) -> str:
    if isinstance(exc, StaleVersionError):
        return "stale_version"
    if isinstance(exc, BadInteger):
        return f"{exc.name}:not_a_whole_number"
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent):
        return "request_too_large"
    if isinstance(exc, DjangoPermissionDenied):
        return "permission_denied"
    if isinstance(exc, Http404):
        return "not_found"
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return _joined(
                {name: [e.code for e in errors] for name, errors in exc.error_dict.items()}
            )
        return _joined([e.code for e in exc.error_list])
    if isinstance(exc, exceptions.APIException):
        return _joined(exc.get_codes())
    return "error"


def _joined(codes: Any, name: str = "") -> str:
    """DRF's nested codes (a code, a list, a dict per field) as one header value."""
    if isinstance(codes, dict):
        return ", ".join(_joined(value, str(key)) for key, value in codes.items()) or "invalid"
    if isinstance(codes, list | tuple):
        return ", ".join(dict.fromkeys(_joined(value, name) for value in codes)) or "invalid"
    code = _safe(str(codes or "invalid"))
    return f"{_safe(name)}:{code}" if name else code


def _answer(exc: Exception, context: dict[str, Any]) -> Response | None:
    # A service's refusal (a rule or a permission) reaches the caller as a 400 or 403
    # with the service's own message, as the admin shows it.
    if isinstance(exc, StaleVersionError):
        return Response({"detail": exc.messages[0]}, status=status.HTTP_412_PRECONDITION_FAILED)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, BadInteger):
        return Response({exc.name: [exc.message]}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent):
        # Django's own answer would be its HTML "Bad Request" page.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return Response(
            {"detail": f"The request body is too large: this API accepts up to {limit} bytes."},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)
