"""Keyset ("cursor") pagination: a stable order with a unique tiebreak, an opaque cursor,
and no COUNT(*) over the table. DRF's CursorPagination orders on one field; ours also
pages through relevance and other computed, non-null keys."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db.models import F, Q, QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.utils.urls import replace_query_param

from factcheck.base.http import site_url
from factcheck.base.numbers import BadInteger, parse_int

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
_SALT = "factcheck.api.cursor"


@dataclass(frozen=True)
class Key:
    """One sort key: a field or annotation that is never null, and its type."""

    name: str
    descending: bool = True
    kind: str = "int"  # int, float, str, datetime or date

    def load(self, raw: Any) -> Any:
        if self.kind == "datetime":
            return datetime.datetime.fromisoformat(raw)
        if self.kind == "date":
            return datetime.date.fromisoformat(raw)
        if self.kind == "str":
            return str(raw)
        return float(raw) if self.kind == "float" else int(raw)

    @staticmethod
    def dump(value: Any) -> Any:
        return value.isoformat() if isinstance(value, datetime.date) else value


def page_size(request: Request) -> int:
    raw = request.query_params.get("page_size", "")
    if raw == "":
        return DEFAULT_PAGE_SIZE
    try:
        return parse_int(raw, name="page_size", minimum=1, maximum=MAX_PAGE_SIZE)
    except BadInteger as bad:
        raise ValidationError({"page_size": [bad.message]}) from None


def _get(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, dict) else getattr(row, name)


class KeysetPage:
    """One page of ``queryset`` in the order of ``keys`` (the last key unique), after the
    position the request's ``cursor`` names. With ``fields``, its rows are dicts of those
    fields and the keys (no model instances to build: the document lists need two
    values a row)."""

    def __init__(
        self,
        request: Request,
        queryset: QuerySet[Any],
        keys: list[Key],
        order: str,
        fields: tuple[str, ...] = (),
    ):
        self.request, self.keys, self.order = request, keys, order
        size = page_size(request)
        ordered = queryset.order_by(
            *[F(k.name).desc() if k.descending else F(k.name).asc() for k in keys]
        )
        after = self._cursor()
        if after is not None:
            ordered = ordered.filter(self._beyond(after))
        if fields:
            ordered = ordered.values(*dict.fromkeys([*fields, *(k.name for k in keys)]))
        rows = list(ordered[: size + 1])
        self.has_next = len(rows) > size
        self.rows = rows[:size]

    def _cursor(self) -> list[Any] | None:
        token = self.request.query_params.get("cursor")
        if not token:
            return None
        try:
            data = signing.loads(token, salt=_SALT)
            if data["o"] != self.order or len(data["v"]) != len(self.keys):
                raise ValueError
            return [key.load(raw) for key, raw in zip(self.keys, data["v"], strict=True)]
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise ValidationError(
                {"cursor": ["This cursor is not valid for this list: start from the first page."]}
            ) from None

    def _beyond(self, values: list[Any]) -> Q:
        """Rows after ``values`` in key order: (a, b, id) < (va, vb, vid), spelled out."""
        condition = Q()
        for i, key in enumerate(self.keys):
            step = Q(**{f"{key.name}__{'lt' if key.descending else 'gt'}": values[i]})
            for earlier, value in zip(self.keys[:i], values[:i], strict=True):
                step &= Q(**{earlier.name: value})
            condition |= step
        return condition

    def next_url(self) -> str | None:
        if not self.has_next or not self.rows:
            return None
        last = self.rows[-1]
        values = [Key.dump(_get(last, key.name)) for key in self.keys]
        token = signing.dumps({"o": self.order, "v": values}, salt=_SALT, compress=True)
        # At the site's address, not the request's host (FACTCHECK_SITE_URL).
        here = site_url(self.request.get_full_path())
        return replace_query_param(here, "cursor", token)
