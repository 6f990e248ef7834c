"""Every admin page renders for both roles, in a bounded number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import (
    AboutSection,
    Appearance,
    Claim,
    ClaimFamily,
    ClaimFamilyMember,
    Correction,
    ReaderSuggestion,
    RepeatSuggestion,
    Topic,
    Verdict,
    VerdictReview,
)
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ["editor", "factchecker"]
OUR_MODELS = [m for m in admin.site._registry if m._meta.app_label in {"claims", "sources"}]
MAX_QUERIES = 30


def _populate(count: int) -> None:
    """Rows of every kind, so changelists, filters and inlines have something to show."""
    outlet = factories.make_outlet()
    editor = factories.make_user()
    topic = Topic.objects.create(name=f"Topic {outlet.pk}", slug=f"topic-{outlet.pk}")
    for i in range(count):
        article = factories.make_article(outlet=outlet)
        claim = factories.make_claim(article=article, appeared_in=outlet)
        claim.topics.add(topic)
        status = [Verdict.Status.DRAFT, Verdict.Status.PUBLISHED][i % 2]
        verdict = factories.make_verdict(claim=claim, status=status, author=editor)
        VerdictReview.objects.create(
            verdict=verdict, reviewer=editor, decision="returned", comment="Fix it", round=1
        )
        if status == Verdict.Status.PUBLISHED:
            Correction.objects.create(verdict=verdict, note=f"Corrected {i}")
        ReaderSuggestion.objects.create(text=f"Suggested claim {outlet.pk}-{i}")
        # Claim families: a repeat linked to the claim, one suggested, an appearance.
        family = ClaimFamily.objects.create(created_by=editor)
        ClaimFamilyMember.objects.create(family=family, claim=claim, linked_by=editor)
        ClaimFamilyMember.objects.create(
            family=family, claim=factories.make_claim(), linked_by=editor
        )
        RepeatSuggestion.objects.create(
            claim=factories.make_claim(), of=claim, score=0.95, found_by="test"
        )
        Appearance.objects.create(claim=claim, url=f"https://video.example.com/{claim.pk}")
    AboutSection.objects.get_or_create(
        kind="methodology", defaults={"title": "How we work", "body": "We check claims."}
    )


def _changelist(model: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _model_id(model: Any) -> str:
    return model._meta.label


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", OUR_MODELS, ids=_model_id)
def test_changelist_queries_do_not_grow_with_rows(
    role, model, request, login, django_assert_max_num_queries
):
    client = login(request.getfixturevalue(role))
    _populate(2)
    url = _changelist(model)
    first = client.get(url)
    if first.status_code == 403:
        pytest.skip(f"{role} may not view {model._meta.label}")
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _populate(10)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    # The audit history looks names up once per kind of record on the page, so it may
    # need fewer queries when the newest page holds fewer kinds; never more with rows.
    assert len(many) <= len(few), "a changelist ran a query per row"
    assert len(many) <= MAX_QUERIES


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", OUR_MODELS, ids=_model_id)
def test_search_and_every_filter_render(
    role, model, request, login, django_assert_max_num_queries
):
    client = login(request.getfixturevalue(role))
    _populate(3)
    model_admin = admin.site._registry[model]
    url = _changelist(model)
    if client.get(url).status_code == 403:
        pytest.skip(f"{role} may not view {model._meta.label}")
    if model_admin.search_fields:
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(url, {"q": "claim"})
        assert response.status_code == 200
    page = client.get(url)
    for spec in page.context["cl"].filter_specs:
        for choice in list(spec.choices(page.context["cl"]))[1:3]:
            with django_assert_max_num_queries(MAX_QUERIES):
                response = client.get(url + choice["query_string"])
            # A filter the admin cannot apply redirects to ?e=1 instead of a 200.
            assert response.status_code == 200, (spec.title, choice)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", OUR_MODELS, ids=_model_id)
def test_change_and_add_forms_render(role, model, request, login, django_assert_max_num_queries):
    user = request.getfixturevalue(role)
    client = login(user)
    _populate(2)
    opts = model._meta
    obj = model.objects.order_by("pk").first()
    assert obj is not None
    change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    with django_assert_max_num_queries(MAX_QUERIES + 20):
        response = client.get(change_url)
    can_view = user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )
    assert response.status_code == (200 if can_view else 403)
    add_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(add_url)
    can_add = user.has_perm(f"{opts.app_label}.add_{opts.model_name}") and model not in (
        Correction,
    )
    assert response.status_code == (200 if can_add else 403)


def test_claim_change_form_shows_its_verdicts_inline(editor, login):
    verdict = factories.make_verdict(headline="Inline verdict headline")
    response = login(editor).get(reverse("admin:claims_claim_change", args=[verdict.claim.pk]))
    assert response.status_code == 200
    assert b"Inline verdict headline" in response.content
    assert Claim.objects.filter(pk=verdict.claim.pk).exists()
