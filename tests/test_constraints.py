"""Every rule a row can keep on its own is enforced by the database, by name."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from claims.models import (
    Claim,
    Correction,
    Rating,
    RatingScale,
    Speaker,
    Topic,
    Verdict,
    VerdictReview,
    VerdictSource,
)
from sources.models import Article, Outlet, Source
from tests import factories

pytestmark = pytest.mark.django_db


def _outlet_twice(field: str) -> Callable[[], object]:
    def make() -> object:
        first = factories.make_outlet()
        return factories.make_outlet(**{field: getattr(first, field)})

    return make


def _verdict(**fields: object) -> Verdict:
    fields.setdefault("claim", factories.make_claim())
    fields.setdefault("headline", "h")
    fields.setdefault("slug", f"v-{Verdict.objects.count()}-{timezone.now().timestamp()}")
    return Verdict.objects.create(**fields)


def _rating(**fields: object) -> Rating:
    fields = {"definition": "d", "colour": "#000000", **fields}
    return Rating.objects.create(scale=RatingScale.objects.default(), **fields)


def _two_verdicts_for_one_claim(publisher: bool) -> object:
    claim = factories.make_claim()
    outlet = factories.make_outlet(kind="fact_checker") if publisher else None
    url = "https://other.example.com/check" if publisher else ""
    _verdict(claim=claim, publisher=outlet, external_url=url, slug="first")
    return _verdict(claim=claim, publisher=outlet, external_url=url, slug="second")


CASES: dict[str, Callable[[], object]] = {
    "outlet_kind_valid": lambda: factories.make_outlet(kind="blog"),
    "outlet_domain_bare": lambda: factories.make_outlet(domain="https://www.example.com/"),
    "outlet_country_iso": lambda: factories.make_outlet(country="uk"),
    "sources_outlet_domain_key": _outlet_twice("domain"),
    "sources_outlet_slug_key": _outlet_twice("slug"),
    "article_url_unique": lambda: [
        factories.make_article(url="https://a.example.com/x") for _ in range(2)
    ],
    "article_language_tag": lambda: factories.make_article(language="English"),
    "source_kind_valid": lambda: factories.make_source(kind="rumour"),
    "source_url_unique": lambda: [
        factories.make_source(url="https://s.example.com/1") for _ in range(2)
    ],
    "speaker_kind_valid": lambda: factories.make_speaker(kind="alien"),
    "speaker_unnamed_described": lambda: factories.make_speaker(
        kind="anonymous", name="Ahmed Hassan"
    ),
    "speaker_country_iso": lambda: factories.make_speaker(country="eg"),
    "claims_topic_name_key": lambda: [
        Topic.objects.create(name="Gaza", slug=s) for s in ("a", "b")
    ],
    "ratingscale_one_default": lambda: RatingScale.objects.create(
        name="Other", slug="other", is_default=True
    ),
    "rating_slug_unique_in_scale": lambda: _rating(
        label="Truish",
        slug="true",
    ),
    "rating_label_unique_in_scale": lambda: _rating(
        label="True",
        slug="true-2",
    ),
    "rating_position_unique_in_scale": lambda: _rating(
        label="X",
        slug="x",
        position=6,
    ),
    "rating_position_positive": lambda: _rating(
        label="X",
        slug="x",
        position=0,
    ),
    "rating_colour_hex": lambda: _rating(label="X", slug="x", colour="red"),
    "claim_language_tag": lambda: factories.make_claim(language="EN_us"),
    "claim_text_not_empty": lambda: factories.make_claim(text=""),
    "claims_claim_slug_key": lambda: [factories.make_claim(slug="same") for _ in range(2)],
    "verdict_status_valid": lambda: _verdict(status="approved"),
    "verdict_one_per_publisher": lambda: _two_verdicts_for_one_claim(publisher=False),
    "verdict_public_has_date_and_rating": lambda: _verdict(
        status="published", rating=factories.rating()
    ),
    "verdict_retraction_dated_and_explained": lambda: _verdict(
        status="retracted",
        rating=factories.rating(),
        published_at=timezone.now(),
        retracted_at=timezone.now(),
    ),
    "verdict_imported_has_url": lambda: _verdict(publisher=factories.make_outlet()),
    "verdictsource_unique": lambda: [
        VerdictSource.objects.create(verdict=v, source=s)
        for v, s in [(factories.make_verdict(with_source=False), factories.make_source())]
        for _ in range(2)
    ],
    "verdictreview_decision_valid": lambda: VerdictReview.objects.create(
        verdict=factories.make_verdict(), reviewer=factories.make_user(), decision="maybe"
    ),
    "verdictreview_return_has_comment": lambda: VerdictReview.objects.create(
        verdict=factories.make_verdict(), reviewer=factories.make_user(), decision="returned"
    ),
    "correction_kind_valid": lambda: Correction.objects.create(
        verdict=factories.make_verdict(status="published"), kind="oops", note="n"
    ),
    "correction_note_not_empty": lambda: Correction.objects.create(
        verdict=factories.make_verdict(status="published"), note=""
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_database_refuses_a_row_that_breaks(name):
    with pytest.raises(IntegrityError, match=name), transaction.atomic():
        CASES[name]()


def test_one_verdict_per_publisher_also_holds_for_imported_verdicts():
    with pytest.raises(IntegrityError, match="verdict_one_per_publisher"), transaction.atomic():
        _two_verdicts_for_one_claim(publisher=True)


def test_our_verdict_and_an_imported_one_may_share_a_claim():
    claim = factories.make_claim()
    _verdict(claim=claim, slug="ours")
    outlet = factories.make_outlet(kind="fact_checker")
    _verdict(claim=claim, slug="theirs", publisher=outlet, external_url="https://x.example.com/1")
    assert claim.verdicts.count() == 2


def test_blank_urls_and_unordered_ratings_do_not_collide():
    factories.make_article(url="")
    factories.make_article(url="")
    factories.make_source(url="")
    factories.make_source(url="")
    scale = RatingScale.objects.default()
    assert scale.ratings.filter(position__isnull=True).count() == 2
    assert Article.objects.filter(url="").count() == 2
    assert Source.objects.filter(url="").count() == 2


@pytest.mark.parametrize("status", ["published", "retracted"])
def test_database_refuses_to_delete_a_public_verdict(status):
    verdict = factories.make_verdict(status=status)
    # Straight to the database: past Django's own PROTECT of its revisions.
    with (
        pytest.raises(IntegrityError, match="verdict_public_undeletable"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM claims_verdict WHERE id = %s", [verdict.pk])
    assert Verdict.objects.filter(pk=verdict.pk).exists()


def test_a_published_revision_can_be_neither_changed_nor_deleted():
    verdict = factories.make_verdict(status="published", headline="As published")
    revision = verdict.revisions.get()
    for statement in (
        "UPDATE claims_verdictrevision SET document = '{}' WHERE id = %s",
        "DELETE FROM claims_verdictrevision WHERE id = %s",
    ):
        with (
            pytest.raises(Exception, match="Cannot update or delete"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [revision.pk])
    revision.refresh_from_db()
    assert revision.document["verdict"]["headline"] == "As published"


def test_a_draft_verdict_can_be_deleted():
    verdict = factories.make_verdict(status="draft")
    verdict.delete()
    assert not Verdict.objects.filter(pk=verdict.pk).exists()


def test_every_update_bumps_the_version_even_a_queryset_update():
    claim = factories.make_claim()
    verdict = factories.make_verdict(claim=claim)
    claim.refresh_from_db()  # the search document was indexed: one update already
    before = claim.version
    claim.save()
    Claim.objects.filter(pk=claim.pk).update(context="on radio")
    Verdict.objects.filter(pk=verdict.pk).update(headline="New")
    assert Claim.objects.get(pk=claim.pk).version == before + 2
    assert Verdict.objects.get(pk=verdict.pk).version == verdict.version + 1


def test_our_verdicts_must_use_the_default_scale():
    other = RatingScale.objects.create(name="Binary", slug="binary")
    wrong = Rating.objects.create(
        scale=other, label="Wrong", slug="wrong", definition="d", colour="#000000"
    )
    verdict = factories.make_verdict(rating=wrong)
    with pytest.raises(ValidationError) as excinfo:
        verdict.full_clean()
    assert "default rating scale" in str(excinfo.value)
    imported = factories.make_verdict(
        rating=wrong, publisher=factories.make_outlet(), external_url="https://other.example.com/2"
    )
    imported.full_clean()  # other fact-checkers' scales are theirs to choose


def test_unnamed_speakers_are_described_not_named():
    speaker = Speaker.objects.create(
        name="an anonymous Egyptian official", slug="anon", kind="anonymous"
    )
    assert not speaker.is_named
    assert str(speaker) == "an anonymous Egyptian official"
    assert Outlet.objects.count() == 0
