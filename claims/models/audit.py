from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from pghistory.models import Events


class AuditEvent(Events):
    """One recorded change (insert, update or delete) with who made it and from which page.

    A read-only view over the event tables that database triggers fill (see
    django-pghistory); shown in the admin as the audit history.
    """

    user = pghistory.ProxyField(
        "pgh_context__user",
        models.ForeignKey(
            settings.AUTH_USER_MODEL,
            on_delete=models.DO_NOTHING,
            null=True,
            help_text="Who made the change.",
        ),
    )
    url = pghistory.ProxyField(
        "pgh_context__url",
        models.TextField(null=True, help_text="The page the change was made from."),
    )

    class Meta:
        proxy = True
        verbose_name = "audit history entry"
        verbose_name_plural = "audit history"

    def __str__(self) -> str:
        return f"{self.pgh_label} of {self.pgh_obj_model} {self.pgh_obj_id}"
