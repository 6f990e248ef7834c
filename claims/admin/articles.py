"""Articles with the claims found in them: the rows of this page are claims, so it lives
with the claims admin and keeps ``sources`` a leaf."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims import permissions, services
from claims.admin.claims import ClaimForm, write_claim
from claims.models import Claim, Speaker
from claims.selectors.newsroom_similar import already_checked
from claims.suggestions import suggest
from factcheck.base.admin_helpers import (
    AUDIT_FIELDS,
    SafeInputs,
    ServiceAdmin,
    edited,
    filled,
    report_refusal,
)
from factcheck.base.concurrency import VersionedModelForm
from factcheck.base.db import count_of
from factcheck.base.numbers import int_or_none
from sources import services as source_services
from sources.models import Article

ARTICLE_FORM_FIELDS = [
    "title",
    "slug",
    "outlet",
    "url",
    "byline",
    "published_on",
    "language",
    "text",
]


class ArticleForm(VersionedModelForm):
    class Meta:
        model = Article
        fields = ARTICLE_FORM_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False


SUGGESTIONS_SHOWN = 15
HONORIFICS = (
    "dr.",
    "mr.",
    "mrs.",
    "ms.",
    "prof.",
    "sen.",
    "rep.",
    "gov.",
    "gen.",
    "dr",
    "mr",
    "mrs",
    "ms",
    "prof",
)


def _plain(name: str) -> str:
    """A name as compared: lower case, without an honorific ("Dr. Amira Khalil")."""
    words = name.lower().split()
    while words and words[0] in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def suggestion_rows(article: Article) -> list[dict[str, Any]]:
    """The article's claim suggestions, each with the speakers on file of the same name:
    a named one is preselected; an unnamed one ("a senior official") never is."""
    suggestions = suggest(article.text)[:SUGGESTIONS_SHOWN]
    names = {_plain(s.speaker) for s in suggestions if s.speaker}
    wanted = names | {n for name in names for n in (f"{t} {name}" for t in HONORIFICS)}
    # A surname alone ("Trump") is the named speaker of that surname ("Donald Trump").
    surnames = {name for name in names if name and " " not in name}
    same_name = Q(key__in=wanted)
    for surname in surnames:
        same_name |= Q(key__endswith=f" {surname}") & ~Q(kind__in=Speaker.UNNAMED_KINDS)
    namesakes: dict[str, list[Speaker]] = {}
    for speaker in Speaker.objects.current().annotate(key=Lower("name")).filter(same_name):
        plain = _plain(speaker.name)
        namesakes.setdefault(plain, []).append(speaker)
        last = plain.split()[-1] if plain else ""
        if last in surnames and plain != last:
            namesakes.setdefault(last, []).append(speaker)
    # Each suggestion matched as the same claim as one already checked (by meaning; with
    # claim vectors off, none is, and the page says so).
    checked = already_checked([s.text for s in suggestions])
    rows = []
    for suggestion, check in zip(suggestions, checked.candidates, strict=True):
        candidates = namesakes.get(_plain(suggestion.speaker), []) if suggestion.speaker else []
        named = [s for s in candidates if s.is_named]
        rows.append(
            {
                "suggestion": suggestion,
                "candidates": candidates,
                "preselected": named[0].pk if len(named) == 1 else None,
                "checked": check,
                "lexical": checked.lexical,
            }
        )
    return rows


class ClaimInline(SafeInputs, admin.StackedInline):
    """The claims found in an article, entered while reading it."""

    model = Claim
    form = ClaimForm  # merges or refuses a save over a claim someone else saved meanwhile
    fk_name = "article"
    extra = 1
    can_delete = False  # a claim is deleted from its own page, by an editor
    fields = [
        ("text", "quote"),
        ("speaker", "appeared_in"),
        ("context", "claimed_on"),
        ("slug", "language"),
        "topics",
        "snapshot",
    ]
    autocomplete_fields = ["speaker", "appeared_in", "topics"]
    show_change_link = True
    # Several claims per article: keep each one compact.
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}
    }


@admin.register(Article)
class ArticleAdmin(ServiceAdmin):
    form = ArticleForm
    list_display = ["title", "outlet", "published_on", "language", "claim_count"]
    list_filter = ["outlet", "language", "published_on"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "byline"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["outlet"]
    readonly_fields = ("created_by", *AUDIT_FIELDS)
    inlines = [ClaimInline]

    class Media:
        js = ["claims/similar.js"]  # "already checked?" while claims are entered

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "outlet",
                    "url",
                    "byline",
                    "published_on",
                    "language",
                    "snapshot",
                ]
            },
        ),
        (_("Text"), {"fields": ["text"]}),
        (_("Record"), {"fields": ["created_by", *AUDIT_FIELDS], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        # A count drops Meta.ordering (GROUP BY), so the order is restated.
        return (
            super()
            .get_queryset(request)
            .annotate(claim_count=count_of(Claim, "article"))
            .order_by("-published_on", "-created_at", "pk")
        )

    @admin.display(description=_("Claims"), ordering="claim_count")
    def claim_count(self, obj: Article) -> int:
        return obj.claim_count  # type: ignore[attr-defined]

    def write(self, request: HttpRequest, form: Any, formsets: list[Any], change: bool) -> Article:
        if change:
            article = services.article_update(
                article=form.instance,
                user=request.user,
                expected_version=form.expected_version,
                changes=edited(form, ARTICLE_FORM_FIELDS),
            )
        else:
            article = source_services.article_create(
                user=request.user, **filled(form, ARTICLE_FORM_FIELDS)
            )
        for formset in formsets:
            for row in formset.forms:
                if not row.has_changed() or not getattr(row, "cleaned_data", None):
                    continue
                try:
                    write_claim(request, row, article=article)
                except (ValidationError, PermissionDenied) as exc:
                    text = (
                        "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                    )
                    raise ValidationError(
                        gettext("Claim “%(claim)s”: %(refusal)s")
                        % {"claim": row.instance, "refusal": text}
                    ) from exc
        return article

    def get_urls(self) -> list[URLPattern]:
        accept = path(
            "<int:object_id>/suggestion/",
            self.admin_site.admin_view(self.accept_suggestion),
            name="sources_article_suggestion",
        )
        return [accept, *super().get_urls()]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        article = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if article is not None and request.user.has_perm(permissions.ADD_CLAIM):
            extra_context["claim_suggestions"] = suggestion_rows(article)
            extra_context["speaker_kinds"] = [
                (value, gettext(label)) for value, label in Speaker.Kind.choices
            ]
        return super().change_view(request, object_id, form_url, extra_context)

    def accept_suggestion(self, request: HttpRequest, object_id: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=object_id)
        choice = str(request.POST.get("speaker", ""))
        speaker = None
        chosen = int_or_none(choice)  # or "new:<kind>"
        if chosen is not None:
            speaker = Speaker.objects.current().filter(pk=chosen).first()
        new_kind = choice.removeprefix("new:") if choice.startswith("new:") else ""
        try:
            claim = services.claim_from_suggestion(
                article=article,
                user=request.user,
                text=str(request.POST.get("text", "")).strip(),
                quote=str(request.POST.get("quote", "")).strip(),
                speaker=speaker,
                new_speaker_name=str(request.POST.get("speaker_name", "")) if new_kind else "",
                new_speaker_kind=new_kind or Speaker.Kind.PERSON,
            )
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, article, exc)
        else:
            url = reverse("admin:claims_claim_change", args=[claim.pk])
            messages.success(
                request,
                mark_safe(
                    gettext('Claim added: <a href="%(url)s">%(claim)s</a>.')
                    % {"url": escape(url), "claim": escape(claim)}
                ),
            )
        return HttpResponseRedirect(reverse("admin:sources_article_change", args=[article.pk]))

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> HttpResponse:
        # A conflict in a claim row far down the page is named at the top of it too.
        for inline in context.get("inline_admin_formsets", []):
            for row in inline.formset.forms:
                codes = {e.code for e in row.errors.as_data().get("__all__", [])}
                conflict = any(
                    e.code == "conflict" for errs in row.errors.as_data().values() for e in errs
                )
                if "stale" in codes or conflict:
                    messages.error(
                        request,
                        gettext(
                            "Claim “%(claim)s” was changed by someone else while you edited it: "
                            "see its row below, where their value is shown beside yours."
                        )
                        % {"claim": row.instance},
                    )
        return super().render_change_form(request, context, *args, **kwargs)
