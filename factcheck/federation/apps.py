from __future__ import annotations

from django.apps import AppConfig


class FederationConfig(AppConfig):
    name = "factcheck.federation"
    label = "federation"
    verbose_name = "Checked elsewhere"
    default_auto_field = "django.db.models.BigAutoField"
