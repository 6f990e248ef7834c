"""Every write of the alerts made by people: following something (from the public pages,
or by staff in the admin), confirming, unsubscribing, a reader's suggestion with the wish
to be told, and forgetting an address everywhere on request."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from claims import services as claim_services
from claims.models import ReaderSuggestion, Speaker, Topic
from factcheck.alerts import queue, tokens
from factcheck.alerts.erasure import erase_subscriptions
from factcheck.alerts.models import MANAGE_SUBSCRIPTIONS, ReaderNotice, Subscription, Target
from factcheck.alerts.selectors import public_speaker, public_topic, target_label
from factcheck.base.services import AnyUser, require, save_validated
from factcheck.base.shared_cache import take

QUERY_MAX = 500


def _address(email: str) -> str:
    address = email.strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError({"email": [_("Enter a valid email address.")]}) from None
    return address


def _thing(
    speaker: Speaker | None, topic: Topic | None, query: str
) -> tuple[str, Speaker | None, Topic | None, str]:
    """What is followed: exactly one speaker, topic or search, and only what the public
    sees (a name mailed to an outside address must already be on the site)."""
    words = re.sub(r"\s+", " ", query).strip()
    given = [x for x in (speaker, topic, words) if x]
    if len(given) != 1:
        raise ValidationError(_("Follow one thing: a speaker, a topic, or a search."))
    if speaker is not None:
        public = public_speaker(speaker.slug)
        if public is None:
            raise ValidationError(
                {"speaker": [_("Only a speaker with published verdicts can be followed.")]}
            )
        return Target.SPEAKER, public, None, ""
    if topic is not None:
        if public_topic(topic.slug) is None:
            raise ValidationError(
                {"topic": [_("Only a topic with published verdicts can be followed.")]}
            )
        return Target.TOPIC, None, topic, ""
    if len(words) > QUERY_MAX:
        at_most = ngettext(
            "A search has at most %(count)s character.",
            "A search has at most %(count)s characters.",
            QUERY_MAX,
        )
        raise ValidationError({"query": [at_most % {"count": QUERY_MAX}]})
    return Target.SEARCH, None, None, words


def _follow(
    *,
    email: str,
    frequency: str,
    speaker: Speaker | None,
    topic: Topic | None,
    query: str,
    added_by: AnyUser | None,
    may_mail: bool = True,
    language: str = "",
) -> Subscription | None:
    address = _address(email)
    target, speaker, topic, query = _thing(speaker, topic, query)
    existing = (
        Subscription.objects.select_for_update()
        .filter(email=address, target=target, speaker=speaker, topic=topic, query=query)
        .first()
    )
    if existing is not None:
        # Asked again: a new confirmation link if it is still waiting, nothing otherwise
        # (whoever asks learns nothing of whether the address already follows it).
        if existing.confirmed_at is None and may_mail:
            _confirm_by_mail(existing)
        return existing
    if not may_mail:
        return None  # an address we may not mail today is not kept either
    subscription = Subscription(
        email=address,
        target=target,
        speaker=speaker,
        topic=topic,
        query=query,
        frequency=frequency,
        key=tokens.new_key(),
        added_by=added_by if added_by is not None and added_by.is_authenticated else None,
        language=language or settings.LANGUAGE_CODE,
    )
    save_validated(subscription, {})
    if may_mail:
        _confirm_by_mail(subscription)
    return subscription


def _confirm_by_mail(subscription: Subscription) -> None:
    queue.defer(
        queue.SEND_CONFIRMATION,
        lock=f"alerts-subscription-{subscription.pk}",
        subscription_id=subscription.pk,
    )


def _mailable(address: str) -> bool:
    """At most FACTCHECK_ALERTS_CONFIRMATIONS_PER_DAY confirmation requests to one address,
    whoever asks from wherever: the form cannot be used to flood someone's inbox. Counted
    under a digest of the address, so the cache holds no address."""
    digest = hashlib.sha256(address.encode()).hexdigest()
    return take(
        f"alerts:to:{digest}",
        limit=settings.FACTCHECK_ALERTS_CONFIRMATIONS_PER_DAY,
        window=24 * 3600,
        when_unavailable="allow",
    )


def subscription_request(
    *,
    email: str,
    frequency: str,
    speaker: Speaker | None = None,
    topic: Topic | None = None,
    query: str = "",
    language: str = "",
) -> Subscription | None:
    """Someone on the site asks to follow a speaker, a topic or a search: the address is
    kept, unconfirmed, and a confirmation link is mailed to it (by a job, in this
    transaction). Nothing else is sent until they confirm. ``language`` is the page's
    (their mail is written in it); the default language when not given."""
    with transaction.atomic():
        address = _address(email)
        return _follow(
            email=address,
            frequency=frequency,
            speaker=speaker,
            topic=topic,
            query=query,
            added_by=None,
            may_mail=_mailable(address),
            language=language,
        )


def subscription_add(
    *,
    user: AnyUser,
    email: str,
    frequency: str,
    speaker: Speaker | None = None,
    topic: Topic | None = None,
    query: str = "",
) -> Subscription:
    """Staff add a journalist's address in the admin: the same double opt-in, since only
    the address's owner can consent to it."""
    with transaction.atomic():
        require(user, MANAGE_SUBSCRIPTIONS, _("add email alert subscriptions"))
        _refuse_a_second(email=email, speaker=speaker, topic=topic, query=query)
        subscription = _follow(
            email=email,
            frequency=frequency,
            speaker=speaker,
            topic=topic,
            query=query,
            added_by=user,
        )
        assert subscription is not None  # staff are not limited: always kept and mailed
        return subscription


