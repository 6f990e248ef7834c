"""The admin's audit history page (django-pghistory's events admin, tuned)."""

from django.db.models import QuerySet
from django.http import HttpRequest
from pghistory.admin import EventsAdmin


class AuditHistoryAdmin(EventsAdmin):
    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # One join instead of one user lookup per row.
        return super().get_queryset(request).select_related("user")
