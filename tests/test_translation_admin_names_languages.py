"""The admin names a translation's language, in the staff member's language, where it
used to show its code ("A translation into “es”")."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from claims import services
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_translations_admin_pages_name_its_language(editor: Any, login: Any) -> None:
    original = factories.make_verdict(status="published")
    translation = services.verdict_translation_start(original=original, language="es", user=editor)
    client = login(editor)
    page = client.get(reverse("admin:claims_verdict_change", args=[translation.pk]))
    assert "A translation into “Spanish” of" in page.content.decode()
    listed = client.get(reverse("admin:claims_verdict_change", args=[original.pk]))
    assert "(Spanish, Draft)" in listed.content.decode()
