"""The translation catalogues (``factcheck/locale/<language>/LC_MESSAGES/django.po``), kept complete
with Babel alone: GNU gettext's ``xgettext`` and ``msgfmt``, which Django's
``makemessages`` and ``compilemessages`` need, are not on a fresh machine.

- ``extract()`` finds every string marked for translation: in Python (``gettext``,
  ``gettext_lazy``, ``gettext_noop``, ``ngettext``, ``pgettext``…) with Babel's extractor,
  and in templates (``{% translate %}``, ``{% blocktranslate %}``) with Django's own
  ``templatize``, the step ``makemessages`` takes before ``xgettext``, then Babel's.
  It also takes the texts the admin shows from the models (their names, fields'
  labels, help texts and choices' labels, ``model_texts.py``).
- ``update()`` merges them into each language's ``.po`` (new strings empty, strings no
  longer used dropped, English filled in from the source) and compiles each ``.mo``.
- ``problems()`` lists what is wrong: a string not in a catalogue, a catalogue's entry
  no longer used, empty or fuzzy, placeholders that differ, a ``.mo`` older than its
  ``.po``. ``manage.py translations --check`` and the tests fail on any.

The ``.mo`` files are committed, so a fresh clone serves every language with no step
of its own (docs/languages.md)."""

from __future__ import annotations

import copy
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract as babel_extract
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.utils.translation.template import templatize

from factcheck.i18n import model_texts

BASE = Path(settings.BASE_DIR)
LOCALE = BASE / "factcheck" / "locale"
DOMAIN = "django"
PACKAGES = ("factcheck", "claims", "sources")
TEMPLATE_SUFFIXES = (".html", ".txt")
# Python's gettext family as Django names it, with the positions of their arguments.
KEYWORDS: dict[str, Any] = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
COMMENT_TAGS = ("Translators:",)
# The usual gettext plural rules, the ones Django's own catalogues use (CLDR's newer
# rules give Spanish and French a third form for millions).
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "ar": (
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
        ": n%100>=11 ? 4 : 5);"
    ),
}
Key = tuple[Any, str | None]  # (msgid, msgctxt)


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _sources() -> Iterator[tuple[Path, str]]:
    """(file, "python" or "template") of everything that may hold a marked string."""
    for package in PACKAGES:
        for path in sorted((BASE / package).rglob("*")):
            parts = path.relative_to(BASE).parts
            if "migrations" in parts or "__pycache__" in parts or not path.is_file():
                continue
            if path.suffix == ".py":
                yield path, "python"
            elif path.suffix in TEMPLATE_SUFFIXES and "templates" in parts:
                yield path, "template"


def _messages(path: Path, kind: str) -> Iterable[tuple[int, Any, list[str], str | None]]:
    text = path.read_text(encoding="utf-8")
    if kind == "python":
        if "gettext" not in text and "_(" not in text:
            return []  # most modules translate nothing: not worth tokenising
        source = text
    else:
        if "trans" not in text and "_(" not in text:
            return []
        source = templatize(text, origin=str(path))
    return babel_extract(
        "python",
        io.BytesIO(source.encode("utf-8")),
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    )


def extract() -> Catalog:
    """Every string marked for translation, with where it is used."""
    template = Catalog(domain=DOMAIN, project="factcheck", fuzzy=False)
    for path, kind in _sources():
        where = str(path.relative_to(BASE))
        for lineno, message, comments, context in _messages(path, kind):
            if not message or (isinstance(message, tuple) and not message[0]):
                continue
            template.add(message, None, [(where, lineno)], auto_comments=comments, context=context)
    # The names, labels, help texts and choices the admin takes from the models, written
    # as plain English there and translated at run time (model_texts.py).
    for text, context, where in model_texts.texts():
        template.add(text, None, [(where, 0)], context=context)
    return template


def _new_catalog(language: str) -> Catalog:
    catalog = Catalog(
        locale=language,
        domain=DOMAIN,
        project="factcheck",
        header_comment=(
            f"# The factcheck interface in {language} (docs/languages.md).\n"
            "# Updated by `python manage.py translations`; translations written by hand."
        ),
        fuzzy=False,
    )
    catalog.mime_headers = [
        (name, PLURAL_FORMS.get(language, value) if name == "Plural-Forms" else value)
        for name, value in catalog.mime_headers
    ]
    return catalog


def _describe(catalog: Catalog) -> None:
    """The header's fields, the same in every catalogue (not Babel's placeholders)."""
    catalog.project, catalog.version = "factcheck", "1"
    catalog.msgid_bugs_address = "the newsroom running this site"
    catalog.last_translator = "factcheck translators"
    catalog.language_team = f"factcheck ({catalog.locale_identifier})"


