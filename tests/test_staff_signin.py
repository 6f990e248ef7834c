"""Staff sign-in: guessing is locked out per username and address together, reset links
reach staff only, and two-factor sign-in asks for its code wherever a password is taken."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-staff-password-1"
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def staff():
    user = factories.make_user(username="reporter", email="reporter@example.org")
    user.set_password(PASSWORD)
    user.save()
    return user


def _sign_in(client: Client, username: str, password: str, address: str, **extra: str):
    return client.post(
        LOGIN, {"username": username, "password": password, **extra}, REMOTE_ADDR=address
    )


def test_five_wrong_passwords_lock_that_username_from_that_address_only(staff, settings):
    settings.AXES_FAILURE_LIMIT = 5
    guesser = Client()
    for _ in range(4):
        assert _sign_in(guesser, "reporter", "wrong", "203.0.113.9").status_code == 200
    assert _sign_in(guesser, "reporter", "wrong", "203.0.113.9").status_code == 429
    locked = _sign_in(guesser, "reporter", PASSWORD, "203.0.113.9")  # even the right one
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert int(locked["Retry-After"]) == 15 * 60
    # The right password from the reporter's own address still works …
    assert _sign_in(Client(), "reporter", PASSWORD, "198.51.100.7").status_code == 302
    # … and a colleague behind the same address is not locked out with them.
    colleague = factories.make_user(username="colleague")
    colleague.set_password(PASSWORD)
    colleague.save()
    assert _sign_in(Client(), "colleague", PASSWORD, "203.0.113.9").status_code == 302


def _through_the_proxy(password: str, forwarded_for: str) -> int:
    """A sign-in as the newsroom's proxy (10.0.0.1) passes it on; returns the status."""
    form = {"username": "reporter", "password": password}
    response = Client().post(
        LOGIN, form, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for
    )
    return response.status_code


