"""A translation's page shows the translation's own revision history (its publication and
corrections, with their notes, in the page's language), not the original's, which stays on
the original's page linked from it; a revision of the translation not yet published is on
neither (issue 21, item 4)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.models import Verdict
from tests import factories

pytestmark = pytest.mark.django_db

MARKER = "zqxtranslationhistorymarker"


@pytest.fixture
def original() -> Verdict:
    claim = factories.make_claim(text="Egypt closed the Rafah crossing.", language="en")
    return factories.make_verdict(
        status="published",
        claim=claim,
        headline="No, the crossing stayed open",
        summary="It stayed open.",
        body="The English body.",
        rating=factories.rating("false"),
    )


def _correct(verdict: Verdict, user: Any, summary: str, note: str) -> None:
    verdict.refresh_from_db()
    services.verdict_update(
        verdict=verdict,
        user=user,
        expected_version=factories.version(verdict),
        changes={"summary": summary},
        correction_note=note,
    )
    verdict.refresh_from_db()


def _published_spanish(original: Verdict, editor: Any, editor2: Any) -> Verdict:
    translation = services.verdict_translation_start(original=original, language="es", user=editor)
    services.verdict_update(
        verdict=translation,
        user=editor,
        expected_version=factories.version(translation),
        changes={"summary": "Siguió abierto.", "claim_wording": "Egipto cerró el paso de Rafah."},
    )
    services.verdict_submit(verdict=translation, user=editor)
    translation.refresh_from_db()
    return services.verdict_publish(
        verdict=translation, user=editor2, expected_version=factories.version(translation)
    )


def _history(html: str) -> str:
    found = re.search(r'<section class="revisions".*?</section>', html, re.S)
    assert found is not None
    return found.group(0)


def test_the_spanish_page_shows_the_translations_own_revisions_and_not_the_originals(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    _correct(original, editor, "It stayed open, mostly.", "Note of the original on delays.")
    factories.publish_proposal(original, editor2)
    translation = _published_spanish(original, editor, editor2)
    _correct(translation, editor, "Siguió abierto, casi siempre.", "Nota de la traducción.")
    factories.publish_proposal(translation, editor2)
    slug = original.claim.slug

    spanish = _history(Client().get(f"/es/claims/{slug}/").content.decode())
    assert len(re.findall(r'<li class="revision ', spanish)) == 2
    assert "Nota de la traducción." in spanish
    assert "Corrección" in spanish  # the kind, in the page's language
    assert "Primera publicación" in spanish
    assert "Note of the original on delays." not in spanish
    assert "casi siempre" in spanish  # what the correction changed
    # The original's history is one link away, on the original's page.
    assert re.search(
        rf'class="history-of-translation">.*?href="[^"]*[^s]/claims/{slug}/"', spanish
    )

    english = _history(Client().get(f"/claims/{slug}/").content.decode())
    assert "Note of the original on delays." in english
    assert "Nota de la traducción." not in english
    # A language with no translation shows the original's history around its content.
    arabic = _history(Client().get(f"/ar/claims/{slug}/").content.decode())
    assert "Note of the original on delays." in arabic
    assert "history-of-translation" not in arabic


def test_a_translations_revision_not_yet_published_is_not_in_its_history(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    translation = _published_spanish(original, editor, editor2)
    # A correction proposed, in review, not yet approved and published.
    _correct(translation, editor, f"Siguió abierto {MARKER}.", f"Nota {MARKER}.")
    assert MARKER in translation.summary
    for prefix in ("", "/es", "/ar"):
        page = Client().get(f"{prefix}/claims/{original.claim.slug}/").content.decode()
        assert MARKER not in page, prefix
    spanish = Client().get(f"/es/claims/{original.claim.slug}/").content.decode()
    assert len(re.findall(r'<li class="revision ', _history(spanish))) == 1


def test_a_corrected_translation_names_what_it_translates_in_the_pages_language(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    translation = _published_spanish(original, editor, editor2)
    _correct(original, editor, "It stayed open, with delays.", "Delays added.")
    factories.publish_proposal(original, editor2)
    translation.refresh_from_db()
    services.verdict_translation_follow(
        translation=translation, user=editor, expected_version=factories.version(translation)
    )
    _correct(translation, editor, "Siguió abierto, con retrasos.", "Retrasos añadidos.")
    factories.publish_proposal(translation, editor2)
    spanish = _history(Client().get(f"/es/claims/{original.claim.slug}/").content.decode())
    assert "Retrasos añadidos." in spanish
    assert "la revisión del original que traduce" in spanish
    assert "translation revision" not in spanish


def test_the_translated_pages_queries_do_not_grow_with_its_revisions(
    original: Verdict, editor: Any, editor2: Any
) -> None:
    translation = _published_spanish(original, editor, editor2)
    path = f"/es/claims/{original.claim.slug}/"
    client = Client()
    client.get(path)
    with CaptureQueriesContext(connection) as one:
        assert client.get(path).status_code == 200
    for number in range(3):
        _correct(translation, editor, f"Siguió abierto ({number}).", f"Nota {number}.")
        factories.publish_proposal(translation, editor2)
    with CaptureQueriesContext(connection) as four:
        page = client.get(path).content.decode()
    assert len(re.findall(r'<li class="revision ', _history(page))) == 4
    assert len(four.captured_queries) == len(one.captured_queries)
