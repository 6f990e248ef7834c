"""The admin's audit history page (django-pghistory's events admin, in newsroom words):
names and links instead of ids, labels instead of rating ids, and only the project's
tracked records can be asked for."""

from __future__ import annotations

import re
from collections import defaultdict
from contextlib import suppress
from datetime import datetime
from functools import cached_property
from typing import Any, cast

from django.apps import apps
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from pghistory import core
from pghistory.admin import EventsAdmin

from factcheck.base.admin_helpers import CappedPaginator

VALUE_MAX = 300
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
UNINTERESTING = {"id", "created_at", "updated_at", "version", "search", "slug"}


def tracked_models() -> dict[str, type[models.Model]]:
    """The project's models with an audit history, by lower-case label."""
    tracked = {}
    for event_model in core.event_models():
        model = cast(Any, event_model).pgh_tracked_model
        if model._meta.app_label in {"claims", "sources"}:
            tracked[model._meta.label_lower] = model
    return tracked


def _model(label: str | None) -> type[models.Model] | None:
    if not label:
        return None
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _short(value: Any) -> str:
    if isinstance(value, str) and ISO_MOMENT.match(value):
        moment = datetime.fromisoformat(value)
        value = f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment.tzinfo else value
    text = "(empty)" if value in (None, "", []) else str(value)
    return text if len(text) <= VALUE_MAX else text[: VALUE_MAX - 1] + "…"


class AuditPaginator(CappedPaginator):
    """Counts over the newest events of every kind up to the cap, while the page itself
    is read from only as many as it needs (``AuditEventQuerySet.newest``)."""

    @cached_property
    def count(self) -> int:
        matches: Any = self.object_list
        if getattr(matches.query, "newest", None):
            matches = matches.all()
            matches.query.newest = self.cap + 1
        found = matches.order_by()[: self.cap + 1].count()
        self.capped = found > self.cap
        return min(found, self.cap)


