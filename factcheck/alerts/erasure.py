"""Deleting subscriptions leaves nothing of their address behind: their alerts go with
them (cascade), and so do the admin's log entries about them (whose text names a row by
its ``__str__``, which holds no address, but whose change messages are the admin's)."""

from __future__ import annotations

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from factcheck.alerts.models import Subscription


def erase_subscriptions(rows: QuerySet[Subscription]) -> int:
    """Delete ``rows`` (in the caller's transaction); returns how many there were."""
    ids = [str(pk) for pk in rows.values_list("pk", flat=True)]
    if not ids:
        return 0
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Subscription), object_id__in=ids
    ).delete()
    Subscription.objects.filter(pk__in=ids).delete()
    return len(ids)
