"""The hostile-insider review, third round (claim families, claim vectors and matching,
webhooks): whoever changed anything a family's next revision shows cannot approve it,
a takedown stops deliveries still on their way, and no form of a private address
reaches the outbound client's socket."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.selectors.newsroom import contributors, proposal
from claims.services import TransitionError
from factcheck.base import events, outbound
from factcheck.base.services import Refused
from factcheck.notify import payloads
from factcheck.notify import services as notify
from factcheck.notify.models import WebhookDelivery
from tests import factories
from tests.conftest import MARKER
from tests.webhook_parts import publish, receiver

pytestmark = pytest.mark.django_db


def _user(username, role):
    user = factories.make_user(username=username)
    user.groups.add(Group.objects.get(name=role))
    return user


def _propose_update(verdict, user):
    return services.verdict_correct(
        verdict=verdict,
        user=user,
        expected_version=factories.version(verdict),
        note="Also said elsewhere.",
        kind="update",
    )


# Claim families: every change to what the next revision shows is a contribution ----------


@pytest.mark.parametrize("edit", ["rename the outlet", "move the article"])
def test_an_editor_who_changed_the_outlet_of_an_appearances_article_cannot_approve_it(
    editor, editor2, factchecker, edit
):
    """An appearance's article is published with its outlet: renaming that outlet, or
    moving the article to another, changes the update's document."""
    checked = factories.make_verdict(status="published", author=factchecker)
    outlet = factories.make_outlet(name="Channel Nine")
    elsewhere = factories.make_outlet(name=f"{MARKER} Other channel")
    article = factories.make_article(outlet=outlet, title="The interview")
    services.appearance_create(
        user=factchecker, claim=checked.claim, article=article, said_on=timezone.localdate()
    )
    _propose_update(checked, editor2)
    if edit == "rename the outlet":
        services.outlet_update(
            outlet=outlet,
            user=editor,
            expected_version=factories.version(outlet),
            changes={"name": f"{MARKER} renamed by the approver"},
        )
    else:
        services.article_update(
            article=article,
            user=editor,
            expected_version=factories.version(article),
            changes={"outlet": elsewhere},
        )
    assert MARKER in json.dumps(proposal(checked))  # his edit is in what would go public
    assert editor.pk in contributors(checked)
    with pytest.raises(TransitionError, match="You changed what this verdict would publish"):
        factories.publish_proposal(checked, editor)
    assert checked.revisions.count() == 1


def test_an_editor_who_unlinked_a_repeat_cannot_approve_its_removal_once_the_family_is_gone(
    editor, editor2, factchecker
):
    """His unlink took the repeat out of the family; another unlink then dissolved it.
    The family is gone, but what the next revision drops is still his doing."""
    checked = factories.make_verdict(status="published", author=factchecker)
    first, second = factories.make_claim(), factories.make_claim()
    approver = _user("approver", "Editor")
    services.claim_link_as_repeat(claim=first, of=checked.claim, user=factchecker)
    services.claim_link_as_repeat(claim=second, of=checked.claim, user=factchecker)
    factories.publish_proposal(_propose_update(checked, editor2), approver)
    shown = checked.revisions.order_by("-number").first().document["refs"]["appearance_claims"]
    assert set(shown) == {first.pk, second.pk}

    services.claim_unlink(claim=first, user=editor)
    services.claim_unlink(claim=second, user=factchecker)  # the family of one is dissolved
    _propose_update(checked, editor2)
    assert editor.pk in contributors(checked)
    with pytest.raises(TransitionError, match="You changed what this verdict would publish"):
        factories.publish_proposal(checked, editor)
    assert checked.revisions.count() == 2


# Webhooks: a takedown stops what is on its way --------------------------------------------


@pytest.fixture
def hooks(settings):
    settings.FACTCHECK_OUTBOUND_ALLOW = ["127.0.0.1"]
    settings.FACTCHECK_WEBHOOK_RETRY_SECONDS = 0
    settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS = 5
    settings.FACTCHECK_WEBHOOK_DISABLE_AFTER = 20
    return settings


@pytest.mark.parametrize("then", ["taken down", "retracted"])
def test_a_delivery_still_waiting_never_carries_a_verdict_taken_down_since(
    hooks, factchecker, editor, then
):
    chief = _user("chief", "Editor-in-chief")
    with receiver() as state:
        notify.endpoint_create(
            user=editor,
            name="Newsroom",
            url=state.url,
            events=[events.VERDICT_PUBLISHED, events.VERDICT_TAKEN_DOWN],
        )
        verdict = publish(author=factchecker, headline=f"{MARKER} soon removed")
        if then == "taken down":
            services.verdict_takedown(verdict=verdict, user=chief, note="A court order.")
        else:  # a retraction stays public: what was published may still go out
            services.verdict_retract(verdict=verdict, user=editor, note="The source recanted.")
        waiting = WebhookDelivery.objects.order_by("pk")
        assert MARKER in json.dumps(waiting[0].event.payload)  # recorded while public
        for delivery in waiting:
            notify.delivery_attempt(delivery_id=delivery.pk, final=False)
    sent = [json.loads(r.body) for r in state.received]
    first = WebhookDelivery.objects.order_by("pk").first()
    if then == "taken down":
        assert MARKER not in json.dumps(sent)
        assert [p["type"] for p in sent] == ["verdict.taken_down"]
        assert first.status == "abandoned"
        assert "taken down" in first.last_error
    else:
        assert [p["type"] for p in sent] == ["verdict.published"]
        assert first.status == "delivered"


