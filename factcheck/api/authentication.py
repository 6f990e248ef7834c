"""API tokens, refused to staff who lack the second factor the newsroom requires."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from factcheck.base.signin import authenticator


class StaffTokenAuthentication(TokenAuthentication):
    """DRF's ``Authorization: Token …``. While ``FACTCHECK_STAFF_2FA_REQUIRED`` is on, a
    token of a staff member without a confirmed authenticator is refused (401), including
    tokens handed out before it was turned on: a password alone no longer reaches the
    staff API. Once they set up two-factor sign-in, the same token works again."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if settings.FACTCHECK_STAFF_2FA_REQUIRED and authenticator(user) is None:
            raise exceptions.AuthenticationFailed(
                "This newsroom requires two-factor sign-in, and your account has no "
                "authenticator yet, so this token is refused. Sign in to the admin, set "
                "one up under “Two-factor sign-in” (or ask an administrator to run "
                "`manage.py two_factor` for you); this token works again after that."
            )
        return user, token
