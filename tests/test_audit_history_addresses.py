"""What an audit history address can make the page show: a Back link only to a page of
this site, and a record's name only above that record's own history."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from claims import services

pytestmark = pytest.mark.django_db

HISTORY = "admin:claims_auditevent_changelist"


@pytest.fixture
def topics(editor):
    return (
        services.topic_create(user=editor, name="Inflation figures", slug="inflation"),
        services.topic_create(user=editor, name="Border crossings", slug="borders"),
    )


def _back_links(page: str) -> list[str]:
    return [part.split('"')[0] for part in page.split('<a href="')[1:] if 'class="back"' in part]


@pytest.mark.parametrize(
    "back",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "/\\evil.example",
        "javascript:alert(1)",
        "admin/claims/topic/",
        "https://testserver/admin/",  # our own host, but not a path: only paths are kept
    ],
)
def test_a_back_link_elsewhere_is_not_shown(back, topics, editor, login):
    page = login(editor).get(
        reverse(HISTORY), {"obj": f"claims.topic:{topics[0].pk}", "method": "tracks", "back": back}
    )
    assert page.status_code == 200
    assert _back_links(page.content.decode()) == []
    assert f'href="{escape(back)}"' not in page.content.decode()


def test_a_back_link_to_a_page_of_this_site_is_shown(topics, editor, login):
    back = reverse("admin:claims_topic_change", args=[topics[0].pk])
    page = login(editor).get(
        reverse(HISTORY), {"obj": f"claims.topic:{topics[0].pk}", "method": "tracks", "back": back}
    )
    assert _back_links(page.content.decode()) == [back]


def test_an_obj_without_method_is_that_records_own_history(topics, editor, login):
    inflation, _ = topics
    page = login(editor).get(reverse(HISTORY), {"obj": f"claims.topic:{inflation.pk}"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Inflation figures" in text
    assert "Border crossings" not in text  # another topic's history is not under its name


def test_an_unknown_method_is_refused_by_name(topics, editor, login):
    response = login(editor).get(
        reverse(HISTORY), {"obj": f"claims.topic:{topics[0].pk}", "method": "everything"}
    )
    assert response.status_code == 400
    assert "method" in response.content.decode()
