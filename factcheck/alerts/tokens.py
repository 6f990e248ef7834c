"""The links mailed to a subscriber: signed (django.core.signing, with SECRET_KEY) around
the subscription's random key, so a link names no address and no row number, and dies
with the subscription. A confirmation link expires; an unsubscribe link does not (it must
work from any alert, however old)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "factcheck.alerts.confirm"
UNSUBSCRIBE_SALT = "factcheck.alerts.unsubscribe"


def new_key() -> str:
    return secrets.token_urlsafe(24)


def confirm_token(key: str) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(key)


def unsubscribe_token(key: str) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(key)


def confirm_key(token: str) -> str | None:
    """The key in a confirmation link, or None when it was altered or has expired."""
    days = timedelta(days=settings.FACTCHECK_ALERTS_CONFIRM_DAYS)
    try:
        return signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=days)
    except signing.BadSignature:  # SignatureExpired included
        return None


def unsubscribe_key(token: str) -> str | None:
    try:
        return signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
