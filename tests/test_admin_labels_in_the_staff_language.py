"""The names the admin takes from the models (apps' and models' names, fields' labels,
help texts, choices' labels) follow the staff member's language, with no migration for it
(``factcheck/i18n/model_texts.py``; docs/languages.md, "The admin")."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.db import models
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import override

from claims.models import Claim, Verdict
from factcheck.i18n import catalogues
from factcheck.i18n.model_texts import NAME, shown_models
from factcheck.i18n.models import StaffLanguage
from tests import factories

pytestmark = pytest.mark.django_db

# Where the admin puts names: form labels, column titles, the filters' titles, the index's
# app captions and model rows, headings and breadcrumbs.
NAMED_IN = {"label", "th", "summary", "caption", "h1", "h2", "h3"}


class _Names(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in NAMED_IN:
            self.open.append(tag)
            self.texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if self.open and tag == self.open[-1]:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open:
            self.texts[-1] += data


def _names(html: str) -> set[str]:
    parser = _Names()
    parser.feed(html)
    return {" ".join(text.split()).rstrip(":").strip() for text in parser.texts}


def _english_labels(*models_: type[models.Model]) -> set[str]:
    """Each field's label as Django shows it in English ("Claimed on")."""
    with override("en"):
        return {
            str(capfirst(field.verbose_name))
            for model in models_
            for field in model._meta.get_fields()
            if isinstance(field, models.Field)
        }


def _arabic_editor(editor, login):
    StaffLanguage.objects.create(user=editor, language="ar")
    return login(editor)


def test_the_claim_form_names_its_fields_in_the_staff_members_language(editor, login):
    claim = factories.make_claim()
    client = _arabic_editor(editor, login)
    html = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    names = _names(html)
    # Labels Django derives from the fields' names, and a help text.
    assert {"صاحب الادعاء", "تاريخ الادعاء", "ظهر في", "مُسند إلى", "السياق"} <= names
    assert "الادعاء كما نتحقق منه، بصياغة محايدة: عبارة واحدة قابلة للتحقق." in html
    assert "The claim as we check it" not in html
    left = names & _english_labels(Claim, Verdict)
    assert left == set(), left
    adding = client.get(reverse("admin:claims_claim_add")).content.decode()
    assert "<h1>إضافة ادعاء</h1>" in adding  # "Add claim"
    assert "Add claim" not in adding


def test_the_verdict_list_names_its_columns_and_filters_in_the_staff_members_language(
    editor, factchecker, login
):
    factories.make_verdict(author=factchecker, status="in_review")
    html = (
        _arabic_editor(editor, login)
        .get(reverse("admin:claims_verdict_changelist"))
        .content.decode()
    )
    names = _names(html)
    assert {"العنوان", "الحالة", "التقييم", "الكاتب", "نُشر في"} <= names  # columns
    assert any("الحالة" in name and name != "الحالة" for name in names)  # "by status"
    assert "قيد المراجعة" in html  # the status filter's choices
    left = names & _english_labels(Verdict, Claim)
    assert left == set(), left


def test_the_admin_index_names_apps_and_models_in_the_staff_members_language(editor, login):
    html = _arabic_editor(editor, login).get(reverse("admin:index")).content.decode()
    names = _names(html)
    assert {"الادعاءات والأحكام", "الادعاءات", "الأحكام", "أصحاب الادعاءات"} <= names
    assert {"المصادر", "المقالات", "وسائل الإعلام"} <= names
    with override("en"):
        english = {
            str(capfirst(name))
            for model in shown_models()
            for name in (model._meta.verbose_name, model._meta.verbose_name_plural)
        }
    left = names & (english | {"Claims and verdicts", "Sources"})
    assert left == set(), left


def test_english_staff_see_the_names_as_written(editor, login):
    html = login(editor).get(reverse("admin:index")).content.decode()
    assert {"Claims and verdicts", "Claims", "Verdicts"} <= _names(html)


def test_the_names_leave_the_migrations_as_they_were():
    """The labels are lazy at run time only: what migrations read is unchanged (CI's
    ``makemigrations --check`` proves it for every model), and the catalogues carry them."""
    speaker = Claim._meta.get_field("speaker")
    assert speaker._verbose_name is None
    _name, _path, _args, kwargs = speaker.deconstruct()
    assert "verbose_name" not in kwargs
    assert kwargs["help_text"] == (
        "Who made the claim. Leave empty for unattributed claims (e.g. viral posts)."
    )
    assert "verbose_name" not in Claim._meta.original_attrs
    assert Verdict._meta.verbose_name_raw == "verdict"  # permissions' names stay English
    extracted = {(message.id, message.context) for message in catalogues.extract()}
    assert {("claim", NAME), ("claimed on", NAME), ("Claims and verdicts", NAME)} <= extracted
