from __future__ import annotations

from django.apps import AppConfig


class I18nConfig(AppConfig):
    name = "factcheck.i18n"
    label = "i18n"
    verbose_name = "Languages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from factcheck.i18n.model_texts import make_lazy

        # The models' names, labels, help texts and choices in each staff member's
        # language, with no migration (model_texts.py says why). Last in INSTALLED_APPS:
        # every model is loaded and the admin has registered them.
        make_lazy()
