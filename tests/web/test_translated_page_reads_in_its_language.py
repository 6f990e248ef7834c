"""What the browser pass of a translated verdict page found (issue 21, item 4): the byline
of staff who gave no name, the original's language named as a sentence names it, and a
source in another direction than the page read in their own words and order."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from claims import services
from claims.models import Verdict
from claims.selectors.newsroom import display_name
from factcheck.web.templatetags import NO_NAME
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def original(editor: Any, editor2: Any) -> Verdict:
    claim = factories.make_claim(text="Egypt closed the Rafah crossing.", language="en")
    verdict = factories.make_verdict(
        claim=claim, headline="No, the crossing stayed open", author=editor, with_source=False
    )
    source = factories.make_source(title="Crossing log", publisher="Border Authority")
    verdict.verdict_sources.create(source=source, position=1, note="Open every day.")
    services.verdict_submit(verdict=verdict, user=editor)
    verdict.refresh_from_db()
    return services.verdict_publish(
        verdict=verdict, user=editor2, expected_version=factories.version(verdict)
    )


def _publish(original: Verdict, language: str, editor: Any, editor2: Any) -> Verdict:
    translation = services.verdict_translation_start(
        original=original, language=language, user=editor
    )
    services.verdict_submit(verdict=translation, user=editor)
    translation.refresh_from_db()
    return services.verdict_publish(
        verdict=translation, user=editor2, expected_version=factories.version(translation)
    )


def _byline(html: str) -> str:
    found = re.search(r'<p class="byline">(.*?)</p>', html, re.S)
    assert found is not None
    return found.group(1)


def test_staff_without_a_name_are_the_editorial_team_in_the_pages_language(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    assert display_name(editor) == NO_NAME  # what the revisions record
    _publish(original, "es", editor, editor2)
    slug = original.claim.slug
    spanish = _byline(Client().get(f"/es/claims/{slug}/").content.decode())
    assert "Por <bdi>el equipo editorial</bdi>" in spanish
    assert "revisado por <bdi>el equipo editorial</bdi>" in spanish
    assert "the editorial team" not in spanish
    arabic = Client().get(f"/ar/claims/{slug}/").content.decode()
    assert "the editorial team" not in arabic


def test_the_original_is_named_in_its_language_as_a_sentence_names_it(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    _publish(original, "es", editor, editor2)
    _publish(original, "fr", editor, editor2)
    slug = original.claim.slug
    assert "original en inglés" in Client().get(f"/es/claims/{slug}/").content.decode()
    assert "original en anglais" in Client().get(f"/fr/claims/{slug}/").content.decode()


def test_a_sources_title_and_publisher_are_one_run_in_their_own_direction(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    _publish(original, "ar", editor, editor2)
    arabic = Client().get(f"/ar/claims/{original.claim.slug}/").content.decode()
    # One isolated run: "Crossing log, Border Authority" reads in its order on a page
    # written right to left, not with the comma between them on the wrong side.
    assert re.search(
        r'<bdi class="source"><a href="[^"]+" rel="nofollow noopener">Crossing log</a>, '
        r"Border Authority</bdi>",
        arabic,
    )
