"""Django's admin site with the newsroom's sign-in (``signin``): a row for the one-time
code, and, when ``FACTCHECK_STAFF_2FA_REQUIRED`` is on, no admin without it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.sites import AdminSite
from django.http import HttpRequest


class NewsroomAdminSite(AdminSite):
    login_template = "admin/staff_login.html"

    @property
    def login_form(self) -> Any:  # type: ignore[override]
        # Imported on use: this module loads with the app registry, before any model.
        from factcheck.base.signin import StaffAuthenticationForm

        return StaffAuthenticationForm

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        required = {"two_factor_required": settings.FACTCHECK_STAFF_2FA_REQUIRED}
        return super().login(request, {**required, **(extra_context or {})})

    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        if settings.FACTCHECK_STAFF_2FA_REQUIRED:
            return bool(request.user.is_verified())  # type: ignore[union-attr]
        return True


class NewsroomAdminConfig(AdminConfig):
    default_site = "factcheck.base.admin_site.NewsroomAdminSite"