def read(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return _new_catalog(language)
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def _plain(value: Any) -> Any:
    return tuple(value) if isinstance(value, list | tuple) else value


def _entries(catalog: Catalog) -> dict[Key, Any]:
    return {(_plain(m.id), m.context): _plain(m.string) for m in catalog if m.id}


def _render_po(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    # No line numbers: moving a string within its file changes nothing here.
    write_po(out, catalog, width=100, ignore_obsolete=True, include_lineno=False)
    return out.getvalue()


def _render_mo(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def _source_text(message: Message) -> Any:
    """English is the source: its translation is the text itself."""
    if isinstance(message.id, tuple):
        return tuple(message.id[:2])
    return message.id


def update(chosen: Iterable[str] | None = None) -> list[str]:
    """Merge the strings in use into each language's catalogue and compile it. Returns
    what was written."""
    template = extract()
    written = []
    for language in chosen or languages():
        catalog = read(language)
        before = _entries(catalog)
        catalog.update(
            # A copy each: the catalogue takes the template's messages as they are.
            copy.deepcopy(template),
            no_fuzzy_matching=True,
            keep_user_comments=True,
            update_creation_date=False,
        )
        catalog.obsolete.clear()
        catalog.fuzzy = False
        _describe(catalog)
        django_own = _django_translations(language)
        for message in catalog:
            if not message.id or _filled(message):
                continue
            if language == settings.LANGUAGE_CODE:
                message.string = _source_text(message)
            elif (_plain(message.id), message.context) in django_own:
                # A string of Django's own (the admin's templates we override): as Django
                # translates it, so the admin reads the same everywhere.
                message.string = django_own[(_plain(message.id), message.context)]
        if _entries(catalog) != before or not po_path(language).exists():
            catalog.revision_date = datetime.now(UTC)
        po = _render_po(catalog)
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != po:
            path.write_bytes(po)
            written.append(str(path.relative_to(BASE)))
        written += compile_catalogue(language)
    return written


def _django_translations(language: str) -> dict[Key, Any]:
    """Django's own catalogues (the framework's and the admin's) in ``language``."""
    import django

    root = Path(django.__file__).parent
    found: dict[Key, Any] = {}
    for folder in (root / "conf" / "locale", root / "contrib" / "admin" / "locale"):
        path = folder / language / "LC_MESSAGES" / "django.mo"
        if path.exists():
            with path.open("rb") as handle:
                found.update(
                    {key: value for key, value in _entries(read_mo(handle)).items() if value}
                )
    return found


def compile_catalogue(language: str) -> list[str]:
    """Write the ``.mo`` of ``language`` from its ``.po`` when it differs."""
    mo = _render_mo(read(language))
    path = mo_path(language)
    if path.exists() and path.read_bytes() == mo:
        return []
    path.write_bytes(mo)
    return [str(path.relative_to(BASE))]


def _filled(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return bool(strings) and all(strings)


@dataclass(frozen=True)
class Problem:
    language: str
    text: str

    def __str__(self) -> str:
        return f"{self.language}: {self.text}"


def _name(key: Key) -> str:
    msgid, context = key
    shown = msgid[0] if isinstance(msgid, tuple) else msgid
    return f"“{shown}”" + (f" (context {context})" if context else "")


def problems(template: Catalog | None = None) -> list[Problem]:
    """Everything that keeps the catalogues from being complete and current."""
    template = template or extract()
    wanted = {(m.id, m.context) for m in template if m.id}
    found: list[Problem] = []
    for language in languages():
        if not po_path(language).exists():
            found.append(Problem(language, f"no catalogue at {po_path(language)}"))
            continue
        catalog = read(language)
        have = {(m.id, m.context): m for m in catalog if m.id}
        found += [
            Problem(language, f"missing {_name(k)}") for k in sorted(wanted - set(have), key=str)
        ]
        found += [
            Problem(language, f"no longer used: {_name(k)}")
            for k in sorted(set(have) - wanted, key=str)
        ]
        for key, message in have.items():
            if message.fuzzy:
                found.append(Problem(language, f"fuzzy {_name(key)}"))
            if not _filled(message):
                found.append(Problem(language, f"empty {_name(key)}"))
            forms = message.string if isinstance(message.id, tuple) else None
            if isinstance(forms, tuple) and len(forms) != catalog.num_plurals:
                found.append(
                    Problem(language, f"{_name(key)} needs {catalog.num_plurals} plural forms")
                )
        for message, errors in catalog.check():
            found += [
                Problem(language, f"{_name((message.id, message.context))}: {e}") for e in errors
            ]
        found += _stale_mo(language, catalog)
    return found


def _stale_mo(language: str, catalog: Catalog) -> list[Problem]:
    path = mo_path(language)
    if not path.exists():
        return [Problem(language, f"not compiled: {path} is missing")]
    with path.open("rb") as handle:
        compiled = read_mo(handle)
    expected = {
        (_plain(m.id), m.context): _plain(m.string)
        for m in catalog
        if m.id and m.string and not m.fuzzy
    }
    if _entries(compiled) != expected:
        return [Problem(language, f"{path} is older than its .po: compile it")]
    return []
