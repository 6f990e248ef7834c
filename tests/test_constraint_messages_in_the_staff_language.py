"""The models' constraint messages (``violation_error_message``) follow the staff member's
language: they are lazy translations, so the migrations keep their English and
``makemigrations`` sees no change (docs/languages.md, "The admin")."""

from __future__ import annotations

import pytest
from django.db import models
from django.urls import reverse
from django.utils.translation import override

from claims.models import Speaker, Verdict
from factcheck.federation.models import FeedSubscription
from factcheck.i18n.models import StaffLanguage

pytestmark = pytest.mark.django_db


def _message(model: type[models.Model], name: str) -> str:
    (constraint,) = [c for c in model._meta.constraints if c.name == name]
    return str(constraint.violation_error_message)


@pytest.mark.parametrize(
    ("model", "name", "english", "arabic"),
    [
        (
            Speaker,
            "speaker_country_iso",
            "Use a two-letter ISO country code in capitals, e.g. “EG”.",
            "استخدم رمز بلد ISO من حرفين كبيرين، مثل «EG».",
        ),
        (
            Verdict,
            "verdict_one_translation_per_language",
            "This verdict already has a translation in this language.",
            "لهذا الحكم ترجمة بهذه اللغة من قبل.",
        ),
        (
            FeedSubscription,
            "feedsubscription_interval_min",
            "Fetch it every 5 minutes at most.",
            "لا تجلبها أكثر من مرة كل 5 دقائق.",
        ),
    ],
    ids=["speaker", "verdict", "feed"],
)
def test_a_constraint_message_is_in_the_active_language(model, name, english, arabic):
    with override("ar"):
        assert _message(model, name) == arabic
    with override("en"):
        assert _message(model, name) == english


def test_the_admin_shows_a_broken_constraint_in_the_editors_language(editor, login):
    StaffLanguage.objects.create(user=editor, language="ar")
    client = login(editor)
    response = client.post(
        reverse("admin:claims_speaker_add"),
        {"name": "Jane Doe", "kind": "person", "country": "eg", "same_as": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert "استخدم رمز بلد ISO من حرفين كبيرين، مثل «EG»." in html
    assert "Use a two-letter ISO country code" not in html
    assert not Speaker.objects.filter(name="Jane Doe").exists()
