"""Every API error is JSON that names what is wrong; never an HTML page or a traceback."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from factcheck.base.concurrency import StaleVersionError
from factcheck.base.numbers import BadInteger


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
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
