"""Writes of the languages app: a staff member chooses the admin's language."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from factcheck.base.services import AnyUser
from factcheck.i18n.models import InterfaceLanguage, StaffLanguage


def staff_language_set(*, user: AnyUser, language: str) -> StaffLanguage:
    """``user`` works in ``language`` from their next page on. Their own choice only: no
    one sets another's."""
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        raise PermissionDenied(_("Only signed-in staff choose the admin's language."))
    if language not in InterfaceLanguage.values:
        raise ValidationError(
            {"language": [_("Choose one of the languages listed.")]}, code="invalid"
        )
    with transaction.atomic():
        chosen, _created = StaffLanguage.objects.update_or_create(
            user_id=user.pk, defaults={"language": language}
        )
    return chosen
