from __future__ import annotations

from typing import Any, ClassVar, cast

import pghistory
from django.conf import settings
from django.db import models
from pghistory.models import Events, EventsQuery, EventsQueryCompiler, EventsQuerySet


class _NewestEventsCompiler(EventsQueryCompiler):
    """pghistory builds every event's diff before the page is taken: at a million claims
    that is seconds per page. With ``newest(n)``, each event table contributes only its
    newest ``n`` events (by id, the order triggers write them), so only those are diffed;
    each diff still compares with the event before it, wherever that is."""

    def _get_where_clause(self, event_model: Any) -> str:
        clause = super()._get_where_clause(event_model)
        newest = getattr(self.query, "newest", None)
        if not newest or self.tracks or self.references:
            return clause  # one record's history: all of it
        table = self.connection.ops.quote_name(event_model._meta.db_table)
        only = ""
        label = getattr(self.query, "newest_label", None)
        if label:
            with self.connection.cursor() as cursor:
                only = cursor.mogrify("WHERE pgh_label = %s", [label])
        recent = (
            f"_event.pgh_id IN (SELECT pgh_id FROM {table} {only}"
            f" ORDER BY pgh_id DESC LIMIT {int(newest)})"
        )
        return f"{clause} AND {recent}" if clause else f"WHERE {recent}"


class _NewestEventsQuery(EventsQuery):
    newest: int | None = None
    newest_label: str | None = None

    def get_compiler(self, *args: Any, **kwargs: Any) -> Any:
        compiler = super().get_compiler(*args, **kwargs)
        compiler.__class__ = _NewestEventsCompiler
        return compiler


class AuditEventQuerySet(EventsQuerySet):
    def __init__(self, model: Any = None, query: Any = None, **kwargs: Any) -> None:
        super().__init__(model, query or _NewestEventsQuery(model), **kwargs)

    def newest(self, count: int, *, label: str | None = None) -> AuditEventQuerySet:
        """Only the newest ``count`` events of each kind of record (of ``label`` only,
        when given): what a page of the whole history can show."""
        rows = cast(Any, self)._clone()
        rows.query.newest, rows.query.newest_label = count, label
        return cast(AuditEventQuerySet, rows)


class AuditEvent(Events):
    """One recorded change (insert, update or delete) with who made it and from which page.

    A read-only view over the event tables that database triggers fill (see
    django-pghistory); shown in the admin as the audit history.
    """

    user = pghistory.ProxyField(
        "pgh_context__user",
        models.ForeignKey(
            settings.AUTH_USER_MODEL,
            on_delete=models.DO_NOTHING,
            null=True,
            help_text="Who made the change.",
        ),
    )
    url = pghistory.ProxyField(
        "pgh_context__url",
        models.TextField(null=True, help_text="The page the change was made from."),
    )

    objects: ClassVar[Any] = AuditEventQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = "audit history entry"
        verbose_name_plural = "audit history"

    def __str__(self) -> str:
        return f"{self.pgh_label} of {self.pgh_obj_model} {self.pgh_obj_id}"
