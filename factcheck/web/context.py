from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """Who we are, on every public page."""
    return {"site_name": settings.FACTCHECK_PUBLISHER_NAME}
