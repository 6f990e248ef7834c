from __future__ import annotations

from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "factcheck.alerts"
    label = "alerts"
    verbose_name = "Alerts by email"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from factcheck.alerts.dispatch import on_event
        from factcheck.base.events import register_listener

        # Publications enqueue their alerts, and suggestions record the reader's wish to
        # be told, in the transaction of the write (factcheck.base.events).
        register_listener(on_event)