def test_behind_a_trusted_proxy_the_lock_follows_the_forwarded_address(staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        _through_the_proxy("wrong", "203.0.113.9")
    assert _through_the_proxy(PASSWORD, "203.0.113.9") == 429
    # A spoofed address in front of the one the proxy added changes nothing.
    assert _through_the_proxy(PASSWORD, "198.51.100.1, 203.0.113.9") == 429
    assert _through_the_proxy(PASSWORD, "198.51.100.7") == 302


def test_the_token_endpoint_is_locked_out_the_same_way(staff, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for attempt in range(3):
        wrong = client.post(
            "/api/v1/token/",
            {"username": "reporter", "password": "wrong"},
            REMOTE_ADDR="203.0.113.9",
        )
        assert wrong.status_code == (400 if attempt < 2 else 429)
    locked = client.post(
        "/api/v1/token/", {"username": "reporter", "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.json()["detail"]
    fine = client.post(
        "/api/v1/token/", {"username": "reporter", "password": PASSWORD}, REMOTE_ADDR="192.0.2.5"
    )
    assert fine.status_code == 200
    assert len(fine.json()["token"]) == 40


def test_a_password_reset_link_reaches_staff_only_and_sets_a_new_password(staff):
    factories.make_user(username="reader", email="reader@example.org", is_staff=False)
    client = Client()
    page = client.get("/admin/login/")
    assert 'href="/admin/password_reset/"' in page.content.decode()
    for email in ("reporter@example.org", "reader@example.org", "nobody@example.org"):
        response = client.post("/admin/password_reset/", {"email": email})
        assert response.status_code == 302  # the same answer: no account is revealed
    assert [message.to for message in mail.outbox] == [["reporter@example.org"]]
    link = re.search(r"http://testserver(/admin/reset/\S+/)", str(mail.outbox[0].body)).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    new = "another-long-password-2"
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True
    )
    assert done.status_code == 200
    assert _sign_in(Client(), "reporter", new, "192.0.2.5").status_code == 302


def test_reset_requests_are_limited_per_address(staff, settings):
    settings.FACTCHECK_PASSWORD_RESETS_PER_HOUR = 2
    client = Client()
    for _ in range(2):
        sent = client.post(
            "/admin/password_reset/", {"email": "reporter@example.org"}, REMOTE_ADDR="203.0.113.9"
        )
        assert sent.status_code == 302
    flood = client.post(
        "/admin/password_reset/", {"email": "reporter@example.org"}, REMOTE_ADDR="203.0.113.9"
    )
    assert flood.status_code == 429
    assert "Too many reset requests" in flood.content.decode()
    assert len(mail.outbox) == 2
    # Someone else, elsewhere, is not held up by it.
    other = client.post(
        "/admin/password_reset/", {"email": "reporter@example.org"}, REMOTE_ADDR="192.0.2.5"
    )
    assert other.status_code == 302
    assert len(mail.outbox) == 3


def _code(user) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_two_factor_sign_in_asks_for_the_code_once_set_up(staff, capsys, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no back-off after the deliberate wrong code
    call_command("two_factor", "reporter")
    assert "otpauth://totp/" in capsys.readouterr().out
    without = _sign_in(Client(), "reporter", PASSWORD, "192.0.2.5")
    assert without.status_code == 200
    assert "one-time code" in without.content.decode().lower()
    wrong = _sign_in(Client(), "reporter", PASSWORD, "192.0.2.5", otp_token="000000")
    assert wrong.status_code == 200
    client = Client()
    right = _sign_in(client, "reporter", PASSWORD, "192.0.2.5", otp_token=_code(staff))
    assert right.status_code == 302
    assert client.get("/admin/").status_code == 200
    # The API token endpoint asks for it too.
    token = Client().post("/api/v1/token/", {"username": "reporter", "password": PASSWORD})
    assert token.status_code == 401
    assert "otp_token" in token.json()["detail"]


def test_when_required_staff_without_a_device_may_only_set_one_up(staff, settings):
    settings.FACTCHECK_STAFF_2FA_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = Client()
    # The password lets them in, to the page that sets two-factor sign-in up and no further.
    assert _sign_in(client, "reporter", PASSWORD, "192.0.2.5").status_code == 302
    for url in ("/admin/", "/admin/claims/claim/", "/admin/queue/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/two-factor/"), url
    assert client.get("/admin/two-factor/").status_code == 200
    signed_out = Client()
    _sign_in(signed_out, "reporter", PASSWORD, "192.0.2.5")
    assert signed_out.post("/admin/logout/").status_code == 200  # they can always leave
    assert signed_out.get("/admin/two-factor/").status_code == 302
    token = Client().post("/api/v1/token/", {"username": "reporter", "password": PASSWORD})
    assert token.status_code == 401  # no code, no token
    client.post("/admin/two-factor/", {"action": "begin"})
    device = TOTPDevice.objects.get(user=staff)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    assert (
        client.post("/admin/two-factor/", {"action": "confirm", "code": code}).status_code == 302
    )
    assert client.get("/admin/").status_code == 200  # verified now
    refused = client.post("/admin/two-factor/", {"action": "remove", "code": code})
    assert "requires two-factor sign-in" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    # From now on the password alone is not enough.
    assert _sign_in(Client(), "reporter", PASSWORD, "192.0.2.5").status_code == 200
    anonymous = Client().get("/admin/two-factor/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")


def test_the_health_endpoint_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_staff_set_up_and_turn_off_two_factor_themselves(staff, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the deliberate wrong codes cause no back-off
    client = Client()
    client.force_login(staff)
    page = "/admin/two-factor/"
    assert "is <strong>off</strong>" in client.get(page).content.decode()
    assert "Two-factor sign-in</a>" in client.get("/admin/").content.decode()
    assert client.post(page, {"action": "begin"}).status_code == 302
    setup = client.get(page).content.decode()
    assert 'src="data:image/svg+xml' in setup
    secret = re.search(r"Key: <code>([A-Z2-7=]+)</code>", setup).group(1)
    assert secret
    wrong = client.post(page, {"action": "confirm", "code": "000000"})
    assert "did not match" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    pending = TOTPDevice.objects.get(user=staff)
    code = f"{totp(pending.bin_key, step=pending.step, t0=pending.t0, digits=pending.digits):06d}"
    assert client.post(page, {"action": "confirm", "code": code}).status_code == 302
    assert "is <strong>on</strong>" in client.get(page).content.decode()
    # From now on a sign-in asks for the code.
    assert _sign_in(Client(), "reporter", PASSWORD, "192.0.2.5").status_code == 200
    refused = client.post(page, {"action": "remove", "code": "000000"})
    assert "takes a current code" in refused.content.decode()
    TOTPDevice.objects.filter(user=staff).update(last_t=-1)  # the same code again, for the test
    assert client.post(page, {"action": "remove", "code": _code(staff)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert _sign_in(Client(), "reporter", PASSWORD, "192.0.2.5").status_code == 302
