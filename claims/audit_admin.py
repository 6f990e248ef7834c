"""The admin's audit history page (django-pghistory's events admin, in newsroom words)."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from pghistory.admin import EventsAdmin


class AuditHistoryAdmin(EventsAdmin):
    def get_list_display(self, request: HttpRequest) -> tuple[str, ...]:
        return ("when", "action", "record", "who", "page", "changes")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # One join instead of one user lookup per row.
        return super().get_queryset(request).select_related("user")

    @admin.display(description="When", ordering="pgh_created_at")
    def when(self, event: Any) -> Any:
        return event.pgh_created_at

    @admin.display(description="Action", ordering="pgh_label")
    def action(self, event: Any) -> str:
        return str(event.pgh_label)

    @admin.display(description="Record")
    def record(self, event: Any) -> str:
        return f"{event.pgh_obj_model} #{event.pgh_obj_id}"

    @admin.display(description="Who")
    def who(self, event: Any) -> str:
        return str(event.user) if event.user_id else "(script)"

    @admin.display(description="Page")
    def page(self, event: Any) -> str:
        return event.url or "—"

    @admin.display(description="Changes: old → new")
    def changes(self, event: Any) -> str:
        diff = event.pgh_diff or {}
        if not diff:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "", "<li><b>{}</b>: {} → {}</li>", ((k, v[0], v[1]) for k, v in diff.items())
            ),
        )
