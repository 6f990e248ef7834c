from __future__ import annotations

from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "factcheck.notify"
    label = "notify"
    verbose_name = "Webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from factcheck.base.events import register_listener
        from factcheck.notify.services import event_record

        # Every event the domain emits is recorded, with its deliveries, in its transaction.
        register_listener(event_record)
