"""JSON built by PostgreSQL: for lists read often enough that building each item in
Python (a serializer per field, per row) is the cost that matters.

``JSONBuild`` keeps its keys in the order given (``json_build_object``; Django's
``JSONObject`` builds ``jsonb``, which sorts them). ``iso_instant`` writes a timestamp
exactly as Django REST framework does: local time in ``TIME_ZONE``, microseconds only
when there are any, ``Z`` for a zero offset.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import Func, Value
from django.db.models.functions import Cast


class JSONBuild(Func):
    function = "JSON_BUILD_OBJECT"
    output_field = models.JSONField()

    def __init__(self, **fields: Any) -> None:
        pairs: list[Any] = []
        for key, value in fields.items():
            pairs.extend((_typed(Value(key, output_field=models.TextField())), _typed(value)))
        super().__init__(*pairs)


def _typed(expression: Any) -> Any:
    """Constants carry their type into the SQL (``%s::text``): bound on the server, an
    argument of ``json_build_object(VARIADIC "any")`` has no type to infer."""
    if isinstance(expression, Value) and expression.value is not None:
        return Cast(expression, expression.output_field)
    return expression


class JSONText(Func):
    """A JSON value handed to Python as its text, to be sent as it is (never parsed)."""

    template = "(%(expressions)s)::text"
    output_field = models.TextField()


def json_array(rows: models.QuerySet[Any]) -> ArraySubquery:
    """The single ``values()`` column of ``rows`` as a JSON array (``[]`` when empty)."""
    return ArraySubquery(rows, output_field=models.JSONField())


# ``factcheck_iso_instant(timestamptz, text)`` is created by the migration factcheck 0002.
# A SQL function rather than an inline expression: the timestamp is used six times, and
# a subquery repeated six times would run six times.
def iso_instant(expression: Any) -> Func:
    """The timestamp as DRF writes it (NULL stays NULL)."""
    return Func(
        expression,
        Cast(Value(settings.TIME_ZONE), models.TextField()),
        function="factcheck_iso_instant",
        output_field=models.TextField(),
    )
