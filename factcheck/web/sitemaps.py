"""sitemap.xml: an index of sections (claims, speakers, articles), each in pages of at most
10,000 URLs, with the date the section last changed. Claim pages come from the public
index (a claim page changes only when a revision is published): a claim's ``lastmod`` is
the day, in ``TIME_ZONE``, of the latest public revision of any of its verdicts (first
publication, correction, update, clarification or retraction: the index's
``last_updated``). Speaker and article pages come through their public gates, changed by
their own details or by a claim published on them. Every address is at
``FACTCHECK_SITE_URL`` (``site_url``), whatever host the sitemap was asked from.

A page holds one range of ids (page 3: ids 20,000 to 29,999), so neither the index nor a
page counts or skips rows, whatever the archive's size: the index finds the ranges that
hold a public page with one index probe per range, and a page reads one index range. A
page is written from (slug, day) pairs with no template and no ``reverse()`` per URL:
Django's sitemap views took 5 s for the index and 4 s for a page of 50,000 claims at a
million claims (``docs/performance.md``). A claim page in another language is listed (in
its section, ``claims-es``…) only while it shows an up-to-date translation of our
verdict: its content is then in that language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.db.models.functions import TruncDate
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from claims.selectors import public as queries
from factcheck.base.http import site_url
from factcheck.base.numbers import parse_int

SIZE = 10_000
XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True)
class Section:
    route: str
    items: Callable[[], Any]  # a queryset ordered by pk, with the date field
    date_field: str
    ranges: Callable[[int], list[int]]
    changed: Callable[[], datetime | None]
    changefreq: str = ""
    # The pages' language: its prefix in every address (the default language's at the root).
    language: str = ""

    def entries(self, number: int) -> list[tuple[str, date | None]]:
        """The (slug, day last changed, in the site's time zone) of range ``number``."""
        rows = self.items().filter(pk__gte=number * SIZE, pk__lt=(number + 1) * SIZE)
        return list(rows.values_list("slug", TruncDate(self.date_field)))


SECTIONS = {
    "claims": Section(
        "web:claim",
        queries.claim_pages,
        "last_updated",
        queries.claim_page_ranges,
        queries.claim_pages_changed,
        changefreq="monthly",
    ),
    "speakers": Section(
        "web:speaker",
        queries.speaker_pages,
        "lastmod",
        queries.speaker_page_ranges,
        queries.speaker_pages_changed,
    ),
    "articles": Section(
        "web:article",
        queries.article_pages,
        "lastmod",
        queries.article_page_ranges,
        queries.article_pages_changed,
    ),
    # The claim pages whose content is in another language: those showing a published
    # translation of our verdict that is up to date (docs/languages.md).
    **{
        f"claims-{code}": Section(
            "web:claim",
            partial(queries.translated_claim_pages, code),
            "translated_at",
            partial(queries.translated_claim_page_ranges, code),
            partial(queries.translated_claim_pages_changed, code),
            changefreq="monthly",
            language=code,
        )
        for code, _name in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE
    },
}


def _xml(request: HttpRequest, body: str, latest: datetime | None) -> HttpResponse:
    response = HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + body, content_type="application/xml"
    )
    if latest is not None:
        # Lets ConditionalGetMiddleware answer 304, as Django's sitemap views do.
        response.headers["Last-Modified"] = http_date(latest.timestamp())
    return response


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Every page of every section that holds a public page, with the section's date."""
    lines, changed = [f'<sitemapindex xmlns="{XMLNS}">\n'], []
    for name, section in SECTIONS.items():
        latest = section.changed()
        changed.append(latest)
        day = f"<lastmod>{latest.isoformat()}</lastmod>" if latest else ""
        address = escape(site_url(reverse("sitemap-section", args=[name])))
        for number in section.ranges(SIZE):
            lines.append(f"<sitemap><loc>{address}?p={number + 1}</loc>{day}</sitemap>\n")
    lines.append("</sitemapindex>\n")
    return _xml(request, "".join(lines), max(filter(None, changed), default=None))


@require_safe
def section(request: HttpRequest, section: str) -> HttpResponse:
    """Page ``?p=`` of a section (without it, its first page): the address of each page
    in it and the day it last changed."""
    chosen = SECTIONS.get(section)
    if chosen is None:
        raise Http404(f"No sitemap section {section!r}.")
    if "p" in request.GET:
        number = parse_int(request.GET["p"], name="p", minimum=1, maximum=10**9) - 1
        rows = chosen.entries(number)
        if not rows:
            raise Http404(f"Page {number + 1} of the section {section!r} lists nothing.")
    else:
        first = chosen.ranges(SIZE)[:1]
        rows = chosen.entries(first[0]) if first else []
    # Every address is the route's with the slug in the middle: reversed once.
    with translation.override(chosen.language or settings.LANGUAGE_CODE):
        before, after = reverse(chosen.route, args=["-"]).rsplit("-", 1)
    site = escape(site_url(before))
    changefreq = f"<changefreq>{chosen.changefreq}</changefreq>" if chosen.changefreq else ""
    lines = [f'<urlset xmlns="{XMLNS}">\n']
    for slug, day in rows:
        lastmod = f"<lastmod>{day}</lastmod>" if day else ""
        lines.append(f"<url><loc>{site}{escape(slug)}{after}</loc>{lastmod}{changefreq}</url>\n")
    lines.append("</urlset>\n")
    return _xml(request, "".join(lines), chosen.changed() if rows else None)
