"""The first real accounts: ``create_staff`` makes a staff member in a newsroom role, with
only that role's permissions and no password, and prints a link where they set their
own, which works once."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from claims import permissions

pytestmark = pytest.mark.django_db
PASSWORD = "a long newsroom passphrase 7"


def _create(*args: str) -> str:
    out = io.StringIO()
    call_command("create_staff", *args, stdout=out)
    return out.getvalue()


def _path(output: str, settings) -> str:
    [link] = re.findall(r"https?://\S+", output)
    assert link.startswith(settings.FACTCHECK_SITE_URL.rstrip("/"))
    return link.removeprefix(settings.FACTCHECK_SITE_URL.rstrip("/"))


def test_a_new_editor_sets_their_password_once_and_signs_in(settings):
    output = _create(
        "amina", "--role", "editor", "--email", "amina@news.example", "--name", "Amina Diallo"
    )
    user = get_user_model().objects.get(username="amina")
    assert user.is_staff
    assert not user.is_superuser
    assert not user.has_usable_password()
    assert [g.name for g in user.groups.all()] == ["Editor"]
    assert user.get_full_name() == "Amina Diallo"
    assert user.has_perm(permissions.REVIEW_VERDICT)
    assert not user.has_perm("auth.change_user")  # not createsuperuser's every permission
    client = Client()
    form = client.get(_path(output, settings), follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    # The link worked once.
    again = Client().get(_path(output, settings), follow=True)
    assert "new_password1" not in again.content.decode()
    signed_in = Client().post(
        reverse("admin:login"), {"username": "amina", "password": PASSWORD, "next": "/admin/"}
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/admin/"


def test_a_new_link_for_an_existing_member(settings):
    _create("omar", "--role", "fact-checker")
    output = _create("omar", "--link")
    assert "Created" not in output
    assert _path(output, settings).startswith("/admin/reset/")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("omar",), "Give --role"),
        (("omar", "--role", "boss"), "invalid choice: 'boss'"),
        (("bad name!", "--role", "editor"), "username"),
        (("ghost", "--link"), "No active staff member named 'ghost'"),
    ],
)
def test_bad_input_is_a_message_and_creates_nothing(arguments, message):
    with pytest.raises(CommandError, match=message):
        _create(*arguments)
    assert not get_user_model().objects.filter(username__in=["omar", "bad name!"]).exists()


def test_a_taken_username_is_refused_whatever_its_case(db):
    _create("Amina", "--role", "editor")
    with pytest.raises(CommandError, match="already exists"):
        _create("amina", "--role", "fact-checker")
