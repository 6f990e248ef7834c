"""The public pages. Every read starts from a public gate (claims.selectors.public) and
shows what was published: the public index and the revisions it serves, never the
newsroom's working rows (only the headers of speaker, outlet, topic and article pages,
their current name and description, are read live). Signed-in staff may preview a
draft's page, under a banner, and nobody else."""

from __future__ import annotations

from typing import Any

from babel import Locale, UnknownLocaleError
from django.conf import settings
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
from django.utils.http import urlencode
from django.utils.translation import (
    get_language,
    get_language_bidi,
    gettext,
    ngettext,
)
from django.views.decorators.http import require_http_methods, require_safe

from claims import permissions
from claims.selectors import public as queries
from claims.selectors import public_articles
from claims.selectors.newsroom import preview_verdicts
from factcheck.alerts import services as alert_services
from factcheck.base.http import client_address, site_url
from factcheck.base.numbers import BadInteger, parse_int
from factcheck.base.shared_cache import take
from factcheck.base.signin import session_lacks_second_factor
from factcheck.claimreview import claim_review
from factcheck.i18n.languages import original_url, url_in_language
from factcheck.web.chart import record_chart
from factcheck.web.forms import SuggestionForm
from factcheck.web.rendering import annotate

PAGE = 20


def _page_number(request: HttpRequest) -> int:
    return parse_int(request.GET.get("page", "1"), name="page", minimum=1, maximum=1000)


class BadParameter(Exception):
    def __init__(self, name: str, wanted: str) -> None:
        super().__init__(
            gettext("The parameter “%(name)s” must be %(wanted)s.")
            % {"name": name, "wanted": wanted}
        )


def _at_most(count: int) -> str:
    return ngettext("at most %(count)s character", "at most %(count)s characters", count) % {
        "count": count
    }


def _paged(request: HttpRequest, rows: Any) -> tuple[list[Any], int, bool]:
    """One page of ``rows`` and whether another follows: no COUNT over the table."""
    number = _page_number(request)
    items = list(rows[(number - 1) * PAGE : number * PAGE + 1])
    return items[:PAGE], number, len(items) > PAGE


def _default_ratings() -> Any:
    scale = queries.rating_scales().filter(is_default=True).first()
    return scale.ratings.all() if scale else []


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    latest = queries.listed_verdicts(queries.verdict_index()[:PAGE])
    return render(request, "web/home.html", {"latest": latest, "legend": _default_ratings()})


def _may_preview(user: Any) -> bool:
    """Staff who may read verdicts in the admin, signed in as the admin requires (with
    their second factor when it is required): being staff alone shows no draft."""
    return permissions.reads_the_newsroom(user) and not session_lacks_second_factor(user)


