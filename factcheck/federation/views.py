"""The admin's "Checked elsewhere?": peers' answers for the claim being typed (an HTML
fragment the claim form loads by itself, after and apart from our own matches, so ours
never wait for a peer), and the one-click import of a review from them as theirs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from claims import permissions
from claims.selectors.similar import query_text
from factcheck.base.numbers import BadInteger, parse_int
from factcheck.federation import selectors, services
from factcheck.federation.peers import ask_peers, find_review
from factcheck.federation.services import ReviewReport

ANSWERS = "admin/federation/peer_answers.html"
IMPORTED = "admin/federation/peer_imported.html"


def _reads_claims(request: HttpRequest) -> None:
    user: Any = request.user
    if not (user.is_active and user.is_staff and user.has_perm("claims.view_claim")):
        raise PermissionDenied


@require_GET
def peer_answers(request: HttpRequest) -> HttpResponse:
    """``?text=…``: every peer's answer within the time budget, each review with its
    publisher, rating and date, and whether it is on file here already."""
    _reads_claims(request)
    text = query_text(request.GET.get("text", "")[:2000])
    peers = selectors.active_peers() if text else []
    answers = ask_peers(peers, text) if peers else []
    on_file = selectors.reviews_on_file(r.url for a in answers for r in a.reviews)
    context = {
        "answers": [(a, [(r, on_file.get(r.url)) for r in a.reviews]) for a in answers],
        "text": text,
        "budget_ms": settings.FACTCHECK_PEER_BUDGET_MS,
        "can_import": request.user.has_perm(permissions.REVIEW_VERDICT),
    }
    return render(request, ANSWERS, context)


def _outcome(report: ReviewReport, as_reference: bool) -> tuple[int, str]:
    if report.created:
        if as_reference:
            return 201, _("Imported as a staff-only reference.")
        return 201, _("Imported as their public review.")
    if report.updated:
        return 200, _("Updated from their answer.")
    if report.unchanged:
        return 200, _("Already on file, unchanged.")
    if report.skipped_ours:
        return 200, _("This is one of our own verdicts: not imported as theirs.")
    return 200, _("On file here in another state (held in the newsroom): left as it is.")


@require_POST
def peer_import(request: HttpRequest) -> HttpResponse:
    """POST ``peer``, ``text`` (what was asked) and ``url`` (the review's address): the
    review is read again from the peer's answer (cached, or asked anew), never from the
    form, and imported by the import service, which requires an editor."""
    _reads_claims(request)
    fragment = request.headers.get("X-Requested-With") == "fetch"
    try:
        pk = parse_int(request.POST.get("peer", ""), name="peer", minimum=1)
    except BadInteger as bad:
        return _answer(request, 400, bad.message, fragment)
    found = selectors.active_peer(pk)
    if found is None:
        return _answer(request, 404, _("No such peer (or it was switched off)."), fragment)
    peer, target = found
    text = query_text(request.POST.get("text", "")[:2000])
    review = find_review(target, text, request.POST.get("url", "")) if text else None
    if review is None:
        return _answer(
            request,
            404,
            _("%(peer)s no longer lists this review.") % {"peer": peer.name},
            fragment,
        )
    try:
        report = services.peer_review_import(peer=peer, review=review, user=request.user)
    except PermissionDenied as exc:
        return _answer(request, 403, str(exc), fragment)
    except ValidationError as exc:
        return _answer(request, 400, " ".join(exc.messages), fragment)
    status, message = _outcome(report, peer.import_as == "reference")
    verdict = selectors.reviews_on_file([review.url]).get(review.url)
    return _answer(request, status, message, fragment, verdict=verdict)


def _answer(
    request: HttpRequest, status: int, message: str, fragment: bool, verdict: Any = None
) -> HttpResponse:
    """A fragment for the page's script; without it, back to a page with the message."""
    if fragment:
        context = {"message": message, "verdict": verdict, "ok": status < 300}
        return render(request, IMPORTED, context, status=status)
    (messages.success if status < 300 else messages.error)(request, message)
    if verdict is not None:
        return HttpResponseRedirect(reverse("admin:claims_verdict_change", args=[verdict.pk]))
    return HttpResponseRedirect(reverse("admin:claims_claim_changelist"))
