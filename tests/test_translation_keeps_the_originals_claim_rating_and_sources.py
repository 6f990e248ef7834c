"""A translation is the original's verdict in another language: its claim, rating and
sources are the original's. Its admin page shows them without inputs, and the service
refuses a new list of sources for it, whichever interface sends one."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from claims import services
from claims.models import Verdict
from factcheck.base.services import Refused
from tests import factories


@pytest.fixture
def translation(editor: Any) -> Verdict:
    original = factories.make_verdict(
        status="published",
        claim=factories.make_claim(text="Egypt closed the Rafah crossing.", language="en"),
        rating=factories.rating("false"),
    )
    return services.verdict_translation_start(original=original, language="es", user=editor)


def test_the_translations_admin_page_has_no_input_for_claim_rating_or_sources(
    translation: Verdict, editor: Any, login: Any
) -> None:
    page = login(editor).get(reverse("admin:claims_verdict_change", args=[translation.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="claim_wording"' in html  # what a translator writes
    assert 'name="rating"' not in html
    assert 'name="claim"' not in html
    assert 'name="verdict_sources-0-source"' not in html
    # The original's sources are still listed, to read.
    source = translation.verdict_sources.select_related("source").first()
    assert source is not None
    assert source.source.title in html


def test_the_service_refuses_other_sources_for_a_translation(
    translation: Verdict, editor: Any
) -> None:
    other = factories.make_source(title="Another source", url="https://example.org/other")
    with pytest.raises(Refused, match="cites the original's sources"):
        services.verdict_update(
            verdict=translation,
            user=editor,
            expected_version=factories.version(translation),
            sources=[services.SourceLine(source=other, note="")],
        )
    assert [line.source_id for line in translation.verdict_sources.all()] != [other.pk]


def test_the_service_refuses_another_rating_for_a_translation(
    translation: Verdict, editor: Any
) -> None:
    with pytest.raises(Refused, match="rating"):
        services.verdict_update(
            verdict=translation,
            user=editor,
            expected_version=factories.version(translation),
            changes={"rating": factories.rating("true")},
        )
    translation.refresh_from_db()
    assert translation.rating == factories.rating("false")


def test_following_a_corrected_original_takes_its_new_rating_and_sources(
    editor: Any, editor2: Any
) -> None:
    original = factories.make_verdict(
        status="published",
        claim=factories.make_claim(text="Qatar paid the ransom.", language="en"),
        rating=factories.rating("false"),
    )
    translation = services.verdict_translation_start(original=original, language="es", user=editor)
    added = factories.make_source(title="The new record", url="https://example.org/record")
    services.verdict_update(
        verdict=original,
        user=editor,
        expected_version=factories.version(original),
        changes={"rating": factories.rating("true")},
        sources=[
            *(
                services.SourceLine(source=line.source, note=line.note)
                for line in original.verdict_sources.order_by("position")
            ),
            services.SourceLine(source=added, note="Found later."),
        ],
        correction_note="The payment was confirmed.",
    )
    original.refresh_from_db()
    factories.publish_proposal(original, editor2)

    translation.refresh_from_db()
    services.verdict_translation_follow(
        translation=translation, user=editor, expected_version=factories.version(translation)
    )
    translation.refresh_from_db()
    assert translation.rating == factories.rating("true")
    assert added.pk in set(translation.verdict_sources.values_list("source_id", flat=True))