def test_a_failed_delivery_of_a_verdict_taken_down_since_is_not_sent_again(
    hooks, factchecker, editor
):
    chief = _user("chief", "Editor-in-chief")
    notify.endpoint_create(
        user=editor,
        name="Newsroom",
        url="https://hooks.example.org/in",
        events=[events.VERDICT_PUBLISHED],
    )
    verdict = publish(author=factchecker, headline=f"{MARKER} soon removed")
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="failed")
    services.verdict_takedown(verdict=verdict, user=chief, note="A court order.")
    with pytest.raises(Refused, match="taken down"):
        notify.delivery_retry(delivery=delivery, user=editor)
    delivery.refresh_from_db()
    assert delivery.status == "failed"


def test_a_readers_suggestion_cannot_ping_the_newsroom_channel_or_hide_a_link():
    """Anyone may suggest a claim; a chat endpoint shows it to the newsroom. Mattermost
    reads "@channel" and "[text](address)" in an incoming webhook's text."""
    text = payloads.slack_text(
        {
            "type": "suggestion.received",
            "data": {
                "suggestion": {
                    "text": "@channel urgent: [approve it here](https://evil.example/login)",
                    "seen_where": "@all",
                },
                "admin_url": "https://factcheck.example/admin/claims/readersuggestion/1/",
            },
        }
    )
    assert "@channel" not in text
    assert "@all" not in text
    assert "](https://evil.example" not in text
    assert "<https://factcheck.example/admin/claims/readersuggestion/1/|" in text


# The outbound client: no form of a private address -----------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://[2002:7f00:1::]/hooks",  # 6to4 of 127.0.0.1
        "http://[2002:a9fe:a9fe::]/latest/meta-data/",  # 6to4 of 169.254.169.254
        "http://[fec0::1]/",  # site-local
    ],
)
def test_ipv6_addresses_that_lead_to_private_networks_are_refused(url):
    with pytest.raises(outbound.AddressRefused):
        outbound.check_url(url)
    with pytest.raises(outbound.AddressRefused):
        outbound.fetch(url, timeout=2)


def test_an_endpoint_on_a_6to4_address_cannot_be_registered(editor):
    with pytest.raises(ValidationError) as refused:
        notify.endpoint_create(
            user=editor, name="Sneaky", url="http://[2002:7f00:1::]/", events=["verdict.published"]
        )
    assert "url" in refused.value.message_dict


@pytest.mark.parametrize(
    "url",
    [
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:169.254.169.254]/",
        "http://[::127.0.0.1]/",  # IPv4-compatible
        "http://[64:ff9b::127.0.0.1]/",  # NAT64
        "http://[::1]/",
        "http://[::]/",
        "http://0.0.0.0/",
        "http://localhost./",
        "http://[fe80::1%25eth0]/",
    ],
)
def test_literal_private_addresses_in_every_spelling_are_refused(url):
    with pytest.raises(outbound.AddressRefused):
        outbound.check_url(url)


@pytest.mark.parametrize("host", ["2130706433", "127.1", "0x7f.0.0.1", "017700000001", "0"])
def test_numeric_spellings_of_loopback_are_refused_when_connecting(host):
    """Not addresses to the form's eye, but the resolver reads them as 127.0.0.1: the
    check on the resolved address refuses them before any packet is sent."""
    with pytest.raises(outbound.AddressRefused):
        outbound.fetch(f"http://{host}:9/", timeout=2)


LONG_NAME = "http://" + "ü" * 60 + ".example.org/hooks"  # Django's URL check lets it by


def test_a_host_name_too_long_in_punycode_is_refused_not_a_crash(editor):
    """It failed in the resolver with a UnicodeError, which no caller handles: every
    delivery to it crashed its job without an attempt in the log."""
    with pytest.raises(outbound.OutboundError, match="not a valid name"):
        outbound.fetch(LONG_NAME, timeout=2)
    with pytest.raises(ValidationError) as refused:
        notify.endpoint_create(
            user=editor, name="Long", url=LONG_NAME, events=["verdict.published"]
        )
    assert "url" in refused.value.message_dict


# Public matching: bad input is an answer, never a 500 ---------------------------------------


def test_a_word_too_long_for_full_text_search_is_not_a_500(client, words_only):
    factories.make_verdict(status="published")
    word = "\U00020000" * 1000  # 4 bytes each in UTF-8: past PostgreSQL's 2 KB word
    for url in (reverse("web:checked"), reverse("api:checked")):
        assert client.get(url, {"text": word}).status_code == 200
