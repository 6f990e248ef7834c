"""The names Django takes from our models, in each staff member's language: the apps' and
models' names (the admin's index, breadcrumbs, "Add claim"), the fields' labels (forms,
columns, filters), their help texts and their choices' labels.

Why at run time rather than ``verbose_name=_("…")`` on every field: Django writes a
field's ``verbose_name``, ``help_text`` and ``choices`` into the migrations, and every test
database runs them all (CI's time is counted). Naming the ~200 fields that take their
label from their attribute's name would add a migration of AlterField operations that
changes nothing in the database. Instead, once the models and the admin are loaded,
``make_lazy()`` puts in each of these places a lazy translation of the same English, and
Django's migrations see no change: a field's state is read from ``_verbose_name`` (left
``None`` where the name was derived), a model's from ``Meta``'s ``original_attrs`` (left
as written), and a lazy string equals its English (``makemigrations --check`` in CI).

Only what the admin shows is covered: the models registered with it and those of their
inlines, from our own apps (fields a model inherits from another package, such as the
audit history's from pghistory, stay theirs). ``texts()`` lists the English of each, which
``manage.py translations`` extracts into the catalogues, so ``--check`` fails on one left
untranslated. Choices' labels come out translated from ``get_…_display()`` too; the
vocabulary classes (``claims/choices.py``) keep their English ``gettext_noop`` labels, and
the public record, built from values and those classes, is unaffected."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import AppConfig, apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy, override, pgettext_lazy

OUR_PACKAGES = ("claims", "sources", "factcheck")


def _ours(model: type[models.Model]) -> bool:
    return model.__module__.split(".")[0] in OUR_PACKAGES


def shown_models() -> list[type[models.Model]]:
    """Our models the admin shows: registered ones and their inlines' (the admin's
    ``ready()``, which registers them, runs before ours: ``INSTALLED_APPS`` order)."""
    from django.contrib import admin

    shown: dict[str, type[models.Model]] = {}
    for model, model_admin in admin.site._registry.items():
        inlines = [inline.model for inline in model_admin.inlines]
        for each in (model, *inlines):
            if _ours(each):
                shown[each._meta.label] = each
    return [shown[label] for label in sorted(shown)]


def _fields(model: type[models.Model]) -> Iterator[models.Field[Any, Any]]:
    for field in model._meta.get_fields():
        if isinstance(field, models.Field) and _ours(field.model):
            yield field


def _flat(choices: Any) -> bool:
    """Plain ``(value, label)`` pairs (ours all are), not option groups."""
    return all(not isinstance(label, list | tuple) for _value, label in choices)


def _apps(models_: list[type[models.Model]]) -> list[AppConfig]:
    labels = sorted({model._meta.app_label for model in models_})
    return [apps.get_app_config(label) for label in labels]


# Names are short words a sentence of ours may use otherwise ("published" as an event,
# "speaker" with its article in a diff): in the catalogues under a context of their own.
NAME = "admin label"


def _lazy(text: Any) -> Any:
    # ``str()``: the English, here where no language is active yet (a model's plural is
    # Django's lazy "{name}s", the name not translated).
    return gettext_lazy(str(text))


def _lazy_name(text: Any) -> Any:
    return pgettext_lazy(NAME, str(text))


def make_lazy() -> None:
    """Replace every name, label, help text and choice label the admin takes from our
    models with a lazy translation of the same English (``I18nConfig.ready``)."""
    shown = shown_models()
    for app in _apps(shown):
        app.verbose_name = _lazy_name(app.verbose_name)
    for model in shown:
        opts = model._meta
        opts.verbose_name = _lazy_name(opts.verbose_name)
        opts.verbose_name_plural = _lazy_name(opts.verbose_name_plural)
        for field in _fields(model):
            # ``verbose_name`` only: ``_verbose_name``, what migrations read, stays None.
            field.verbose_name = _lazy_name(field.verbose_name)
            if field.help_text:
                field.help_text = _lazy(field.help_text)
            if field.choices and _flat(field.choices):
                field.choices = [(value, _lazy(label)) for value, label in field.choices]


def texts() -> Iterator[tuple[str, str | None, str]]:
    """(English, its context, the file that defines it) of every text ``make_lazy``
    translates, for the catalogues."""
    base = Path(settings.BASE_DIR)
    shown = shown_models()
    with override(None):  # no language active: a lazy string gives its English
        for app in _apps(shown):
            yield str(app.verbose_name), NAME, str(Path(app.path).relative_to(base) / "apps.py")
        for model in shown:
            where = str(Path(inspect.getfile(model)).relative_to(base))
            opts = model._meta
            yield str(opts.verbose_name), NAME, where
            yield str(opts.verbose_name_plural), NAME, where
            for field in _fields(model):
                yield str(field.verbose_name), NAME, where
                if field.help_text:
                    yield str(field.help_text), None, where
                if field.choices and _flat(field.choices):
                    for _value, label in field.choices:
                        yield str(label), None, where
