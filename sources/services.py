"""Every write to outlets, articles and sources.

``sources`` is a leaf: it knows nothing of claims or verdicts. The rule that a source
cited by a published verdict changes only with a public correction lives in
``claims.services.source_update``, which wraps ``source_update`` here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from factcheck.base.concurrency import lock_current_version
from factcheck.base.db import unique_slug
from factcheck.base.services import AnyUser, acting, changes_to, require, save_validated
from sources.models import Article, Outlet, Source

ADD_OUTLET, CHANGE_OUTLET = "sources.add_outlet", "sources.change_outlet"
ADD_ARTICLE, CHANGE_ARTICLE = "sources.add_article", "sources.change_article"
ADD_SOURCE, CHANGE_SOURCE = "sources.add_source", "sources.change_source"

OUTLET_FIELDS = ("name", "slug", "domain", "kind", "country", "url", "description")
ARTICLE_FIELDS = (
    "outlet",
    "title",
    "slug",
    "url",
    "byline",
    "published_on",
    "language",
    "text",
    "full_text_public",
)
SOURCE_FIELDS = ("title", "url", "publisher", "published_on", "archived_url", "kind")


def outlet_create(
    *, user: AnyUser, name: str, domain: str, slug: str = "", **fields: Any
) -> Outlet:
    with acting(user):
        require(user, ADD_OUTLET, _("add outlets"))
        changes_to(Outlet(), fields, allowed=OUTLET_FIELDS)
        outlet = Outlet(name=name, domain=domain, **fields)
        outlet.slug = slug or unique_slug(Outlet, name)
        save_validated(outlet, {})
        return outlet


def outlet_update(
    *, outlet: Outlet, user: AnyUser, expected_version: int, changes: Mapping[str, Any]
) -> Outlet:
    with acting(user):
        require(user, CHANGE_OUTLET, _("edit outlets"))
        outlet = lock_current_version(Outlet, pk=outlet.pk, expected=expected_version)
        return _save(outlet, changes_to(outlet, changes, allowed=OUTLET_FIELDS))


def article_create(*, user: AnyUser, title: str, slug: str = "", **fields: Any) -> Article:
    with acting(user):
        actor = require(user, ADD_ARTICLE, _("add articles"))
        changes_to(Article(), fields, allowed=ARTICLE_FIELDS)
        article = Article(title=title, created_by=actor, **fields)
        article.slug = slug or unique_slug(Article, title)
        save_validated(article, {})
        return article


def article_update(
    *, article: Article, user: AnyUser, expected_version: int, changes: Mapping[str, Any]
) -> Article:
    with acting(user):
        require(user, CHANGE_ARTICLE, _("edit articles"))
        article = lock_current_version(Article, pk=article.pk, expected=expected_version)
        return _save(article, changes_to(article, changes, allowed=ARTICLE_FIELDS))


def source_create(*, user: AnyUser, title: str, **fields: Any) -> Source:
    with acting(user):
        actor = require(user, ADD_SOURCE, _("add sources"))
        changes_to(Source(), fields, allowed=SOURCE_FIELDS)
        source = Source(title=title, created_by=actor, **fields)
        save_validated(source, {})
        return source


def source_update(
    *, source: Source, user: AnyUser, expected_version: int, changes: Mapping[str, Any]
) -> Source:
    """The plain edit. Call ``claims.services.source_update`` from interfaces: it adds the
    public-record rule for sources that published verdicts cite."""
    with acting(user):
        require(user, CHANGE_SOURCE, _("edit sources"))
        source = lock_current_version(Source, pk=source.pk, expected=expected_version)
        return _save(source, changes_to(source, changes, allowed=SOURCE_FIELDS))


UNTITLED = "Untitled article"


def article_import(
    *,
    user: AnyUser,
    title: str,
    text: str,
    url: str = "",
    published_on: Any = None,
    language: str = "en",
    outlet_name: str = "",
) -> tuple[Article, bool]:
    """An article brought in whole (from a page or a file), its outlet found or created from
    the URL's domain. An article already on file is returned as it is: by its URL, or,
    brought in without one, by its title and text (so a saved file imported twice is one
    article)."""
    with acting(user):
        actor = require(user, ADD_ARTICLE, _("add articles"))
        same = (
            Article.objects.filter(url=url)
            if url
            else Article.objects.filter(url="", title=title.strip()[:500] or UNTITLED, text=text)
        )
        existing = same.order_by("pk").first()
        if existing is not None:
            return existing, False
        outlet = None
        domain = (urlsplit(url).hostname or "").lower().removeprefix("www.") if url else ""
        if re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", domain):  # a site's name, not an address
            outlet = Outlet.objects.filter(domain=domain).first()
            if outlet is None:
                name = outlet_name.strip() or domain
                outlet = Outlet(
                    name=name[:200],
                    slug=unique_slug(Outlet, name),
                    domain=domain,
                    url=f"https://{domain}/",
                )
                save_validated(outlet, {})
        article = Article(
            title=title.strip()[:500] or UNTITLED,
            text=text,
            url=url,
            outlet=outlet,
            published_on=published_on,
            language=language,
            created_by=actor,
        )
        article.slug = unique_slug(Article, article.title)
        save_validated(article, {})
        return article, True


def _save(obj: Any, real: dict[str, Any]) -> Any:
    if real:
        save_validated(obj, real)
        obj.refresh_from_db()
    return obj
