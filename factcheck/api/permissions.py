"""Safe defaults: the API denies everything unless an endpoint opts in."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request


class DenyAll(BasePermission):
    """The default: an endpoint that forgot to say who may use it serves nobody."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return False


class PublicRead(BasePermission):
    """Anyone may read (published content only: the endpoint's queryset sees to that)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in SAFE_METHODS
