"""Admin lists built for a big archive: no per-choice counts, counts capped, each
filter choice listed once."""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.urls import reverse

from claims.models import Claim, Verdict
from tests import factories

pytestmark = pytest.mark.django_db


def test_no_list_offers_counts_per_filter_choice():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in {"claims", "sources"}:
            assert model_admin.show_facets == admin.ShowFacets.NEVER, model


def test_the_language_filter_lists_each_language_once(editor, login):
    cache.clear()
    for day in (1, 2, 3):
        factories.make_claim(claimed_on=datetime.date(2024, 1, day), language="en")
    factories.make_claim(language="fr")
    page = login(editor).get(reverse("admin:claims_claim_changelist")).content.decode()
    assert page.count("?lang=en") == 1
    assert page.count("?lang=fr") == 1


def test_a_list_past_the_cap_says_more_rather_than_counting(editor, login, monkeypatch):
    from factcheck.base.admin_helpers import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 3)
    for _ in range(5):
        factories.make_verdict(status=Verdict.Status.PUBLISHED)
    client = login(editor)
    page = client.get(reverse("admin:claims_claim_changelist")).content.decode()
    assert "More than 3 claims: narrow them with a filter or a search" in page
    assert Claim.objects.count() == 5
    searched = client.get(reverse("admin:claims_claim_changelist"), {"q": "Claim"})
    assert "more than 3 results" in searched.content.decode()
    few = client.get(reverse("admin:claims_claim_changelist"), {"q": "nothing-like-this"})
    assert "0 results" in few.content.decode()
