"""Building blocks shared by every model."""

from __future__ import annotations

import datetime
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pgtrigger
import psycopg
from django.core.exceptions import ValidationError
from django.db import OperationalError, connections, models, router, transaction
from django.db.models.functions import Coalesce
from django.db.models.lookups import IRegex
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, help_text="When this record was created.")
    updated_at = models.DateTimeField(auto_now=True, help_text="When this record was last saved.")

    class Meta:
        abstract = True


def choices_constraint(
    field: str, choices: type[models.TextChoices], name: str
) -> models.CheckConstraint:
    """A named CheckConstraint that keeps ``field`` within ``choices`` in the database too."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__in": choices.values}), name=name
    )


# Every change to a row bumps its version, whichever path made it (admin, API,
# a queryset update, a script), so an editor's form can tell it is stale.
VERSION_BUMP = "NEW.version := OLD.version + 1; RETURN NEW;"


def version_bump_trigger(name: str) -> pgtrigger.Trigger:
    return pgtrigger.Trigger(
        name=name, operation=pgtrigger.Update, when=pgtrigger.Before, func=VERSION_BUMP
    )


def not_in_future(value: datetime.date) -> None:
    """Publication and claim dates are facts about the past, in the newsroom's time zone."""
    if value is not None and value > timezone.localdate():
        raise ValidationError(
            "This date is in the future (today is %(today)s): enter the date it happened.",
            code="future_date",
            params={"today": timezone.localdate().isoformat()},
        )


# BCP 47 language tags as newsrooms use them: "en", "ar", "pt-BR", "zh-Hant".
LANGUAGE_TAG_REGEX = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"

# PostgreSQL cannot index a text value longer than about 2,700 bytes in a
# b-tree, and a 2,000-character URL in a multi-byte script is longer than
# that; URLs are therefore kept unique through an index on their MD5 digest.
URL_MAX_LENGTH = 2000


# An address readers may follow: http or https, then a host, no spaces. Anything else a
# URL column could hold (``javascript:``, ``data:``, a bare path) is refused by the
# database itself, whoever writes (an import's ``objects.create`` skips field validation).
HTTP_URL_REGEX = r"^https?://[^/?#[:space:]]+[^[:space:]]*$"


def http_url_constraint(field: str, name: str) -> models.CheckConstraint:
    """``field`` is empty or an http(s) address."""
    return models.CheckConstraint(
        condition=models.Q(**{field: ""}) | models.Q(**{f"{field}__iregex": HTTP_URL_REGEX}),
        name=name,
        violation_error_message=_("Only http:// or https:// addresses can be stored here."),
    )


def http_urls_constraint(field: str, name: str) -> models.CheckConstraint:
    """Every element of the array ``field`` is an http(s) address: the elements joined
    by spaces (which no address contains) read as a run of addresses."""
    joined = models.Func(
        models.F(field),
        models.Value(" "),
        function="array_to_string",
        output_field=models.TextField(),
    )
    element = HTTP_URL_REGEX.removeprefix("^").removesuffix("$")
    every = IRegex(joined, models.Value(f"^{element}( {element})*$"))
    return models.CheckConstraint(
        condition=models.Q(**{field: []}) | models.Q(every),
        name=name,
        violation_error_message=_("Only http:// or https:// addresses can be stored here."),
    )


def unique_slug(model: type[models.Model], text: str, *, exclude_pk: int | None = None) -> str:
    """A slug for ``text`` that no other row of ``model`` uses: "a-senior-official",
    then "a-senior-official-2", and so on. Two speakers may share a description."""
    from django.utils.text import slugify

    max_length = model._meta.get_field("slug").max_length or 50  # type: ignore[union-attr]
    base = (slugify(text) or "item")[: max_length - 6].strip("-") or "item"
    taken = model._default_manager.filter(slug__regex=rf"^{base}(-[0-9]+)?$")
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    used = set(taken.values_list("slug", flat=True))
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


def count_of(model: type[models.Model], fk: str) -> Any:
    """How many ``model`` rows point at each row, as a correlated subquery: counted for the
    rows of one page, not by a join and GROUP BY over the whole table."""
    rows = model._default_manager.filter(**{fk: models.OuterRef("pk")}).order_by()
    counted = rows.values(fk).annotate(n=models.Count("pk")).values("n")[:1]
    return Coalesce(models.Subquery(counted), 0)


def within_time(rows: models.QuerySet[Any], *, milliseconds: int) -> list[Any] | None:
    """``list(rows)``, or None when PostgreSQL needs longer than ``milliseconds``: for a
    best-effort lookup that must never hold up the page it serves. The limit is local to
    a savepoint, so the caller's transaction carries on either way."""
    try:
        with transaction.atomic(using=rows.db):
            with connections[rows.db].cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = %s", [f"{int(milliseconds)}ms"])
            return list(rows)
    except OperationalError as exc:
        if isinstance(exc.__cause__, psycopg.errors.QueryCanceled):
            return None
        raise


def copy_rows(
    model: type[models.Model], rows: Iterable[dict[str, Any]], *, with_ids: bool
) -> None:
    """COPY ``rows`` into ``model``'s table: dicts by attribute name, a missing one taking
    the field's default. Row triggers fire as for INSERT (the audit history included);
    ``with_ids=False`` lets the table's sequence number the rows."""
    fields = [
        f
        for f in model._meta.concrete_fields
        if not isinstance(f, models.GeneratedField) and (with_ids or not f.primary_key)
    ]
    connection = connections[router.db_for_write(model)]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row.get(f.attname, _default(f)) for f in fields])


def _default(field: Any) -> Any:
    if field.has_default():
        return field.get_default()
    text = isinstance(field, models.CharField | models.TextField)
    return "" if text and not field.null else None


_CONNECTION_KEYS = ("dbname", "user", "password", "host", "port", "passfile", "service")


@contextmanager
def advisory_lock(name: str, *, using: str = "default") -> Iterator[None]:
    """A PostgreSQL session lock named ``name``: processes that set up the same database
    at once (two quickstarts, several containers migrating) take turns.

    Held on a connection of its own: Django closes its connection when it likes (loaddata
    does), which would release a session lock taken on it."""
    key = zlib.crc32(name.encode())
    params = connections[using].get_connection_params()
    own = {k: v for k, v in params.items() if k in _CONNECTION_KEYS or k.startswith("ssl")}
    with psycopg.connect(**own, autocommit=True, application_name=name) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", [key])
        yield
