"""The admin's audit history page (django-pghistory's events admin, in newsroom words):
names and links instead of ids, labels instead of rating ids, and only the project's
tracked records can be asked for."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Hashable
from contextlib import suppress
from datetime import datetime
from functools import cached_property
from typing import Any, cast

from django.apps import apps
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
)
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy, pgettext
from pghistory import core
from pghistory.admin import EventsAdmin
from pghistory.admin.core import MethodFilter

from factcheck.base.admin_helpers import CappedPaginator
from factcheck.base.concurrency import history_of, part_event_models
from factcheck.base.numbers import int_or_none, parse_int

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
        with suppress(ValueError):  # a text that only looks like a moment stays as typed
            moment = datetime.fromisoformat(value)
            value = f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment.tzinfo else value
    if value in (None, "", [], {}):
        text = gettext("(empty)")
    elif isinstance(value, list):  # an array column (a speaker's same_as): one item each
        text = ", ".join(_short(item) for item in value)
    elif isinstance(value, dict):  # a JSON column, as JSON rather than Python's repr
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    else:
        text = str(value)
    return text if len(text) <= VALUE_MAX else text[: VALUE_MAX - 1] + "…"


def _choice(choices: dict[Any, Any], value: Any) -> Any:
    """A stored value's label: each item of an array column; values a JSON column holds
    (lists, objects) are no choice, and cannot be looked up as one."""
    if isinstance(value, list):
        return [_choice(choices, item) for item in value]
    if not isinstance(value, Hashable):
        return value
    return choices.get(value, value)


def _parent_field(model: type[models.Model] | None) -> Any:
    """The foreign key to the record a part belongs to (a claim's topic to its claim)."""
    name = getattr(model, "history_parent", None)
    return model._meta.get_field(name) if model is not None and name else None


def _bad_request(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _back_link(request: HttpRequest) -> str | None:
    """``?back=`` as the page's Back link only when it is a path on this site: anyone can
    send a colleague a history address, so it must not lead them elsewhere."""
    back = request.GET.get("back", "")
    same_site = back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return back if same_site else None


class RecordHistoryFilter(MethodFilter):
    """A record's own history ("tracks") includes its parts: a claim's topics added and
    removed are changes to the claim, recorded as events of the topic links."""

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        label, _, pk = request.GET.get("obj", "").partition(":")
        model = tracked_models().get(label.lower())
        key = int_or_none(pk)
        if self.value() != "tracks" or model is None or key is None:
            return super().queryset(request, queryset)
        if not part_event_models(model):
            return super().queryset(request, queryset)
        history = history_of(queryset, model(pk=key))
        chosen = queryset.query.across  # a kind of event picked in the sidebar
        if chosen:
            kinds = [kind for kind in history.query.across if kind in chosen]
            if not kinds:
                return super().queryset(request, queryset)  # none of this record's
            history = history.across(*kinds)
        return history


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
        refused = self._check_parameters(request)
        if refused is not None:
            return refused
        if "obj" in request.GET:
            # pghistory finds the record by its exact lower-case label (a "Claims.Verdict"
            # would show the whole history under no heading), and an ``obj`` alone means
            # that record's own history.
            own = request.GET.copy()
            label, _, pk = str(own.get("obj", "")).partition(":")
            own["obj"] = f"{label.lower()}:{pk}"
            own.setdefault("method", "tracks")
            own._mutable = False
            request.GET = cast(Any, own)
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if context is not None and "pgh_back" in context:
            context["pgh_back"] = _back_link(request)
        return response

    # pghistory's change view takes any "label:pk" as an event's id: a tracked record's
    # label (not an event model's) fails deep inside it (500). Only an event is opened.
    def change_view(
        self, request: HttpRequest, object_id: str, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        label = str(object_id).partition(":")[0].lower()
        if label not in {m._meta.label_lower for m in core.event_models()}:
            raise Http404("No such event in the audit history.")
        return super().change_view(request, object_id, *args, **kwargs)

    def history_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404("The audit history is a list: there is no page for one event.")

    def delete_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404("The audit history cannot be deleted.")

    def _check_parameters(self, request: HttpRequest) -> HttpResponse | None:
        """Only the project's tracked records, and only ones that exist: anything else is
        the same 404 as a page that does not exist (no user records, no admin log). A
        malformed page number or method is a 400 naming it."""
        tracked = tracked_models()
        label, _, raw_pk = request.GET.get("obj", "").partition(":")
        if "obj" in request.GET:
            model = tracked.get(label.lower())
            pk = int_or_none(raw_pk)
            if model is None or pk is None:
                raise Http404("No audit history for that record.")
            if not model._default_manager.filter(pk=pk).exists():
                raise Http404("No audit history for that record.")
            if request.GET.get("method", "tracks") not in {"tracks", "references"}:
                # Any other method would show the whole history under this record's name.
                return _bad_request(
                    gettext("The parameter “method” must be “tracks” or “references”.")
                )
        if int_or_none(request.GET.get("p", "1"), minimum=1) is None:
            return _bad_request(gettext("The parameter “p” must be a page number: 1, 2, 3…"))
        if "model" in request.GET and request.GET["model"].lower() not in tracked:
            raise Http404("No audit history for that kind of record.")
        if "event_model" in request.GET:
            known = {m._meta.label_lower for m in core.event_models()}
            if request.GET["event_model"].lower() not in known:
                raise Http404("No audit history for that kind of record.")
        return None

    def get_list_display(self, request: HttpRequest) -> tuple[str, ...]:
        return ("when", "action", "record", "who", "changes")

    def get_list_filter(self, request: HttpRequest) -> Any:
        filters = super().get_list_filter(request)
        return [RecordHistoryFilter if f is MethodFilter else f for f in filters]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # One join instead of one user lookup per row.
        events = super().get_queryset(request).select_related("user")
        if "obj" not in request.GET and hasattr(events, "newest"):
            # The whole history: only the events up to the page asked for are diffed.
            page = parse_int(request.GET.get("p", "1"), name="p", minimum=1)
            last = min(page, self._pages())
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
            pk = int_or_none(event.pgh_obj_id)
            if pk is not None:
                wanted[model].add(pk)
            for key, values in self._values(event).items():
                related = self._related_model(model, key)
                if related is not None:
                    wanted[related].update(v for v in values if isinstance(v, int))
            parent = self._parent(model, event)
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
        """Old and new values by field; for a new record, what it was created with; for a
        part removed from its record (a claim's topic), what it held."""
        if event.pgh_diff:
            return dict(event.pgh_diff)
        parent = _parent_field(getattr(event, "tracked_model", None))
        if event.pgh_label == "insert":
            values = {key: [None, value] for key, value in (event.pgh_data or {}).items()}
        elif event.pgh_label == "delete" and parent is not None:
            values = {key: [value, None] for key, value in (event.pgh_data or {}).items()}
        else:
            return {}
        return {
            key: pair
            for key, pair in values.items()
            if key not in UNINTERESTING
            and any(value not in (None, "", []) for value in pair)
            and (parent is None or key != parent.attname)  # the record column names it
        }

    @staticmethod
    def _related_model(model: type[models.Model], key: str) -> type[models.Model] | None:
        for field in model._meta.concrete_fields:
            if field.is_relation and field.attname == key:
                return field.related_model  # type: ignore[return-value]
        return None

    @staticmethod
    def _parent(model: type[models.Model], event: Any) -> tuple[type[models.Model], int] | None:
        """The record an event's row is part of: a claim for its topics, a verdict for its
        sources and reviews."""
        data = event.pgh_data or {}
        parent = _parent_field(model)
        if parent is not None:
            pk = data.get(parent.attname)
            return (cast(Any, parent.related_model), pk) if isinstance(pk, int) else None
        if "verdict_id" in data and isinstance(data["verdict_id"], int):
            return (apps.get_model("claims.Verdict"), data["verdict_id"])
        return None

    @admin.display(description=gettext_lazy("When"), ordering="pgh_created_at")
    def when(self, event: Any) -> str:
        return f"{timezone.localtime(event.pgh_created_at):%Y-%m-%d %H:%M:%S}"

    @admin.display(description=gettext_lazy("Action"), ordering="pgh_label")
    def action(self, event: Any) -> str:
        if _parent_field(getattr(event, "tracked_model", None)) is not None:
            # Translators: what happened to a part of a record (a claim's topic).
            words = {
                "insert": pgettext("part", "added"),
                "update": pgettext("part", "changed"),
                "delete": pgettext("part", "removed"),
            }
        else:
            words = {
                "insert": pgettext("record", "created"),
                "update": pgettext("record", "changed"),
                "delete": pgettext("record", "deleted"),
            }
        return words.get(str(event.pgh_label), str(event.pgh_label))

    @admin.display(description=gettext_lazy("Record"))
    def record(self, event: Any) -> str:
        model = getattr(event, "tracked_model", None)
        if model is None:
            return f"{event.pgh_obj_model} #{event.pgh_obj_id}"
        found = getattr(event, "found", {})
        pk = int_or_none(event.pgh_obj_id)
        obj = found.get(model, {}).get(pk)
        kind = str(model._meta.verbose_name).capitalize()
        name = (
            _short(obj)
            if obj is not None
            else gettext("#%(id)s (deleted)") % {"id": event.pgh_obj_id}
        )
        target = (model, pk)
        parent = self._parent(model, event)
        if parent is not None and parent[1] in found.get(parent[0], {}):
            # A claim's topic, a verdict's source or review: named by its record, details
            # under changes.
            target = parent
            name = gettext("on “%(record)s”") % {"record": _short(found[parent[0]][parent[1]])}
        try:
            opts = target[0]._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target[1]])
        except NoReverseMatch:
            return f"{kind}: {name}"
        if obj is None and target[0] is model:
            return f"{kind}: {name}"
        return format_html('{}: <a href="{}">{}</a>', kind, url, name)

    @admin.display(description=gettext_lazy("Who"))
    def who(self, event: Any) -> str:
        if event.user_id:
            return str(event.user)
        if event.pgh_obj_model == "claims.ReaderSuggestion" and event.pgh_label == "insert":
            return gettext("(a reader)")  # sent in through the public form
        return gettext("(script)")

    @admin.display(description=gettext_lazy("Changes: old → new"))
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
                old = _choice(found.get(related, {}), old)
                new = _choice(found.get(related, {}), new)
            with suppress(FieldDoesNotExist):  # a field since removed keeps its raw name
                field = model._meta.get_field(label)
                label = str(field.verbose_name)
                # An array column's choices are its items'.
                of = getattr(field, "base_field", field)
                choices = dict(getattr(of, "flatchoices", None) or [])
                old, new = _choice(choices, old), _choice(choices, new)
            rows.append((label, _short(old), _short(new)))
        return format_html(
            '<ul class="audit-changes">{}</ul>',
            format_html_join("", "<li><b>{}</b>: {} → {}</li>", rows),
        )
