"""The messages: plain text with an HTML alternative, from templates that carry the site's
name. Every alert and digest carries RFC 8058 one-click unsubscribe headers; what they
say of a verdict is its public document at that revision (``revision_event_document``)."""

from __future__ import annotations

import re
from email.utils import formataddr, make_msgid, parseaddr
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop, ngettext

from factcheck.alerts import tokens
from factcheck.alerts.models import Subscription
from factcheck.alerts.selectors import target_label
from factcheck.base.http import site_url
from factcheck.i18n.languages import path_in_language, url_in_language

SUBJECT_MAX = 150
KIND_WORDS = {
    "published": gettext_noop("Published"),
    "correction": gettext_noop("Corrected"),
    "update": gettext_noop("Updated"),
    "clarification": gettext_noop("Clarified"),
    "retraction": gettext_noop("Retracted"),
}


def _one_line(text: str) -> str:
    """A header value: one line (a headline may hold a line break), of sensible length."""
    line = re.sub(r"\s+", " ", text).strip()
    return line if len(line) <= SUBJECT_MAX else line[: SUBJECT_MAX - 1] + "…"


def _sender() -> str:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((name or settings.FACTCHECK_PUBLISHER_NAME, address))


def _domain() -> str:
    return urlsplit(settings.FACTCHECK_SITE_URL).hostname or "localhost"


def confirm_url(subscription: Subscription) -> str:
    """In the subscriber's language (``/ar/alerts/confirm/…``), like the page it opens."""
    with translation.override(subscription.language):
        path = reverse("alerts:confirm", args=[tokens.confirm_token(subscription.key)])
    return site_url(path)


def unsubscribe_url(subscription: Subscription) -> str:
    with translation.override(subscription.language):
        path = reverse("alerts:unsubscribe", args=[tokens.unsubscribe_token(subscription.key)])
    return site_url(path)


def _message(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict[str, Any],
    unsubscribe: str = "",
) -> EmailMultiAlternatives:
    """Call in the recipient's language (``translation.override``): the subject and the
    templates are written in it."""
    context = {
        **context,
        "site_name": settings.FACTCHECK_PUBLISHER_NAME,
        "site_url": site_url(path_in_language("/", translation.get_language() or "en")),
        "about_url": site_url(path_in_language("/about/", translation.get_language() or "en")),
        "unsubscribe_url": unsubscribe,
    }
    # A Message-ID of the site's own domain (Django's default asks the machine's DNS for
    # its name, which can take seconds on a host without one).
    headers = {"Message-ID": make_msgid(domain=_domain()), "Auto-Submitted": "auto-generated"}
    if unsubscribe:
        # RFC 8058: mail providers offer "Unsubscribe" and POST this body to the address.
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=_one_line(f"{subject} · {settings.FACTCHECK_PUBLISHER_NAME}"),
        body=render_to_string(f"alerts/email/{template}.txt", context),
        from_email=_sender(),
        to=[to],
        headers=headers,
    )
    message.attach_alternative(
        render_to_string(f"alerts/email/{template}.html", context), "text/html"
    )
    return message


def item(document: dict[str, Any]) -> dict[str, Any]:
    """What an email shows of one revision, from its public document, in the current
    language (its page's address in that language too)."""
    revision, verdict, claim = document["revision"], document["verdict"], document["claim"]
    kind = revision["kind"]
    return {
        "kind": gettext(KIND_WORDS[kind]) if kind in KIND_WORDS else kind.capitalize(),
        "note": revision.get("note", ""),
        "headline": verdict.get("headline", ""),
        "summary": verdict.get("summary", ""),
        "rating": (verdict.get("rating") or {}).get("label", ""),
        "url": url_in_language(verdict.get("page_url", ""), translation.get_language() or "en"),
        "language": claim.get("language", ""),
        "claim": claim.get("text", ""),
        "speaker": (claim.get("speaker") or {}).get("name", ""),
    }


def _following(subscription: Subscription) -> dict[str, Any]:
    return {
        "target": target_label(subscription),
        "frequency": gettext(subscription.get_frequency_display()),
    }


def alert_message(subscription: Subscription, document: dict[str, Any]) -> EmailMultiAlternatives:
    with translation.override(subscription.language):
        shown = item(document)
        return _message(
            to=subscription.email,
            subject=gettext("%(kind)s: %(headline)s")
            % {"kind": shown["kind"], "headline": shown["headline"]},
            template="alert",
            context={"item": shown, **_following(subscription)},
            unsubscribe=unsubscribe_url(subscription),
        )


def digest_message(
    subscription: Subscription, documents: list[dict[str, Any]]
) -> EmailMultiAlternatives:
    with translation.override(subscription.language):
        items = [item(document) for document in documents]
        following = _following(subscription)
        subject = ngettext(
            "Daily digest: %(count)s verdict on %(target)s",
            "Daily digest: %(count)s verdicts on %(target)s",
            len(items),
        ) % {"count": len(items), "target": following["target"]}
        return _message(
            to=subscription.email,
            subject=subject,
            template="digest",
            context={"items": items, **following},
            unsubscribe=unsubscribe_url(subscription),
        )


def confirmation_message(subscription: Subscription) -> EmailMultiAlternatives:
    with translation.override(subscription.language):
        return _message(
            to=subscription.email,
            subject=gettext("Confirm your email alerts"),
            template="confirm",
            context={
                "confirm_url": confirm_url(subscription),
                "cancel_url": unsubscribe_url(subscription),
                "days": settings.FACTCHECK_ALERTS_CONFIRM_DAYS,
                **_following(subscription),
            },
        )


def reader_message(
    address: str, document: dict[str, Any], language: str = ""
) -> EmailMultiAlternatives:
    with translation.override(language or settings.LANGUAGE_CODE):
        shown = item(document)
        return _message(
            to=address,
            subject=gettext("The claim you suggested was checked: %(headline)s")
            % {"headline": shown["headline"]},
            template="reader",
            context={"item": shown},
        )
