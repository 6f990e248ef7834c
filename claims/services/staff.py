"""Staff members: the first accounts, in their roles, and their own public byline."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from factcheck.base.services import AnyUser, Refused, acting

NAME_MAX = 150  # Django's first_name and last_name


def _refuse_taken_byline(first: str, last: str, *, exclude_pk: int | None) -> None:
    """A byline names one person: "By Ed Two · reviewed by Ed Two" must never hide that
    the author reviewed their own work, nor let anyone sign as a colleague."""
    wanted = " ".join(f"{first} {last}".split()).casefold()
    if not wanted:
        return
    staff = get_user_model().objects.filter(is_staff=True)
    if exclude_pk is not None:
        staff = staff.exclude(pk=exclude_pk)
    for other_first, other_last in staff.values_list("first_name", "last_name"):
        if " ".join(f"{other_first} {other_last}".split()).casefold() == wanted:
            raise Refused(
                _(
                    "Another staff member already signs with this name: readers could not tell "
                    "you apart. Add a middle initial or your full name."
                )
            )


def byline_update(*, user: AnyUser, first_name: str, last_name: str) -> None:
    """Set the name readers see on what ``user`` writes and approves: their own to set,
    never their username. It changes no published revision: bylines are frozen in them."""
    first, last = first_name.strip(), last_name.strip()
    if not first and not last:
        raise Refused(_("Give the name readers should see: a first name, a last name or both."))
    if len(first) > NAME_MAX or len(last) > NAME_MAX:
        raise Refused(
            _("Each part of the name can be at most %(count)s characters.") % {"count": NAME_MAX}
        )
    if "\x00" in first + last:
        raise Refused(_("The name contains a NUL character: remove it."))
    with acting(user):
        if not user.is_authenticated or not user.is_staff:
            raise Refused(_("Only staff have a byline."))
        _refuse_taken_byline(first, last, exclude_pk=user.pk)
        get_user_model().objects.filter(pk=user.pk).update(first_name=first, last_name=last)


# The newsroom's roles (groups made by the migrations), by the name a command takes.
ROLES = {"fact-checker": "Fact-checker", "editor": "Editor", "editor-in-chief": "Editor-in-chief"}


def staff_member_create(
    *, username: str, role: str, email: str = "", first_name: str = "", last_name: str = ""
) -> Any:
    """A staff member in one of the newsroom's roles, with no password yet (they set their
    own through a one-time link). Run by whoever runs the site's commands: there is no
    acting staff member for the first accounts."""
    username = username.strip()
    if role not in ROLES:
        raise Refused(f"Unknown role {role!r}: choose one of {', '.join(ROLES)}.")
    User = get_user_model()
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise Refused(f"A user named {username!r} already exists.")
        _refuse_taken_byline(first_name.strip(), last_name.strip(), exclude_pk=None)
        user = User(
            username=username,
            email=User.objects.normalize_email(email.strip()),
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            is_staff=True,
        )
        user.set_unusable_password()
        try:
            user.full_clean()
        except ValidationError as invalid:
            raise Refused(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in invalid.message_dict.items())
            ) from None
        user.save()
        user.groups.add(Group.objects.get(name=ROLES[role]))
        return user
