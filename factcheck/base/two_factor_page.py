"""The staff member's own two-factor page in the admin ("Two-factor sign-in" at the top):
set up an authenticator app by scanning a QR code and typing its code, or turn it off
with a current code. The services are in ``signin``."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from factcheck.base.signin import (
    authenticator,
    two_factor_begin,
    two_factor_confirm,
    two_factor_turn_off,
)


def two_factor_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    user = request.user
    error = ""
    if request.method == "POST":
        action, code = request.POST.get("action", ""), request.POST.get("code", "")[:16]
        if action == "begin":
            two_factor_begin(user=user)
            return HttpResponseRedirect(request.path)
        if action == "confirm":
            current = request.POST.get("current_code", "")[:16]
            try:
                device = two_factor_confirm(user=user, code=code, current_code=current)
            except PermissionDenied as refused:
                error = str(refused)
            else:
                if device is not None:
                    otp_login(request, device)
                    messages.success(
                        request, _("Two-factor sign-in is on: signing in asks for a code.")
                    )
                    return HttpResponseRedirect(request.path)
                error = _("That code did not match. Type the code your app shows now.")
        if action == "remove" and authenticator(user) is not None:
            try:
                two_factor_turn_off(user=user, code=code)
            except PermissionDenied as refused:
                error = str(refused)
            else:
                messages.success(request, _("Two-factor sign-in is off."))
                return HttpResponseRedirect(request.path)
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    page = {
        **context,
        "title": _("Two-factor sign-in"),
        "device": authenticator(user),
        "pending": pending,
        "error": error,
        "two_factor_required": settings.FACTCHECK_STAFF_2FA_REQUIRED,
    }
    if pending is not None:
        page["qr"] = segno.make(pending.config_url).svg_data_uri(scale=5)
        page["secret"] = base64.b32encode(pending.bin_key).decode()
    return TemplateResponse(request, "admin/two_factor.html", page)
