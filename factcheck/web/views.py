"""The public pages. Every read starts from a public gate (claims.selectors.public);
signed-in staff may preview a draft's page, under a banner, and nobody else."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from claims import services
from claims.models import AboutSection, Correction, RatingScale, Speaker, Verdict
from claims.selectors import claim_preview, verdict_public_history
from claims.selectors import public as queries
from factcheck.base.http import client_address
from factcheck.claimreview import claim_review, is_marked_up
from factcheck.web.forms import SuggestionForm
from factcheck.web.rendering import annotate

PAGE = 20


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw[:6]) <= 1000 or len(raw) > 6:
        raise BadParameter("page", "a whole number from 1 to 1000")
    return int(raw)


class BadParameter(Exception):
    def __init__(self, name: str, wanted: str) -> None:
        super().__init__(f"The parameter “{name}” must be {wanted}.")


def _paged(request: HttpRequest, rows: Any) -> tuple[list[Any], int, bool]:
    """One page of ``rows`` and whether another follows: no COUNT over the table."""
    number = _page_number(request)
    items = list(rows[(number - 1) * PAGE : number * PAGE + 1])
    return items[:PAGE], number, len(items) > PAGE


def _default_ratings() -> Any:
    scale = RatingScale.objects.filter(is_default=True).prefetch_related("ratings").first()
    return scale.ratings.all() if scale else []


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    latest = queries.verdicts_with_claims().order_by("-published_at", "-pk")[:PAGE]
    return render(request, "web/home.html", {"latest": latest, "legend": _default_ratings()})


@require_GET
def claim_page(request: HttpRequest, slug: str) -> HttpResponse:
    claim = queries.claims().filter(slug=slug).first()
    preview = False
    if claim is None and request.user.is_staff:
        claim, preview = claim_preview(slug), True
    if claim is None:
        notice = Verdict.objects.takedown_notices().filter(claim__slug=slug).first()
        if notice is None:
            raise Http404("No published claim has this address.")
        return render(request, "web/notice.html", {"notice": notice}, status=410)
    verdicts = claim.public_verdicts  # type: ignore[attr-defined]
    ours = next((v for v in verdicts if v.is_ours), None)
    context: dict[str, Any] = {
        "claim": claim,
        "ours": ours,
        "others": [v for v in verdicts if not v.is_ours],
        "preview": preview,
        "canonical": request.build_absolute_uri(reverse("web:claim", args=[slug])),
    }
    if ours is not None:
        context["sources"] = ours.verdict_sources.select_related("source").order_by(
            "position", "pk"
        )
        context["history"] = verdict_public_history(verdict=ours)
        if is_marked_up(ours) and not preview:
            ours.claim = claim
            corrections = [e.at for e in context["history"] if e.kind != "published"]
            context["claimreview"] = claim_review(ours, corrections=corrections)
    return render(request, "web/claim.html", context)


@require_GET
def speaker_page(request: HttpRequest, slug: str) -> HttpResponse:
    speaker = queries.speakers().filter(slug=slug).first()
    if speaker is None:
        merged = Speaker.objects.filter(slug=slug, merged_into__isnull=False).first()
        target = merged.merged_into if merged is not None else None
        if target is not None and queries.speakers().filter(pk=target.pk).exists():
            return HttpResponsePermanentRedirect(reverse("web:speaker", args=[target.slug]))
        raise Http404("No speaker with published fact-checks has this address.")
    claims, number, more = _paged(
        request, queries.claims().filter(speaker=speaker).order_by("-published_at", "-id")
    )
    record = queries.records([speaker.pk])[speaker.pk]
    most = max([row["count"] for row in record["by_rating"]] or [1])
    return render(
        request,
        "web/speaker.html",
        {
            "speaker": speaker,
            "record": record,
            "most": most,
            "claims": claims,
            "page": number,
            "more": more,
        },
    )


@require_GET
def article_page(request: HttpRequest, slug: str) -> HttpResponse:
    article = queries.articles().filter(slug=slug).first()
    if article is None:
        raise Http404("No article with published fact-checks has this address.")
    claims = list(queries.claims().filter(article=article).order_by("pk"))
    paragraphs = annotate(article.text, claims, full_text=article.full_text_public)
    marked = {claim.pk for p in paragraphs for segment in p for claim in segment.claims}
    return render(
        request,
        "web/article.html",
        {
            "article": article,
            "paragraphs": paragraphs,
            "claims": claims,
            "unmarked": [c for c in claims if c.pk not in marked],
        },
    )


@require_GET
def outlet_page(request: HttpRequest, slug: str) -> HttpResponse:
    outlet = queries.outlets().filter(slug=slug).first()
    if outlet is None:
        raise Http404("No outlet with published fact-checks has this address.")
    appeared = queries.claims().filter(appeared_in=outlet) | queries.claims().filter(
        article__outlet=outlet
    )
    claims, number, more = _paged(request, appeared.distinct().order_by("-published_at", "-id"))
    reviews = (
        queries.verdicts_with_claims().filter(publisher=outlet).order_by("-published_at")[:PAGE]
    )
    return render(
        request,
        "web/outlet.html",
        {"outlet": outlet, "claims": claims, "reviews": reviews, "page": number, "more": more},
    )


@require_GET
def topic_page(request: HttpRequest, slug: str) -> HttpResponse:
    topic = queries.topics().filter(slug=slug).first()
    if topic is None:
        raise Http404("No topic with published fact-checks has this address.")
    claims, number, more = _paged(
        request, queries.claims().filter(topics=topic).order_by("-published_at", "-id")
    )
    return render(
        request, "web/topic.html", {"topic": topic, "claims": claims, "page": number, "more": more}
    )


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    rating = request.GET.get("rating", "").strip()
    topic = request.GET.get("topic", "").strip()
    speaker = request.GET.get("speaker", "").strip()
    if len(text) > 500:
        raise BadParameter("q", "at most 500 characters")
    claims: Any = queries.claims()
    if rating:
        rated = Verdict.objects.public().filter(rating__slug=rating, claim=OuterRef("pk"))
        claims = claims.filter(Exists(rated))
    if topic:
        claims = claims.filter(topics__slug=topic)
    if speaker:
        claims = claims.filter(speaker__slug=speaker)
    searched = bool(text or rating or topic or speaker)
    results: list[Any] = []
    number, more = 1, False
    if searched:
        order = ["-published_at", "-id"]
        if text:
            claims = queries.search(claims, text, by_relevance=True)
            order.insert(0, "-rank")
        results, number, more = _paged(request, claims.order_by(*order))
    context = {
        "q": text,
        "rating": rating,
        "topic": topic,
        "speaker": speaker,
        "searched": searched,
        "topics": queries.topics().order_by("name"),
        "results": results,
        "page": number,
        "more": more,
        "legend": _default_ratings(),
    }
    return render(request, "web/search.html", context)


@require_GET
def ratings_page(request: HttpRequest) -> HttpResponse:
    scales = queries.rating_scales()
    methodology = AboutSection.objects.filter(kind=AboutSection.Kind.METHODOLOGY).first()
    return render(request, "web/ratings.html", {"scales": scales, "methodology": methodology})


@require_GET
def corrections_page(request: HttpRequest) -> HttpResponse:
    log = (
        Correction.objects.filter(verdict__in=Verdict.objects.public())
        .select_related("verdict__claim", "previous_rating", "new_rating")
        .order_by("-published_at", "-pk")
    )
    entries, number, more = _paged(request, log)
    return render(
        request, "web/corrections.html", {"entries": entries, "page": number, "more": more}
    )


ABOUT_ORDER = [kind for kind, _ in AboutSection.Kind.choices]


@require_GET
def about_page(request: HttpRequest) -> HttpResponse:
    sections = sorted(AboutSection.objects.all(), key=lambda s: ABOUT_ORDER.index(s.kind))
    return render(request, "web/about.html", {"sections": sections})


@require_http_methods(["GET", "POST"])
def suggest_page(request: HttpRequest) -> HttpResponse:
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = f"suggestions:{client_address(request)}"
        sent = cache.get_or_set(key, 0, timeout=3600) or 0
        if sent >= settings.FACTCHECK_SUGGESTIONS_PER_HOUR:
            return render(request, "web/suggest.html", {"form": form, "limited": True}, status=429)
        cache.incr(key)
        if not form.cleaned_data["website"]:  # the honeypot: people leave it empty
            services.suggestion_submit(
                text=form.cleaned_data["text"],
                seen_where=form.cleaned_data["seen_where"],
                contact=form.cleaned_data["contact"],
            )
        return HttpResponseRedirect(reverse("web:suggest") + "?sent=1")
    return render(
        request, "web/suggest.html", {"form": form, "sent": request.GET.get("sent") == "1"}
    )


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponsePermanentRedirect(static("web/favicon.svg"))


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("sitemap-index"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/v1/staff/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class BadParameterMiddleware:
    """A malformed page parameter is a 400 naming it, not a 500."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, BadParameter):
            return HttpResponseBadRequest(str(exception), content_type="text/plain; charset=utf-8")
        return None
