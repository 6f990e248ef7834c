"""``?format=`` naming no format this endpoint offers is a 400 naming the parameter (DRF
answers 404, which reads as "no such record")."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


class NamedFormatNegotiation(DefaultContentNegotiation):
    def select_renderer(
        self, request: Any, renderers: Any, format_suffix: str | None = None
    ) -> Any:
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except Http404:
            offered = sorted({renderer.format for renderer in renderers})
            raise ValidationError({"format": [f"Choose one of: {', '.join(offered)}."]}) from None