class AuditHistoryAdmin(EventsAdmin):
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    class Media:
        css = {"all": ["claims/audit.css"]}

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        self._check_parameters(request)
        return super().changelist_view(request, extra_context)

    def _check_parameters(self, request: HttpRequest) -> None:
        """Only the project's tracked records, and only ones that exist: anything else is
        the same 404 as a page that does not exist (no user records, no admin log)."""
        tracked = tracked_models()
        label, _, pk = request.GET.get("obj", "").partition(":")
        if "obj" in request.GET:
            model = tracked.get(label.lower())
            if model is None or not pk.isdigit() or len(pk) > 18:
                raise Http404("No audit history for that record.")
            if not model._default_manager.filter(pk=int(pk)).exists():
                raise Http404("No audit history for that record.")
        if "model" in request.GET and request.GET["model"].lower() not in tracked:
            raise Http404("No audit history for that kind of record.")
        if "event_model" in request.GET:
            known = {m._meta.label_lower for m in core.event_models()}
            if request.GET["event_model"].lower() not in known:
                raise Http404("No audit history for that kind of record.")

    def get_list_display(self, request: HttpRequest) -> tuple[str, ...]:
        return ("when", "action", "record", "who", "changes")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # One join instead of one user lookup per row.
        events = super().get_queryset(request).select_related("user")
        if "obj" not in request.GET and hasattr(events, "newest"):
            # The whole history: only the events up to the page asked for are diffed.
            page = request.GET.get("p", "1")
            last = min(int(page) if page.isdigit() and len(page) < 6 else 1, self._pages())
            events = events.newest(last * self.list_per_page, label=request.GET.get("label"))
        return events

    def _pages(self) -> int:
        return -(-CappedPaginator.cap // self.list_per_page)

    def get_paginator(
        self, request: HttpRequest, queryset: Any, per_page: int, *args: Any, **kwargs: Any
    ) -> Any:
        return AuditPaginator(queryset, per_page, *args, **kwargs)

    def get_changelist_instance(self, request: HttpRequest) -> Any:
        changelist = super().get_changelist_instance(request)
        self._describe(list(changelist.result_list))
        return changelist

    def _describe(self, events: list[Any]) -> None:
        """Look up, in one query per kind of record on the page, the records and the
        related rows (ratings, speakers, sources…) the events name by id."""
        wanted: dict[type[models.Model], set[int]] = defaultdict(set)
        for event in events:
            model = _model(event.pgh_obj_model)
            event.tracked_model = model
            if model is None:
                continue
            if str(event.pgh_obj_id).isdigit():
                wanted[model].add(int(event.pgh_obj_id))
            for key, values in self._values(event).items():
                related = self._related_model(model, key)
                if related is not None:
                    wanted[related].update(v for v in values if isinstance(v, int))
            parent = self._parent_verdict(model, event)
            if parent is not None:
                wanted[parent[0]].add(parent[1])
        found = {
            # select_related(): the names of some records (a verdict source) use a relation.
            model: model._default_manager.select_related().in_bulk(list(pks))
            for model, pks in wanted.items()
        }
        for event in events:
            event.found = found

    @staticmethod
    def _values(event: Any) -> dict[str, list[Any]]:
        """Old and new values by field; for a new record, what it was created with."""
        if event.pgh_diff:
            return dict(event.pgh_diff)
        if event.pgh_label != "insert":
            return {}
        return {
            key: [None, value]
            for key, value in (event.pgh_data or {}).items()
            if key not in UNINTERESTING and value not in (None, "", [])
        }

    @staticmethod
    def _related_model(model: type[models.Model], key: str) -> type[models.Model] | None:
        for field in model._meta.concrete_fields:
            if field.is_relation and field.attname == key:
                return field.related_model  # type: ignore[return-value]
        return None

    @staticmethod
    def _parent_verdict(
        model: type[models.Model], event: Any
    ) -> tuple[type[models.Model], int] | None:
        data = event.pgh_data or {}
        if "verdict_id" in data and isinstance(data["verdict_id"], int):
            return (apps.get_model("claims.Verdict"), data["verdict_id"])
        return None

    @admin.display(description="When", ordering="pgh_created_at")
    def when(self, event: Any) -> str:
        return f"{timezone.localtime(event.pgh_created_at):%Y-%m-%d %H:%M:%S}"

    @admin.display(description="Action", ordering="pgh_label")
    def action(self, event: Any) -> str:
        return {"insert": "created", "update": "changed", "delete": "deleted"}.get(
            str(event.pgh_label), str(event.pgh_label)
        )

    @admin.display(description="Record")
    def record(self, event: Any) -> str:
        model = getattr(event, "tracked_model", None)
        if model is None:
            return f"{event.pgh_obj_model} #{event.pgh_obj_id}"
        found = getattr(event, "found", {})
        pk = int(event.pgh_obj_id) if str(event.pgh_obj_id).isdigit() else None
        obj = found.get(model, {}).get(pk)
        kind = str(model._meta.verbose_name).capitalize()
        name = _short(obj) if obj is not None else f"#{event.pgh_obj_id} (deleted)"
        target = (model, pk)
        parent = self._parent_verdict(model, event)
        if parent is not None and parent[1] in found.get(parent[0], {}):
            # A verdict's source or review: named by its verdict, details under changes.
            target = parent
            name = f"on “{_short(found[parent[0]][parent[1]])}”"
        try:
            opts = target[0]._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target[1]])
        except NoReverseMatch:
            return f"{kind}: {name}"
        if obj is None and target[0] is model:
            return f"{kind}: {name}"
        return format_html('{}: <a href="{}">{}</a>', kind, url, name)

    @admin.display(description="Who")
    def who(self, event: Any) -> str:
        return str(event.user) if event.user_id else "(script)"

    @admin.display(description="Changes: old → new")
    def changes(self, event: Any) -> str:
        model = getattr(event, "tracked_model", None)
        if model is None:
            return "—"
        diff = self._values(event)
        if not diff:
            return "—"
        found = getattr(event, "found", {})
        rows = []
        for key, (old, new) in diff.items():
            related = self._related_model(model, key)
            label = key
            if related is not None:
                label = key.removesuffix("_id")
                old = found.get(related, {}).get(old, old)
                new = found.get(related, {}).get(new, new)
            with suppress(FieldDoesNotExist):  # a field since removed keeps its raw name
                field = model._meta.get_field(label)
                label = str(field.verbose_name)
                choices = dict(getattr(field, "flatchoices", None) or [])
                old, new = choices.get(old, old), choices.get(new, new)
            rows.append((label, _short(old), _short(new)))
        return format_html(
            '<ul class="audit-changes">{}</ul>',
            format_html_join("", "<li><b>{}</b>: {} → {}</li>", rows),
        )
