"""Django's admin site with the newsroom's sign-in (``signin``): a row for the one-time
code, and, when ``FACTCHECK_STAFF_2FA_REQUIRED`` is on, no admin without it: staff who
have not set it up yet sign in with their password and see only the page that sets it
up, until they have."""

from __future__ import annotations

from functools import update_wrapper
from typing import Any

from django.conf import settings
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.sites import AdminSite
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.decorators.cache import never_cache


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
        from django.contrib.auth.views import redirect_to_login

        from factcheck.base.two_factor_page import two_factor_page

        @never_cache
        def page(request: HttpRequest) -> Any:
            # Open to staff still to set it up, who have no other page while it is required.
            if not (request.user.is_active and request.user.is_staff):
                return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            context = self.each_context(request)
            if must_enrol(request):  # nothing else to go to yet
                context.update(is_nav_sidebar_enabled=False, available_apps=[])
            return two_factor_page(request, context)

        mine = [path("two-factor/", page, name="two_factor")]
        return mine + super().get_urls()

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        def enrol_first(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if must_enrol(request):
                if request.path == reverse("admin:logout"):
                    return self.logout(request)  # they can always leave
                return redirect("admin:two_factor")
            return inner(request, *args, **kwargs)

        return update_wrapper(enrol_first, inner)

    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        if settings.FACTCHECK_STAFF_2FA_REQUIRED:
            return bool(request.user.is_verified())  # type: ignore[union-attr]
        return True


def must_enrol(request: HttpRequest) -> bool:
    """Staff signed in with a password alone while two-factor sign-in is required: they
    have no device yet (with one, the sign-in itself would have asked for its code)."""
    user: Any = request.user  # django-otp's middleware adds is_verified()
    return bool(
        settings.FACTCHECK_STAFF_2FA_REQUIRED
        and user.is_active
        and user.is_staff
        and not user.is_verified()
    )


class NewsroomAdminConfig(AdminConfig):
    default_site = "factcheck.base.admin_site.NewsroomAdminSite"
