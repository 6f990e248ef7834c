"""Staff members' own public byline."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from factcheck.base.services import AnyUser, Refused, acting

NAME_MAX = 150  # Django's first_name and last_name


def byline_update(*, user: AnyUser, first_name: str, last_name: str) -> None:
    """Set the name readers see on what ``user`` writes and approves: their own to set,
    never their username. It changes no published revision: bylines are frozen in them."""
    first, last = first_name.strip(), last_name.strip()
    if not first and not last:
        raise Refused("Give the name readers should see: a first name, a last name or both.")
    if len(first) > NAME_MAX or len(last) > NAME_MAX:
        raise Refused(f"Each part of the name can be at most {NAME_MAX} characters.")
    if "\x00" in first + last:
        raise Refused("The name contains a NUL character: remove it.")
    with acting(user):
        if not user.is_authenticated or not user.is_staff:
            raise Refused("Only staff have a byline.")
        get_user_model().objects.filter(pk=user.pk).update(first_name=first, last_name=last)
