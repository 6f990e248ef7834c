"""Django's admin site with the newsroom's sign-in (``signin``): a row for the one-time
code, and, when ``FACTCHECK_STAFF_2FA_REQUIRED`` is on, no admin without it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.sites import AdminSite
from django.http import HttpRequest
from django.urls import path


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

    def get_urls(self) -> list[Any]:
        from factcheck.base.two_factor_page import two_factor_page

        def page(request: HttpRequest) -> Any:
            return two_factor_page(request, self.each_context(request))

        mine = [path("two-factor/", self.admin_view(page), name="two_factor")]
        return mine + super().get_urls()

    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        if settings.FACTCHECK_STAFF_2FA_REQUIRED:
            return bool(request.user.is_verified())  # type: ignore[union-attr]
        return True


class NewsroomAdminConfig(AdminConfig):
    default_site = "factcheck.base.admin_site.NewsroomAdminSite"
