"""Each staff member's own language in the admin (the public site's comes from its
address). Staff who never chose one get the site's default, English."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from factcheck.base.db import Timestamped, choices_constraint


class InterfaceLanguage(models.TextChoices):
    """The languages the interface is translated into (``settings.LANGUAGES``; a language
    added there is added here, with a migration, and its catalogue: docs/languages.md)."""

    EN = "en", "English"
    AR = "ar", "العربية (Arabic)"
    ES = "es", "Español (Spanish)"
    FR = "fr", "Français (French)"


class StaffLanguage(Timestamped):
    """The language one staff member works in: the admin's pages and its messages, theirs
    alone. Set on the admin's "Your language" page."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="interface_language",
        help_text="The staff member.",
    )
    language = models.CharField(
        max_length=8,
        choices=InterfaceLanguage.choices,
        default=InterfaceLanguage.EN,
        help_text="The language of the admin's pages and messages for this staff member.",
    )

    class Meta:
        ordering = ["user_id"]
        verbose_name = "staff member's language"
        constraints = [
            choices_constraint("language", InterfaceLanguage, "staff_language_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_language_display()} for user #{self.user_id}"
