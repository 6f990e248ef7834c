"""What staff type and read back in the admin keeps its own direction in every staff
language: an English claim in the Arabic admin reads left to right (newsroom/admin.css,
unicode-bidi: plaintext on inputs, text areas, read-only values, list cells and help)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders

from factcheck.i18n.services import staff_language_set

pytestmark = pytest.mark.django_db


def test_every_admin_page_loads_the_direction_rules(editor: Any, login: Any) -> None:
    staff_language_set(user=editor, language="ar")
    page = login(editor).get("/admin/claims/rating/add/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'dir="rtl"' in html
    assert "/static/newsroom/admin.css" in html
    rules = Path(str(finders.find("newsroom/admin.css"))).read_text()
    assert "unicode-bidi: plaintext" in rules
    for selector in ("textarea", 'input[type="text"]', "#result_list td", ".help"):
        assert selector in rules
