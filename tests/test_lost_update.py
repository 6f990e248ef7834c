"""No lost update, ever: a stale save keeps the other person's changes, keeps yours,
and stops only where you both changed the same thing, showing theirs beside yours."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from claims import services
from claims.models import Claim, Rating, RatingScale, Topic, Verdict
from factcheck.base.concurrency import StaleVersionError
from sources import services as source_services
from sources.models import Article, Outlet, Source
from tests import factories
from tests.test_admin_workflow import _form_data

pytestmark = pytest.mark.django_db


def _change(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


@pytest.fixture
def verdict():
    return factories.make_verdict(headline="Original headline", summary="Original summary.")


def test_changes_to_different_fields_are_merged(verdict, editor, editor2, login):
    opened = _form_data(verdict)
    assert (
        login(editor)
        .post(_change(verdict), {**opened, "summary": "Editor one's summary."})
        .status_code
        == 302
    )
    response = login(editor2).post(
        _change(verdict), {**opened, "headline": "Editor two's headline"}, follow=True
    )
    assert "their changes to Summary were kept" in response.content.decode()
    saved = Verdict.objects.get(pk=verdict.pk)
    assert (saved.headline, saved.summary) == ("Editor two's headline", "Editor one's summary.")


def test_the_same_field_changed_by_both_is_refused_and_shown_side_by_side(
    verdict, editor, editor2, login
):
    opened = _form_data(verdict)
    first = {**opened, "headline": "Editor one", "summary": "Editor one's summary."}
    assert login(editor).post(_change(verdict), first).status_code == 302

    second = login(editor2).post(_change(verdict), {**opened, "headline": "Editor two"})
    assert second.status_code == 200
    text = second.content.decode()
    assert "changed the same field as you: Headline" in text
    assert "editor changed this at" in text
    assert "“Editor one”" in text
    assert 'value="Editor two"' in text  # yours is kept in the form
    form = second.context["adminform"].form
    # What only they changed now shows their value, so saving again cannot revert it.
    assert form.data["summary"] == "Editor one's summary."

    third = login(editor2).post(_change(verdict), form.data.dict())
    assert third.status_code == 302
    saved = Verdict.objects.get(pk=verdict.pk)
    assert (saved.headline, saved.summary) == ("Editor two", "Editor one's summary.")


def test_the_list_of_sources_counts_as_one_field(verdict, editor, editor2, login):
    opened = _form_data(verdict)
    added = factories.make_source(title="A second source")
    with_two = {
        **opened,
        "verdict_sources-TOTAL_FORMS": "2",
        "verdict_sources-1-position": "2",
        "verdict_sources-1-source": added.pk,
        "verdict_sources-1-note": "Shows the trend.",
    }
    assert login(editor).post(_change(verdict), with_two).status_code == 302
    # The other editor opened the page before: their rows are the old list, untouched.
    assert login(editor2).post(_change(verdict), {**opened, "headline": "New"}).status_code == 302
    saved = Verdict.objects.get(pk=verdict.pk)
    assert saved.headline == "New"
    assert saved.verdict_sources.count() == 2


def test_a_damaged_snapshot_is_a_message_not_an_error(verdict, editor, login):
    response = login(editor).post(_change(verdict), {**_form_data(verdict), "snapshot": "forged"})
    assert response.status_code == 200
    assert "out of date or was altered" in response.content.decode()


def _article_form(article, **overrides):
    data = {
        "title": article.title,
        "slug": article.slug,
        "url": article.url,
        "byline": article.byline,
        "language": article.language,
        "text": article.text,
        "snapshot": factories.snapshot(article),
        "claims-TOTAL_FORMS": "0",
        "claims-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_one_persons_byline_survives_anothers_save_of_the_url(editor, editor2, login):
    article = factories.make_article(byline="")
    opened = _article_form(article)
    assert (
        login(editor).post(_change(article), {**opened, "byline": "Jane Doe"}).status_code == 302
    )
    response = login(editor2).post(
        _change(article), {**opened, "url": "https://news.example.com/story"}
    )
    assert response.status_code == 302
    saved = Article.objects.get(pk=article.pk)
    assert (saved.byline, saved.url) == ("Jane Doe", "https://news.example.com/story")


def test_a_conflict_in_an_inline_claim_row_is_named_at_the_top(editor, editor2, login):
    article = factories.make_article()
    claim = factories.make_claim(article=article, text="Inline claim, first wording.")
    opened = _article_form(
        article,
        **{
            "claims-TOTAL_FORMS": "1",
            "claims-INITIAL_FORMS": "1",
            "claims-0-id": claim.pk,
            "claims-0-article": article.pk,
            "claims-0-text": claim.text,
            "claims-0-speaker": claim.speaker_id,
            "claims-0-slug": claim.slug,
            "claims-0-language": "en",
            "claims-0-snapshot": factories.snapshot(claim),
        },
    )
    assert (
        login(editor).post(_change(article), {**opened, "claims-0-context": "first"}).status_code
        == 302
    )
    response = login(editor2).post(_change(article), {**opened, "claims-0-context": "second"})
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any(
        "Inline claim, first wording." in m and "changed by someone else" in m for m in messages
    )
    assert Claim.objects.get(pk=claim.pk).context == "first"


@pytest.mark.parametrize(
    ("make", "field", "theirs", "mine"),
    [
        (lambda: factories.make_speaker(), "title", "Minister", "Senator"),
        (lambda: factories.make_source(), "publisher", "Ministry", "Agency"),
        (lambda: factories.make_outlet(), "description", "Theirs.", "Mine."),
    ],
    ids=["speaker", "source", "outlet"],
)
def test_speakers_sources_and_outlets_refuse_a_conflicting_save(
    make, field, theirs, mine, editor, editor2, login
):
    obj = make()
    form = factories.snapshot_form(obj)
    opened = {**form, field: theirs}
    assert login(editor).post(_change(obj), opened).status_code == 302
    response = login(editor2).post(_change(obj), {**form, field: mine})
    assert response.status_code == 200
    assert f"“{theirs}”" in response.content.decode()
    obj.refresh_from_db()
    assert getattr(obj, field) == theirs


def test_every_update_service_demands_the_version_the_editor_started_from():
    updates: list[Callable[..., Any]] = [
        services.claim_update,
        services.verdict_update,
        services.verdict_correct,
        services.verdict_approve,
        services.verdict_publish,
        services.speaker_update,
        services.topic_update,
        services.rating_update,
        services.ratingscale_update,
        services.source_update,
        source_services.article_update,
        source_services.outlet_update,
        source_services.source_update,
    ]
    for service in updates:
        parameter = inspect.signature(service).parameters["expected_version"]
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, service.__name__
        assert parameter.default is inspect.Parameter.empty, service.__name__


def test_a_stale_version_is_refused_by_the_service_itself(editor):
    source = factories.make_source(title="Before")
    Source.objects.filter(pk=source.pk).update(title="Someone else's")
    with pytest.raises(Exception, match="after you opened it"):
        source_services.source_update(
            source=source, user=editor, expected_version=1, changes={"title": "Mine"}
        )
    outlet = factories.make_outlet()
    Outlet.objects.filter(pk=outlet.pk).update(name="Renamed")
    with pytest.raises(Exception, match="after you opened it"):
        source_services.outlet_update(
            outlet=outlet, user=editor, expected_version=1, changes={"country": "FR"}
        )


def _created_a_minute_ago() -> None:
    """Events of one test transaction share its timestamp: date the claim's creation as
    the earlier request it would have been, so the latest change is the topics'."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE claims_claimevent SET pgh_created_at = now() - interval '1 minute'")


