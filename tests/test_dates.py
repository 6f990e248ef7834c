"""Publication and claim dates are facts about the past, in the newsroom's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from claims import services
from sources import services as source_services
from tests import factories

pytestmark = pytest.mark.django_db


def _tomorrow() -> str:
    return (timezone.localdate() + timedelta(days=1)).isoformat()


def test_a_claim_dated_tomorrow_is_refused_in_the_form(factchecker, login):
    response = login(factchecker).post(
        reverse("admin:claims_claim_add"),
        {"text": "A claim.", "language": "en", "slug": "", "claimed_on": _tomorrow()},
    )
    assert response.status_code == 200
    assert "This date is in the future" in response.content.decode()


@pytest.mark.parametrize("which", ["article", "source"])
def test_articles_and_sources_dated_tomorrow_are_refused_by_the_services(which, factchecker):
    tomorrow = timezone.localdate() + timedelta(days=1)
    create = (
        source_services.article_create if which == "article" else source_services.source_create
    )
    with pytest.raises(ValidationError, match="in the future"):
        create(user=factchecker, title="T", published_on=tomorrow)


def test_today_is_accepted(factchecker):
    claim = services.claim_create(
        user=factchecker, text="Said today.", claimed_on=timezone.localdate()
    )
    assert claim.claimed_on == timezone.localdate()


def test_today_is_the_newsrooms_today(factchecker):
    # 20:00 UTC on 1 January is already 10:00 on 2 January in Kiribati (UTC+14).
    instant = datetime(2026, 1, 1, 20, 0, tzinfo=UTC)
    second_of_january = date(2026, 1, 2)
    with mock.patch("django.utils.timezone.now", return_value=instant):
        with override_settings(TIME_ZONE="Pacific/Kiritimati"):
            claim = services.claim_create(
                user=factchecker, text="Said in Kiribati.", claimed_on=second_of_january
            )
        assert claim.claimed_on == second_of_january
        with override_settings(TIME_ZONE="UTC"), pytest.raises(ValidationError):
            services.claim_create(
                user=factchecker, text="Said in London.", claimed_on=second_of_january
            )


def test_a_claim_keeps_an_archived_copy_of_where_it_appeared(factchecker):
    claim = services.claim_create(
        user=factchecker,
        text="A claim made in a video since deleted.",
        url="https://video.example.com/watch/1",
        archived_url="https://web.archive.org/web/2025/https://video.example.com/watch/1",
    )
    assert claim.archived_url.startswith("https://web.archive.org/")
    assert factories.snapshot(claim)  # the admin form carries the field
