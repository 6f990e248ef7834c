"""The frame every write service shares: one transaction, the acting user stamped in the
audit history, a permission check that says what was refused, and validated saves.

Domain services (``claims.services``, ``sources.services``) build on these; the admin,
the API, imports and commands call those services and hold no rule of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, cast

import pghistory
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from factcheck.base.publication import bump_publication_generation

AnyUser = User | AnonymousUser


class Refused(ValidationError):
    """A write refused because of the record's state or content; the message says what to do."""


@contextmanager
def acting(user: AnyUser) -> Iterator[None]:
    """One transaction for a write by ``user``; it also bumps the publication generation,
    so no cached public response survives the commit (bumped last: the row stays locked
    for the shortest time)."""
    with transaction.atomic(), pghistory.context(user=user.pk):
        yield
        bump_publication_generation()


def require(user: AnyUser, perm: str, action: str) -> Any:
    """Refuse unless ``user`` is signed in, active and holds ``perm``; return them."""
    if not user.is_authenticated or not user.is_active or not user.has_perm(perm):
        # Translators: %(action)s is what was refused, e.g. "publish verdicts".
        raise PermissionDenied(_("You do not have permission to %(action)s.") % {"action": action})
    return user


def changes_to(
    obj: models.Model, changes: Mapping[str, Any], *, allowed: Collection[str]
) -> dict[str, Any]:
    """The subset of ``changes`` that differs from ``obj``; refuses fields outside ``allowed``.

    Many-to-many values compare as sets of primary keys.
    """
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise Refused(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(unknown)}
        )
    real = {}
    for name, value in changes.items():
        field = cast(models.Field, obj._meta.get_field(name))
        if field.many_to_many:
            before = set(getattr(obj, name).values_list("pk", flat=True)) if obj.pk else set()
            if {item.pk for item in value} != before:
                real[name] = value
        elif field.is_relation:
            if getattr(obj, field.attname) != (value.pk if value is not None else None):
                real[name] = value
        elif getattr(obj, name) != value:
            real[name] = value
    return real


def _refuse_addressless_slugs(obj: models.Model, changes: Mapping[str, Any]) -> None:
    """A slug is a record's address: "-" or "_" passes Django's slug validator but names
    nothing a reader could tell apart, so a slug set now needs a letter or a digit."""
    errors = {
        field.name: [
            _("Enter a slug with at least one letter or digit: it is the page's address.")
        ]
        for field in obj._meta.concrete_fields
        if isinstance(field, models.SlugField)
        and (obj._state.adding or field.name in changes)
        and getattr(obj, field.attname)
        and not any(ch.isalnum() for ch in getattr(obj, field.attname))
    }
    if errors:
        raise ValidationError(errors)


def save_validated(obj: models.Model, changes: Mapping[str, Any]) -> None:
    """Apply ``changes``, validate the whole row (fields, constraints, uniqueness), save.

    Many-to-many values are set after the row is saved.
    """
    plain = {k: v for k, v in changes.items() if not obj._meta.get_field(k).many_to_many}
    for name, value in plain.items():
        setattr(obj, name, value)
    _refuse_addressless_slugs(obj, plain)
    obj.full_clean()
    if obj._state.adding:
        obj.save()
    elif plain:
        obj.save(update_fields=[*plain, "updated_at"])
    for name, value in changes.items():
        if obj._meta.get_field(name).many_to_many:
            getattr(obj, name).set(list(value))


# Rules an app adds to every deletion (``register_delete_guard``, from its AppConfig):
# each returns why ``obj`` must stay, or None. The public record's index refers to
# speakers, topics, outlets and articles without foreign keys, so the claims app guards
# them here rather than this ground floor knowing its models.
DELETE_GUARDS: list[Callable[[models.Model], str | None]] = []


def register_delete_guard(guard: Callable[[models.Model], str | None]) -> None:
    if guard not in DELETE_GUARDS:
        DELETE_GUARDS.append(guard)


def delete_record(*, obj: models.Model, user: AnyUser) -> None:
    """Delete ``obj`` if ``user`` may delete that kind of record and no guard keeps it.
    Rows others depend on are protected by their foreign keys, pages the public record
    shows by the guards, and the revisions by database triggers."""
    opts = obj._meta
    with acting(user):
        require(
            user,
            f"{opts.app_label}.delete_{opts.model_name}",
            _("delete %(records)s") % {"records": opts.verbose_name_plural},
        )
        for guard in DELETE_GUARDS:
            reason = guard(obj)
            if reason:
                raise Refused(reason)
        obj.delete()


def refuse_blank(values: Iterable[tuple[str, str]]) -> None:
    for label, value in values:
        if not value.strip():
            raise Refused(_("%(field)s cannot be empty or only spaces.") % {"field": label})