def _topic(name):
    return Topic.objects.create(name=name, slug=name.lower())


def _rating_form(rating, **overrides):
    from claims.admin.ratings import RatingForm

    rating.refresh_from_db()
    data = {
        "scale": rating.scale_id,
        "label": rating.label,
        "slug": rating.slug,
        "position": rating.position or "",
        "definition": rating.definition,
        "colour": rating.colour,
        "sort_order": rating.sort_order,
        "snapshot": RatingForm(instance=rating)["snapshot"].initial,
        # Its translations inline, left as they are.
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
    }
    return {**data, **overrides}


def test_one_editors_colour_change_does_not_revert_anothers_new_definition(editor, editor2, login):
    rating = factories.rating("mostly-false")
    opened = _rating_form(rating)
    first = {**opened, "definition": "Editor one's definition."}
    assert login(editor).post(_change(rating), first).status_code == 302
    assert login(editor2).post(_change(rating), {**opened, "colour": "#123456"}).status_code == 302
    rating.refresh_from_db()
    assert (rating.definition, rating.colour) == ("Editor one's definition.", "#123456")


def test_two_editors_changing_a_ratings_definition_the_second_is_refused(editor, editor2, login):
    rating = factories.rating("mostly-false")
    opened = _rating_form(rating)
    assert (
        login(editor).post(_change(rating), {**opened, "definition": "Theirs."}).status_code == 302
    )
    response = login(editor2).post(_change(rating), {**opened, "definition": "Mine."})
    assert response.status_code == 200
    text = response.content.decode()
    assert "changed the same field as you: Definition" in text
    assert "editor changed this at" in text
    assert "“Theirs.”" in text
    rating.refresh_from_db()
    assert rating.definition == "Theirs."


