"""How staff sign in: password, then a one-time code from an authenticator app for those
who set one up (``manage.py two_factor``), and for everyone when
``FACTCHECK_STAFF_2FA_REQUIRED`` is on. Guessing is stopped by django-axes (settings)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext, gettext_lazy
from django_otp import user_has_device
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

from factcheck.base.http import client_address
from factcheck.base.shared_cache import CacheUnavailable, take


def needs_second_factor(user: Any) -> bool:
    return bool(settings.FACTCHECK_STAFF_2FA_REQUIRED or user_has_device(user))


def authenticator(user: Any) -> TOTPDevice | None:
    """Each staff member has at most one authenticator (``two_factor_enrol``)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def second_factor_matches(user: Any, code: str) -> bool:
    """For sign-ins outside the admin form (the API token endpoint)."""
    if not needs_second_factor(user):
        return True
    return _current_code(authenticator(user), code)


def _current_code(device: TOTPDevice | None, code: str) -> bool:
    """Whether ``code`` is ``device``'s current one (within its guessing throttle)."""
    if device is None or not code.strip():
        return False
    allowed, _ = device.verify_is_allowed()
    return bool(allowed and device.verify_token(code.strip()))


def session_lacks_second_factor(user: Any) -> bool:
    """``user`` (of a signed-in session) got in without the one-time code they need: with
    a password alone, to set one up while it is required, or before they set one up."""
    is_verified = getattr(user, "is_verified", None)  # django-otp's middleware adds it
    if callable(is_verified) and is_verified():
        return False
    return needs_second_factor(user)


class StaffAuthenticationForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_token = forms.CharField(
        required=False,
        label=gettext_lazy("One-time code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    otp_challenge = forms.CharField(required=False, widget=forms.HiddenInput)

    def _chosen_device(self, user: Any) -> TOTPDevice | None:
        return authenticator(user)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        # Without a device yet, the password lets them in to set one up, and no further
        # while it is required (``admin_site``).
        if user is not None and user_has_device(user):
            self.clean_otp(user)
        return cleaned


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in: 429, in JSON for the API."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = gettext(
        "Too many failed sign-ins for this username from your address. Wait %(minutes)s "
        "minutes and try again, or ask an administrator to lift the lock."
    ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": message}, status=429)
    else:
        context = {**admin.site.each_context(request), "message": message}
        context["is_nav_sidebar_enabled"] = False  # nobody is signed in
        response = render(request, "admin/locked_out.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


class StaffPasswordResetForm(PasswordResetForm):
    """Reset links go to active staff only: readers have no accounts to recover."""

    def get_users(self, email: str) -> Any:
        return (user for user in super().get_users(email) if user.is_staff)


@transaction.atomic
def two_factor_enrol(*, user: Any) -> TOTPDevice:
    """Give ``user`` a new authenticator (TOTP) device, replacing any they had: from now
    on their sign-in asks for its one-time code."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


@transaction.atomic
def two_factor_begin(*, user: Any) -> TOTPDevice:
    """A new authenticator for ``user`` to add to their app, not yet in use: it counts only
    once they confirm it with a code it shows (``two_factor_confirm``)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def two_factor_confirm(*, user: Any, code: str, current_code: str = "") -> TOTPDevice | None:
    """Put ``user``'s new authenticator in use when ``code`` is its current one. One that
    replaces an authenticator in use takes that one's current code too: otherwise whoever
    holds a signed-in session (a borrowed laptop) could move the second factor to their
    own phone."""
    # Outside the transaction below: a wrong code's step of the guessing throttle must be
    # kept, not rolled back with the refusal.
    in_use = authenticator(user)
    if in_use is not None and not _current_code(in_use, current_code):
        raise PermissionDenied(
            gettext(
                "You already have an authenticator: replacing it takes a current code from "
                "it. Lost it? An administrator can set up a new one for you."
            )
        )
    return _confirm_pending(user=user, code=code)


@transaction.atomic
def _confirm_pending(*, user: Any, code: str) -> TOTPDevice | None:
    pending = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if pending is None or not pending.verify_token(code.strip()):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    pending.confirmed = True
    pending.save(update_fields=["confirmed"])
    return pending


@transaction.atomic
def two_factor_remove(*, user: Any) -> int:
    """Remove ``user``'s authenticator devices (an administrator's answer to a lost
    phone); returns how many."""
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    return removed


def two_factor_turn_off(*, user: Any, code: str) -> None:
    """``user`` turns their own two-factor sign-in off, proving it with a current code;
    refused while the newsroom requires it. Not one transaction: a wrong code's step of
    the guessing throttle must outlive the refusal."""
    if settings.FACTCHECK_STAFF_2FA_REQUIRED:
        raise PermissionDenied(
            gettext("This newsroom requires two-factor sign-in: it cannot be turned off.")
        )
    if not second_factor_matches(user, code):
        raise PermissionDenied(
            gettext("That code did not match: it takes a current code to turn this off.")
        )
    two_factor_remove(user=user)


class StaffPasswordResetView(PasswordResetView):
    """Reset mail on request, but not on a loop: at most FACTCHECK_PASSWORD_RESETS_PER_HOUR
    requests per address, so nobody can flood a colleague's inbox from the sign-in page."""

    form_class = StaffPasswordResetForm

    def form_valid(self, form: Any) -> HttpResponse:
        # Fails closed: while the shared cache cannot count requests, none is sent, or
        # anyone could flood a colleague's inbox during a Redis outage.
        try:
            within = take(
                f"password-resets:{client_address(self.request)}",
                limit=settings.FACTCHECK_PASSWORD_RESETS_PER_HOUR,
                window=3600,
                when_unavailable="refuse",
            )
        except CacheUnavailable:
            return self._refuse(
                form,
                503,
                "Password resets are paused: the site cannot count reset requests right "
                "now (its shared cache is not answering). Try again in a few minutes, or "
                "ask an administrator.",
            )
        if not within:
            return self._refuse(
                form,
                429,
                "Too many reset requests from your address: try again in an hour, or ask "
                "an administrator.",
            )
        return super().form_valid(form)

    def _refuse(self, form: Any, status: int, message: str) -> HttpResponse:
        form.add_error("email", message)  # the admin's reset page shows the email's errors
        response = self.form_invalid(form)
        response.status_code = status
        return response