@require_safe
def claim_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The claim with its verdicts as published: the latest revision of each, ours first,
    and our revision history. Staff may preview a claim no reader can see yet."""
    verdicts = queries.claim_verdicts(slug)
    preview = False
    if not verdicts and _may_preview(request.user):
        verdicts, preview = preview_verdicts(slug), True
    if not verdicts:
        notice = queries.takedown_notice(claim__slug=slug)
        if notice is None:
            raise Http404("No published claim has this address.")
        return render(request, "web/notice.html", {"notice": notice}, status=410)
    ours = next((v for v in verdicts if v.is_ours), None)
    context: dict[str, Any] = {
        "claim": (ours or verdicts[0]).claim,
        "ours": ours,
        "others": [v for v in verdicts if not v.is_ours],
        "preview": preview,
        # The page as it was published, at the root (English interface): the other
        # languages' pages show the same content and point to it (docs/languages.md).
        "canonical": original_url("web:claim", slug),
    }
    if ours is not None:
        # Claim families, as the revision published them: who else said it, and other
        # publishers' reviews of it said by them.
        context["also_said"] = ours.appearances
        context["family_reviews"] = queries.family_reviews(ours.family_reviews)
    if ours is not None and not preview:
        context["history"] = queries.revision_history(ours.verdict_id)
        if ours.status == "published":  # a retraction is not marked up as a ClaimReview
            context["claimreview"] = claim_review(ours)
        _with_translation(context, ours, slug)
    return render(request, "web/claim.html", context)


def _with_translation(context: dict[str, Any], ours: Any, slug: str) -> None:
    """Our verdict in the page's language when a translation of it is published: its
    texts replace the original's, marked as a translation linking to the original, which
    stays the page at the root. hreflang pairs only pages whose content is in their
    language: the original's and each translation's (docs/languages.md)."""
    translations = queries.translations_of(ours)
    if not translations:
        return
    original_page = original_url("web:claim", slug)
    own = ours.language or settings.LANGUAGE_CODE
    context["verdict_alternates"] = [{"code": own, "href": original_page}] + [
        {"code": code, "href": url_in_language(original_page, code)}
        for code in sorted(translations)
    ]
    translation = translations.get(get_language() or "")
    if translation is None:
        return
    served = translation.served
    context.update(
        ours=served,
        translation=translation,
        original_page=original_page,
        original_language=_language_name(own),
        claim={
            **context["claim"],
            "text": translation.claim_wording or context["claim"]["text"],
            "language": served.language,
        },
        canonical=url_in_language(original_page, served.language),
        # The translation's own revisions: the original's are on its page, linked above.
        history=queries.translation_history(translation),
    )
    # An out-of-date translation is not marked up: readers are sent to the original.
    context.pop("claimreview", None)
    if not translation.out_of_date:
        context["claimreview"] = claim_review(served)


def _language_name(tag: str) -> str:
    """The name of the language ``tag`` as it reads inside a sentence of the page's
    language: CLDR's (through Babel), "inglés" and "anglais", where Django's names are
    capitalised for a menu ("Inglés"); the tag itself for a language it does not know."""
    try:
        locale = Locale.parse(get_language() or settings.LANGUAGE_CODE, sep="-")
    except (ValueError, UnknownLocaleError):
        return tag
    return str(locale.languages.get(tag.split("-")[0].lower()) or tag)


@require_safe
def speaker_page(request: HttpRequest, slug: str) -> HttpResponse:
    address = queries.speaker_at(slug)
    if address is None:
        raise Http404("No speaker with published fact-checks has this address.")
    if address.moved_to is not None:
        return HttpResponsePermanentRedirect(reverse("web:speaker", args=[address.moved_to.slug]))
    # Claims published under a speaker since merged into this one keep that attribution
    # (it is what was published) and are listed, and counted, here.
    rows = queries.claim_index().filter(speaker_id__in=address.ids)
    claims, number, more = _paged(request, rows)
    record = queries.merged_records({address.speaker.pk: address.ids})[address.speaker.pk]
    # The ratings by their labels in the page's language, as they are today (as counted).
    language = get_language()
    record["by_rating"] = [
        {**row, "label": queries.rating_label(row, language)} for row in record["by_rating"]
    ]
    repeats = queries.listed_repeats(queries.repeats_after_rating(address.ids)[:PAGE])
    return render(
        request,
        "web/speaker.html",
        {
            "speaker": address.speaker,
            "record": record,
            "chart": record_chart(record["by_rating"], right_to_left=get_language_bidi()),
            "claims": queries.listed_claims(claims),
            "repeats": repeats,
            "page": number,
            "more": more,
        },
    )


@require_safe
def article_page(request: HttpRequest, slug: str) -> HttpResponse:
    article = public_articles().filter(slug=slug).select_related("outlet").first()
    if article is None:
        raise Http404("No article with published fact-checks has this address.")
    rows = queries.claim_index().filter(article_id=article.pk).order_by("claim_id")
    claims = queries.listed_claims(rows)
    paragraphs = annotate(article.text, claims, full_text=article.full_text_public)
    marked = {claim.slug for p in paragraphs for segment in p for claim in segment.claims}
    return render(
        request,
        "web/article.html",
        {
            "article": article,
            "canonical": original_url("web:article", slug),
            "paragraphs": paragraphs,
            "claims": claims,
            "unmarked": [c for c in claims if c.slug not in marked],
        },
    )


@require_safe
def outlet_page(request: HttpRequest, slug: str) -> HttpResponse:
    outlet = queries.outlets().filter(slug=slug).first()
    if outlet is None:
        raise Http404("No outlet with published fact-checks has this address.")
    rows = queries.claim_index().filter(outlets__contains=[outlet.pk])
    claims, number, more = _paged(request, rows)
    reviews = queries.verdict_index().filter(publisher_id=outlet.pk)[:PAGE]
    return render(
        request,
        "web/outlet.html",
        {
            "outlet": outlet,
            "claims": queries.listed_claims(claims),
            "reviews": queries.listed_verdicts(reviews),
            "page": number,
            "more": more,
        },
    )


@require_safe
def topic_page(request: HttpRequest, slug: str) -> HttpResponse:
    topic = queries.topics().filter(slug=slug).first()
    if topic is None:
        raise Http404("No topic with published fact-checks has this address.")
    rows = queries.claim_index().filter(topics__contains=[topic.pk])
    claims, number, more = _paged(request, rows)
    return render(
        request,
        "web/topic.html",
        {"topic": topic, "claims": queries.listed_claims(claims), "page": number, "more": more},
    )


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    rating = request.GET.get("rating", "").strip()
    topic = request.GET.get("topic", "").strip()
    speaker = request.GET.get("speaker", "").strip()
    if len(text) > 500:
        raise BadParameter("q", _at_most(500))
    claims = queries.claim_index()
    if rating:
        claims = queries.claims_rated(claims, rating)
    if topic:
        claims = queries.claims_on_topic(claims, topic)
    if speaker:
        claims = queries.claims_by_speaker(claims, speaker)
    searched = bool(text or rating or topic or speaker)
    results: list[Any] = []
    number, more = 1, False
    searching: dict[str, Any] = {}
    if text:
        searching = _search_results(request, claims, text)
        results = searching.pop("results")
    elif searched:
        found, number, more = _paged(request, claims)
        results = queries.listed_claims(found)
    context = {
        **searching,
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


@require_safe
def checked_page(request: HttpRequest) -> HttpResponse:
    """Has this been checked? A reader pastes a claim, in any language the model reads,
    and gets our closest public verdicts (public revisions only: claims.selectors.public)."""
    text = request.GET.get("text", "")
    if len(text) > queries.QUERY_MAX:
        raise BadParameter("text", _at_most(queries.QUERY_MAX))
    asked = queries.query_text(text)
    found = queries.similar_public_verdicts(text=asked, limit=5) if asked else None
    context = {
        "text": text.strip(),
        "asked": asked,
        "short": bool(text.strip()) and not asked,
        "shortest": queries.QUERY_MIN,
        "longest": queries.QUERY_MAX,
    }
    if found is not None:
        context |= {"found": found, "results": found.candidates}
    return render(request, "web/checked.html", context)


# The search page's links past its first page carry the search's position, signed.
SEARCH_SALT = "factcheck.web.search"


def _search_results(request: HttpRequest, claims: Any, text: str) -> dict[str, Any]:
    """A page of a search for words: its ranked window (the newest matches, most relevant
    first), then every other match newest first, the page saying which it lists. Older
    links' ``page`` numbers still lead to the same place in that order."""
    token = request.GET.get("cursor", "")
    position = None
    if token:
        try:
            position = queries.position_from_token(token, SEARCH_SALT)
        except ValueError:
            raise BadParameter("cursor", gettext("a link from this site's search pages")) from None
    skip = 0 if position else (_page_number(request) - 1) * PAGE
    # Every claim whatever the page's language, each matched by the words as its own
    # language parses them: an English word on /ar/ finds the English claims, an Arabic
    # one on / the Arabic claims (docs/languages.md, "Search in each language").
    page = queries.search_page(claims, text, size=PAGE, position=position, skip=skip)
    # A claim found by the words of its translation, or with one in the page's language,
    # leads to that translation's page (one query a page).
    hits = queries.search_hits([row.pk for row in page.rows], text, language=get_language())
    asked = {
        "q": text,
        **{k: request.GET.get(k, "").strip() for k in ("rating", "topic", "speaker")},
    }
    following = page.next
    return {
        "results": queries.listed_claims(page.rows, hits),
        "order": page.order,
        "window": queries.window_size(),
        "continued": bool(token) or skip > 0,
        "first_query": urlencode({k: v for k, v in asked.items() if v}),
        "next_cursor": "" if following is None else queries.position_token(following, SEARCH_SALT),
        "next_order": "" if following is None else following.order,
    }


