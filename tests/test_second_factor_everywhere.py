"""The one-time code cannot be side-stepped: not by writing through the staff API with an
admin session opened by password alone, nor by swapping the authenticator from a
signed-in session without a code from the one in use."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from claims.models import Speaker

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-staff-password-1"
LOGIN = "/admin/login/?next=/admin/"
PAGE = "/admin/two-factor/"


@pytest.fixture
def desk(factchecker):
    """A fact-checker (who may add speakers) who signs in with a password."""
    factchecker.set_password(PASSWORD)
    factchecker.save()
    return factchecker


@pytest.fixture(autouse=True)
def no_back_off(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the deliberate wrong codes cause no wait


def _code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _signed_in(user, **extra: str) -> Client:
    """A browser that signed in through the admin's form, CSRF checks on."""
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN)
    response = client.post(
        LOGIN,
        {
            "username": user.username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
            **extra,
        },
        REMOTE_ADDR="192.0.2.5",
    )
    assert response.status_code == 302
    return client


def _write(client: Client, name: str):
    client.get("/admin/")  # as a page of the admin would, for a current CSRF cookie
    return client.post(
        reverse("api:staff-speakers"),
        {"name": name},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )


def test_a_password_only_session_cannot_write_through_the_staff_api(desk, settings):
    settings.FACTCHECK_STAFF_2FA_REQUIRED = True
    client = _signed_in(desk)  # let in to set up two-factor sign-in, and nothing else
    response = _write(client, "Jane Politician")
    assert response.status_code == 403
    assert "one-time code" in response.json()["detail"]
    assert not Speaker.objects.filter(name="Jane Politician").exists()
    assert client.get(reverse("api:staff-speaker", args=[1])).status_code == 403
    # Once set up and confirmed with a code, the same session may write.
    client.post(PAGE, {"action": "begin"}, HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    device = TOTPDevice.objects.get(user=desk)
    client.post(
        PAGE,
        {"action": "confirm", "code": _code(device)},
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert _write(client, "Jane Politician").status_code == 201


def test_a_session_signed_in_with_the_code_writes(desk, settings):
    settings.FACTCHECK_STAFF_2FA_REQUIRED = True
    device = TOTPDevice.objects.create(user=desk, name="authenticator", confirmed=True)
    client = _signed_in(desk, otp_token=_code(device))
    assert _write(client, "Jane Politician").status_code == 201


def test_without_the_requirement_a_password_session_writes_as_before(desk):
    assert _write(_signed_in(desk), "Jane Politician").status_code == 201


def test_a_session_older_than_the_authenticator_must_sign_in_again(desk):
    """Signed in by password, then two-factor set up elsewhere: that old session no longer
    passes for someone who signs in with a code."""
    client = _signed_in(desk)
    TOTPDevice.objects.create(user=desk, name="authenticator", confirmed=True)
    assert _write(client, "Jane Politician").status_code == 403


def test_replacing_the_authenticator_takes_a_code_from_the_one_in_use(desk):
    in_use = TOTPDevice.objects.create(user=desk, name="authenticator", confirmed=True)
    client = Client()
    client.force_login(desk)  # a signed-in session someone else sits down at
    assert client.post(PAGE, {"action": "begin"}).status_code == 302
    theirs = TOTPDevice.objects.get(user=desk, confirmed=False)
    refused = client.post(PAGE, {"action": "confirm", "code": _code(theirs)})
    assert "takes a current code" in refused.content.decode()
    wrong = client.post(
        PAGE, {"action": "confirm", "code": _code(theirs), "current_code": "000000"}
    )
    assert "takes a current code" in wrong.content.decode()
    assert TOTPDevice.objects.get(user=desk, confirmed=True).pk == in_use.pk
    # Each wrong code counts towards the guessing throttle, refusal or not.
    in_use.refresh_from_db()
    assert in_use.throttling_failure_count == 1  # the empty one was never tried
    in_use.throttle_reset()
    replaced = client.post(
        PAGE,
        {"action": "confirm", "code": _code(theirs), "current_code": _code(in_use)},
    )
    assert replaced.status_code == 302
    assert TOTPDevice.objects.get(user=desk, confirmed=True).pk == theirs.pk


def test_a_wrong_code_to_turn_it_off_counts_towards_the_throttle(desk):
    device = TOTPDevice.objects.create(user=desk, name="authenticator", confirmed=True)
    client = Client()
    client.force_login(desk)
    refused = client.post(PAGE, {"action": "remove", "code": "000000"})
    assert "takes a current code" in refused.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def _token_write(key: str, name: str):
    from rest_framework.test import APIClient

    return APIClient().post(
        reverse("api:staff-speakers"),
        {"name": name},
        format="json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )


def test_requiring_two_factor_refuses_tokens_of_staff_without_an_authenticator(
    desk, editor, settings
):
    """A token handed out before the newsroom required two-factor sign-in stops working
    for whoever has not set it up, and works again once they have."""
    from rest_framework.authtoken.models import Token

    without = Token.objects.create(user=desk)
    with_device = Token.objects.create(user=editor)
    TOTPDevice.objects.create(user=editor, name="authenticator", confirmed=True)
    TOTPDevice.objects.create(user=desk, name="authenticator", confirmed=False)  # unconfirmed
    assert _token_write(without.key, "Before the rule").status_code == 201

    settings.FACTCHECK_STAFF_2FA_REQUIRED = True
    refused = _token_write(without.key, "Jane Politician")
    assert refused.status_code == 401
    assert "requires two-factor sign-in" in refused.json()["detail"]
    assert "Two-factor sign-in" in refused.json()["detail"]  # where to set it up
    assert not Speaker.objects.filter(name="Jane Politician").exists()
    # Reads with it are refused too: the token no longer identifies anyone.
    from rest_framework.test import APIClient

    read = APIClient().get(
        reverse("api:staff-speaker", args=[Speaker.objects.get().pk]),
        HTTP_AUTHORIZATION=f"Token {without.key}",
    )
    assert read.status_code == 401
    # A colleague with a confirmed authenticator keeps working with theirs.
    assert _token_write(with_device.key, "John Minister").status_code == 201

    TOTPDevice.objects.filter(user=desk).update(confirmed=True)
    assert _token_write(without.key, "Jane Politician").status_code == 201