def test_a_stale_rating_scale_form_is_refused_field_by_field(editor, editor2, login):
    from claims.admin.ratings import RatingScaleForm

    scale = RatingScale.objects.default()
    opened = {
        "name": scale.name,
        "slug": scale.slug,
        "description": scale.description,
        "is_default": "on",
        "snapshot": RatingScaleForm(instance=scale)["snapshot"].initial,
        "ratings-TOTAL_FORMS": "0",
        "ratings-INITIAL_FORMS": "0",
    }
    assert (
        login(editor).post(_change(scale), {**opened, "description": "Theirs."}).status_code == 302
    )
    response = login(editor2).post(_change(scale), {**opened, "description": "Mine."})
    assert response.status_code == 200
    assert "changed the same field as you: Description" in response.content.decode()
    assert RatingScale.objects.default().description == "Theirs."


def test_the_rating_services_refuse_a_stale_version(editor):
    rating = factories.rating("true")
    version = factories.version(rating)
    Rating.objects.filter(pk=rating.pk).update(colour="#000000")  # someone else, meanwhile
    with pytest.raises(StaleVersionError):
        services.rating_update(
            rating=rating, user=editor, expected_version=version, changes={"colour": "#ffffff"}
        )
    scale = RatingScale.objects.default()
    version = factories.version(scale)
    RatingScale.objects.filter(pk=scale.pk).update(description="Someone else's.")
    with pytest.raises(StaleVersionError):
        services.ratingscale_update(
            scale=scale, user=editor, expected_version=version, changes={"description": "Mine"}
        )
    assert Rating.objects.get(pk=rating.pk).colour == "#000000"
    assert RatingScale.objects.default().description == "Someone else's."


def test_a_topic_change_makes_an_older_copy_of_the_claim_stale(editor, editor2):
    claim = factories.make_claim()
    health, economy = (_topic(n) for n in ("Health", "Economy"))
    _created_a_minute_ago()
    opened = factories.version(claim)
    services.claim_update(
        claim=claim, user=editor, expected_version=opened, changes={"topics": [health]}
    )
    with pytest.raises(StaleVersionError, match="editor saved it"):
        services.claim_update(
            claim=claim, user=editor2, expected_version=opened, changes={"topics": [economy]}
        )
    assert list(claim.topics.all()) == [health]


def test_topics_changed_outside_the_services_bump_the_claims_version_too():
    claim = factories.make_claim()
    topic = _topic("Health")
    before = factories.version(claim)
    claim.topics.add(topic)  # a script, an import
    added = factories.version(claim)
    claim.topics.clear()
    assert before < added < factories.version(claim)


def test_two_editors_changing_a_claims_topics_the_second_is_refused(editor, editor2, login):
    claim = factories.make_claim(text="The topics of this claim are disputed.")
    health, economy = (_topic(n) for n in ("Health", "Economy"))
    opened = {
        "text": claim.text,
        "speaker": claim.speaker_id,
        "language": "en",
        "slug": claim.slug,
        "snapshot": factories.snapshot(claim),
        "verdicts-TOTAL_FORMS": "0",
        "verdicts-INITIAL_FORMS": "0",
    }
    assert login(editor).post(_change(claim), {**opened, "topics": [health.pk]}).status_code == 302
    response = login(editor2).post(_change(claim), {**opened, "topics": [economy.pk]})
    assert response.status_code == 200
    assert "changed the same field as you: Topics" in response.content.decode()
    assert list(Claim.objects.get(pk=claim.pk).topics.all()) == [health]