@require_safe
def ratings_page(request: HttpRequest) -> HttpResponse:
    scales = queries.rating_scales()
    methodology = queries.about_sections().filter(kind="methodology").first()
    return render(request, "web/ratings.html", {"scales": scales, "methodology": methodology})


@require_safe
def corrections_page(request: HttpRequest) -> HttpResponse:
    entries, number, more = _paged(request, queries.correction_log())
    return render(
        request, "web/corrections.html", {"entries": entries, "page": number, "more": more}
    )


ABOUT_ORDER = queries.ABOUT_ORDER


@require_safe
def about_page(request: HttpRequest) -> HttpResponse:
    sections = sorted(queries.about_sections(), key=lambda s: ABOUT_ORDER.index(s.kind))
    return render(request, "web/about.html", {"sections": sections})


SENT_FLAG = "suggestion_sent"


@require_http_methods(["GET", "HEAD", "POST"])
def suggest_page(request: HttpRequest) -> HttpResponse:
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Fails open: while the shared cache is down readers may still suggest (the
        # honeypot still stops robots); the outage is logged and /healthz says so.
        if not take(
            f"suggestions:{client_address(request)}",
            limit=settings.FACTCHECK_SUGGESTIONS_PER_HOUR,
            window=3600,
            when_unavailable="allow",
        ):
            return render(request, "web/suggest.html", {"form": form, "limited": True}, status=429)
        if not form.cleaned_data["website"]:  # the honeypot: people leave it empty
            # The address is kept only with the box ticked (factcheck.alerts).
            alert_services.reader_suggestion_submit(
                text=form.cleaned_data["text"],
                seen_where=form.cleaned_data["seen_where"],
                email=form.cleaned_data["contact"],
                consent=form.cleaned_data["consent"],
                language=get_language(),  # the notice is written in the page's language
            )
        # The thanks is for whoever sent it: a flag in their session, read once, not the
        # address, which anyone can type or be sent.
        dropped = bool(form.cleaned_data["contact"]) and not form.cleaned_data["consent"]
        request.session[SENT_FLAG] = "dropped" if dropped else True
        return HttpResponseRedirect(reverse("web:suggest") + "?sent=1")
    flag = request.session.pop(SENT_FLAG, False) if request.GET.get("sent") == "1" else False
    return render(
        request,
        "web/suggest.html",
        {"form": form, "sent": bool(flag), "dropped": flag == "dropped"},
    )


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponsePermanentRedirect(static("web/favicon.svg"))


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = site_url(reverse("sitemap-index"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/v1/staff/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class BadParameterMiddleware:
    """A malformed parameter is a 400 naming it, not a 500: the public pages' own, and
    a whole number anywhere (``parse_int``), the admin's included."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, BadParameter | BadInteger):
            return HttpResponseBadRequest(str(exception), content_type="text/plain; charset=utf-8")
        return None
