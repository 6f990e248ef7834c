"""A source cited by our published verdicts is part of what they show: its title and URL
change only by an editor, and the change files a public correction on each of them. An
article or an outlet with a public page (public claims refer to it) keeps its address,
and only an editor edits it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from claims.models import Verdict
from claims.selectors.public_index import article_is_public, outlet_is_public
from claims.services.record import correct_each, guard_public_page, guard_record_change
from factcheck.base.services import AnyUser, acting, changes_to
from sources import services as plain
from sources.models import Article, Outlet, Source

ON_RECORD = ("title", "url")
# What a refusal calls them.
LABELS = {"title": gettext_noop("title"), "url": gettext_noop("url")}


def source_update(
    *,
    source: Source,
    user: AnyUser,
    expected_version: int,
    changes: Mapping[str, Any],
    correction_note: str = "",
) -> Source:
    with acting(user):
        current = Source.objects.select_for_update().get(pk=source.pk)
        touched = [
            name
            for name in ON_RECORD
            if name in changes_to(current, changes, allowed=plain.SOURCE_FIELDS)
        ]
        record = Verdict.objects.ours().on_record().filter(verdict_sources__source=current)
        if touched and record.exists():
            guard_record_change(
                actor=user,
                subject=_("Our published verdicts cite this source"),
                touched=[_(LABELS[name]) for name in touched],
                note=correction_note,
            )
        source = plain.source_update(
            source=current, user=user, expected_version=expected_version, changes=changes
        )
        if touched:
            public = record.filter(status__in=Verdict.PUBLIC_STATUSES).distinct()
            correct_each(public, actor=user, note=correction_note)
        return source


def article_update(
    *, article: Article, user: AnyUser, expected_version: int, changes: Mapping[str, Any]
) -> Article:
    """An article with a public claim has a public page: its address stays (published
    claims and other sites link to it), and, as for a speaker quoted in our verdicts, only
    an editor changes what that page's header says."""
    with acting(user):
        current = Article.objects.select_for_update().get(pk=article.pk)
        real = changes_to(current, changes, allowed=plain.ARTICLE_FIELDS)
        if real and article_is_public(current.pk):
            guard_public_page(
                actor=user,
                changes=real,
                page="article",
                refusal=_(
                    "A published claim comes from this article: only an editor can change it. "
                    "Ask an editor."
                ),
            )
        return plain.article_update(
            article=current, user=user, expected_version=expected_version, changes=changes
        )


def outlet_update(
    *, outlet: Outlet, user: AnyUser, expected_version: int, changes: Mapping[str, Any]
) -> Outlet:
    """An outlet with a public page (public claims appeared in it, or it published a public
    review) keeps its address, and only an editor changes what its page's header says."""
    with acting(user):
        current = Outlet.objects.select_for_update().get(pk=outlet.pk)
        real = changes_to(current, changes, allowed=plain.OUTLET_FIELDS)
        if real and outlet_is_public(current.pk):
            guard_public_page(
                actor=user,
                changes=real,
                page="outlet",
                refusal=_(
                    "Public claims refer to this outlet: only an editor can change it. "
                    "Ask an editor."
                ),
            )
        return plain.outlet_update(
            outlet=current, user=user, expected_version=expected_version, changes=changes
        )