def _refuse_a_second(
    *, email: str, speaker: Speaker | None, topic: Topic | None, query: str
) -> None:
    """Staff adding what the address already follows are told so (they manage every
    subscription, so it tells them nothing new), instead of "added" for the one on file."""
    address = _address(email)
    target, speaker, topic, query = _thing(speaker, topic, query)
    existing = (
        Subscription.objects.select_related("speaker", "topic")
        .filter(email=address, target=target, speaker=speaker, topic=topic, query=query)
        .first()
    )
    if existing is None:
        return
    if existing.confirmed_at is None:
        state = _(
            "It is waiting for its owner's confirmation: “Mail the confirmation link again” "
            "in the list sends the link again."
        )
    else:
        state = _("It is confirmed.")
    raise ValidationError(
        # Translators: e.g. "desk@example.org already follows Jane Doe (subscription #4):
        # nothing was added. It is confirmed."
        _("%(email)s already follows %(what)s (subscription #%(id)s): nothing was added.")
        % {"email": address, "what": target_label(existing), "id": existing.pk}
        + " "
        + state,
        code="duplicate",
    )


def subscription_resend(*, subscription: Subscription, user: AnyUser) -> Subscription:
    """Mail the confirmation link again (staff, for someone who lost it)."""
    with transaction.atomic():
        require(user, MANAGE_SUBSCRIPTIONS, _("manage email alert subscriptions"))
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.confirmed_at is not None:
            raise ValidationError(_("It is confirmed already: nothing to send."))
        _confirm_by_mail(subscription)
        return subscription


def subscription_confirm(*, key: str) -> Subscription | None:
    """The owner confirmed from the link mailed to them; None if the subscription is gone
    (unsubscribed, forgotten, or left unconfirmed too long)."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(key=key).first()
        if subscription is not None and subscription.confirmed_at is None:
            subscription.confirmed_at = timezone.now()
            subscription.save(update_fields=["confirmed_at", "updated_at"])
        return subscription


def subscription_cancel(*, key: str) -> str | None:
    """Unsubscribe (the one-click link of every alert, or the page it opens): the
    subscription and its address are deleted. Returns what it followed, in words, or None
    when it was gone already."""
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update(of=("self",))
            .select_related("speaker", "topic")
            .filter(key=key)
            .first()
        )
        if subscription is None:
            return None
        followed = target_label(subscription)
        erase_subscriptions(Subscription.objects.filter(pk=subscription.pk))
        return followed


def reader_suggestion_submit(
    *,
    text: str,
    seen_where: str = "",
    email: str = "",
    consent: bool = False,
    language: str = "",
) -> ReaderSuggestion:
    """A reader's suggestion from the public form. The address they left is kept (as the
    suggestion's staff-only contact) only when they ticked the box to be told, once,
    when the claim is checked; without it, it is not stored at all."""
    with transaction.atomic():
        keep = consent and bool(email.strip())
        address = _address(email) if keep else ""
        suggestion = claim_services.suggestion_submit(
            text=text, seen_where=seen_where, contact=address
        )
        if keep:
            ReaderNotice.objects.create(
                suggestion=suggestion, language=language or settings.LANGUAGE_CODE
            )
        return suggestion


@dataclass(frozen=True)
class Forgotten:
    subscriptions: int
    suggestions: int


def subscriber_forget(*, email: str, user: AnyUser | None) -> Forgotten:
    """Delete every trace of an address, on its owner's request: its subscriptions (with
    their alerts and the admin's log entries about them), and the contact of any reader's
    suggestion it was left on (with the wish to be told). ``user`` is None only from the
    command line (``manage.py forget_subscriber``), whose operator is trusted."""
    with transaction.atomic():
        if user is not None:
            require(user, MANAGE_SUBSCRIPTIONS, _("forget a subscriber's address"))
        address = email.strip()
        if not address:
            raise ValidationError({"email": [_("Give the address to forget.")]})
        count = erase_subscriptions(Subscription.objects.filter(email__iexact=address))
        suggestions = claim_services.suggestion_contact_forget(email=address)
        # A wish to be told, left without an address to tell, is gone with it.
        ReaderNotice.objects.filter(suggestion__contact="").delete()
        return Forgotten(subscriptions=count, suggestions=suggestions)
