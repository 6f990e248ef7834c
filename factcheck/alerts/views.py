"""The alerts' public pages: follow a speaker, a topic or a search (linked from their
pages), confirm from the mailed link, unsubscribe in one click (RFC 8058).

The speaker, topic and search pages link here rather than hold the form themselves: a
form's CSRF token would make each of those pages personal, out of the public cache."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from claims.models import Speaker, Topic
from factcheck.alerts import services, tokens
from factcheck.alerts.forms import QUERY_MAX, SubscribeForm
from factcheck.alerts.selectors import (
    public_speaker,
    public_topic,
    subscription_by_key,
    target_label,
)
from factcheck.base.http import client_address
from factcheck.base.shared_cache import CacheUnavailable, take

SENT_FLAG = "alerts_requested"
PAGE = "alerts/page.html"


@dataclass(frozen=True)
class Following:
    label: str
    speaker: Speaker | None = None
    topic: Topic | None = None
    query: str = ""


class Unclear(Exception):
    pass


def _following(request: HttpRequest) -> Following:
    """What the page's address asks to follow: exactly one public speaker, public topic or
    search (``?speaker=slug``, ``?topic=slug``, ``?q=words``)."""
    asked = {k: request.GET.get(k, "").strip() for k in ("speaker", "topic", "q")}
    given = [k for k, v in asked.items() if v]
    if len(given) != 1:
        raise Unclear(_("Say what to follow: one of speaker, topic or q."))
    if asked["speaker"]:
        speaker = public_speaker(asked["speaker"])
        if speaker is None:
            raise Http404("No speaker with published fact-checks has this address.")
        return Following(speaker.name, speaker=speaker)
    if asked["topic"]:
        topic = public_topic(asked["topic"])
        if topic is None:
            raise Http404("No topic with published fact-checks has this address.")
        return Following(_("the topic %(topic)s") % {"topic": topic.name}, topic=topic)
    if len(asked["q"]) > QUERY_MAX:
        raise Unclear(
            _("The parameter “q” must be at most %(count)s characters.") % {"count": QUERY_MAX}
        )
    return Following(_("a search"), query=asked["q"])


def _message(request: HttpRequest, title: str, text: str, status: int = 200) -> HttpResponse:
    return render(request, PAGE, {"title": title, "text": text}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.GET.get("sent") == "1" and request.session.pop(SENT_FLAG, False):
        return _message(
            request,
            _("Check your inbox"),
            _(
                "We sent a link to confirm your alerts. Nothing else is sent until you open "
                "it. No message? Check your spam folder, or ask again later."
            ),
        )
    try:
        following = _following(request)
    except Unclear as exc:
        return _message(request, _("Nothing to follow"), str(exc), status=400)
    search = following.speaker is None and following.topic is None
    form = SubscribeForm(request.POST or None, search=search, initial={"q": following.query})
    context = {"form": form, "following": following}
    if request.method == "POST" and form.is_valid():
        # Fails closed: each request mails an address someone typed, so while the shared
        # cache cannot count, none is taken.
        try:
            allowed = take(
                f"alerts:{client_address(request)}",
                limit=settings.FACTCHECK_ALERTS_PER_HOUR,
                window=3600,
                when_unavailable="refuse",
            )
        except CacheUnavailable:
            return _message(
                request,
                _("Alerts are paused"),
                _("Please try again in a few minutes."),
                status=503,
            )
        if not allowed:
            context["limited"] = True
            return render(request, "alerts/subscribe.html", context, status=429)
        if not form.cleaned_data["website"]:  # the honeypot: people leave it empty
            try:
                services.subscription_request(
                    email=form.cleaned_data["email"],
                    frequency=form.cleaned_data["frequency"],
                    speaker=following.speaker,
                    topic=following.topic,
                    query=form.cleaned_data.get("q", ""),
                    language=get_language(),
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
                return render(request, "alerts/subscribe.html", context)
        # The thanks is for whoever asked: a flag in their session, not the address.
        request.session[SENT_FLAG] = True
        return HttpResponseRedirect(reverse("alerts:subscribe") + "?sent=1")
    return render(request, "alerts/subscribe.html", context)


def _bad_link() -> str:
    return _(
        "This link is not one we sent, or it was cut short by your mail program. Copy the "
        "whole address from the email, or ask for alerts again."
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: a link scanner that opens every link of a
    message confirms nothing."""
    key = tokens.confirm_key(token)
    if key is None:
        return _message(
            request,
            _("This link does not work"),
            _bad_link()
            + " "
            + ngettext(
                "Confirmation links work for %(days)s day.",
                "Confirmation links work for %(days)s days.",
                settings.FACTCHECK_ALERTS_CONFIRM_DAYS,
            )
            % {"days": settings.FACTCHECK_ALERTS_CONFIRM_DAYS},
            status=400,
        )
    if request.method == "POST":
        subscription = services.subscription_confirm(key=key)
    else:
        subscription = subscription_by_key(key)
    if subscription is None:
        return _message(
            request,
            _("Nothing to confirm"),
            _("These alerts were cancelled, or not confirmed in time. Ask for them again."),
            status=404,
        )
    followed = target_label(subscription)
    if request.method == "POST":
        return _message(
            request,
            _("Alerts confirmed"),
            _(
                "You will be emailed about %(followed)s (%(frequency)s). Every alert has a "
                "link to unsubscribe in one click."
            )
            % {"followed": followed, "frequency": _(subscription.get_frequency_display())},
        )
    return render(
        request,
        "alerts/confirm.html",
        {
            "followed": followed,
            "subscription": subscription,
            "confirmed": subscription.confirmed_at,
        },
    )


# RFC 8058: a mail provider's "Unsubscribe" button POSTs "List-Unsubscribe=One-Click" to the
# address in the List-Unsubscribe header, without a session or a CSRF token; the signed
# token in the address is what makes the request the subscriber's.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (a link scanner unsubscribes no one), POST unsubscribes."""
    key = tokens.unsubscribe_key(token)
    if key is None:
        return _message(request, _("This link does not work"), _bad_link(), status=400)
    if request.method == "POST":
        followed = services.subscription_cancel(key=key)
        text = (
            _(
                "You will get no more alerts about %(followed)s. We deleted your address from "
                "this subscription."
            )
            % {"followed": followed}
            if followed is not None
            else _("You were unsubscribed already.")
        )
        return _message(request, _("Unsubscribed"), text)
    subscription = subscription_by_key(key)
    if subscription is None:
        return _message(request, _("Unsubscribed"), _("You were unsubscribed already."))
    return render(request, "alerts/unsubscribe.html", {"followed": target_label(subscription)})
