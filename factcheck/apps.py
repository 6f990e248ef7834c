from __future__ import annotations

from django.apps import AppConfig


class FactcheckConfig(AppConfig):
    """The site itself as an app: its models (factcheck.models), its commands and its
    system checks."""

    name = "factcheck"

    def ready(self) -> None:
        from factcheck import checks  # noqa: F401  (registers them)
