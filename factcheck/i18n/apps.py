from __future__ import annotations

from django.apps import AppConfig


class I18nConfig(AppConfig):
    name = "factcheck.i18n"
    label = "i18n"
    verbose_name = "Languages"
    default_auto_field = "django.db.models.BigAutoField"
