"""Staff adding an alert subscription the address already has are told that it already
follows it (a form error, nothing added, nothing mailed), not "added successfully"."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from factcheck.alerts import services
from factcheck.alerts.models import Subscription
from tests import factories
from tests.webhook_parts import publish

pytestmark = pytest.mark.django_db

ADD = "admin:alerts_subscription_add"


def _speaker(factchecker):
    claim = factories.make_claim(text="Trains run on time.")
    publish(author=factchecker, claim=claim)
    return claim.speaker


def test_adding_it_again_says_the_address_already_follows_it(editor, factchecker, login):
    speaker = _speaker(factchecker)
    first = services.subscription_add(
        user=editor, email="desk@example.org", frequency="daily", speaker=speaker
    )
    page = login(editor).post(
        reverse(ADD),
        {"email": "Desk@Example.org", "frequency": "immediate", "speaker": str(speaker.pk)},
    )
    assert page.status_code == 200  # the form again, with the refusal
    html = page.content.decode()
    assert "errornote" in html
    assert (
        f"desk@example.org already follows {speaker.name} (subscription #{first.pk}): "
        "nothing was added." in html
    )
    assert "waiting for its owner" in html
    assert not [m for m in get_messages(page.wsgi_request) if "success" in m.tags]
    assert "added successfully" not in html
    assert list(Subscription.objects.values_list("pk", "frequency")) == [(first.pk, "daily")]


def test_a_confirmed_one_says_it_is_confirmed(editor, factchecker):
    speaker = _speaker(factchecker)
    first = services.subscription_add(
        user=editor, email="desk@example.org", frequency="daily", speaker=speaker
    )
    services.subscription_confirm(key=first.key)
    with pytest.raises(ValidationError) as refused:
        services.subscription_add(
            user=editor, email="desk@example.org", frequency="daily", speaker=speaker
        )
    assert "already follows" in str(refused.value)
    assert "It is confirmed." in str(refused.value)
    assert Subscription.objects.count() == 1


def test_another_address_or_thing_is_added(editor, factchecker):
    speaker = _speaker(factchecker)
    services.subscription_add(
        user=editor, email="desk@example.org", frequency="daily", speaker=speaker
    )
    services.subscription_add(
        user=editor, email="other@example.org", frequency="daily", speaker=speaker
    )
    services.subscription_add(
        user=editor, email="desk@example.org", frequency="daily", query="trains"
    )
    assert Subscription.objects.count() == 3
