"""The claims list's items built as JSON by PostgreSQL: one statement per page, after the
query that chose the page's claims.

``ClaimSerializer`` stays the definition of a claim in the API (the detail view, the
schema); this module writes the same document in SQL, field for field, because a page
of 50 claims serialized field by field in Python costs five times the database's work.
``tests/api/test_claim_documents.py`` holds the two to the same output.

The verdicts inside come through ``Verdict.objects.public()`` (``selectors.annotated``),
the claims through the caller's public queryset: the gates are the ones every public
read uses.
"""

from __future__ import annotations

import functools
from typing import Any

import psycopg
from django.conf import settings
from django.db import connections
from django.db.models import Case, F, JSONField, OuterRef, Subquery, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Greatest

from claims.models import Claim, Verdict
from claims.selectors.public import annotated
from factcheck.base.jsonsql import JSONBuild, JSONText, iso_instant, json_array
from sources.models import Outlet


def _text(value: str) -> Value:
    return Value(value, output_field=TextField())


def _speaker() -> Any:
    return Case(
        When(speaker__isnull=True, then=None),
        default=JSONBuild(
            slug=F("speaker__slug"),
            name=F("speaker__name"),
            kind=F("speaker__kind"),
            title=F("speaker__title"),
        ),
    )


def _outlet(path: str, null_when: str) -> Any:
    return Case(
        When(**{f"{null_when}__isnull": True}, then=None),
        default=JSONBuild(
            slug=F(f"{path}__slug"), name=F(f"{path}__name"), domain=F(f"{path}__domain")
        ),
    )


def _article() -> Any:
    return Case(
        When(article__isnull=True, then=None),
        default=JSONBuild(
            slug=F("article__slug"),
            title=F("article__title"),
            url=F("article__url"),
            published_on=F("article__published_on"),
            outlet=_outlet("article__outlet", "article__outlet"),
        ),
    )


def _topics() -> Any:
    through = Claim.topics.through.objects.filter(claim_id=OuterRef("pk"))
    return json_array(
        through.order_by("topic__name").values(
            doc=JSONBuild(slug=F("topic__slug"), name=F("topic__name"))
        )
    )


def _verdicts() -> Any:
    base = settings.FACTCHECK_PUBLISHER_URL.rstrip("/")
    ours = JSONBuild(
        name=_text(settings.FACTCHECK_PUBLISHER_NAME),
        url=_text(settings.FACTCHECK_PUBLISHER_URL),
        ours=Value(True),
    )
    # A subquery, not a join: the planner hashes every outlet for a join, per claim.
    theirs = Subquery(
        Outlet.objects.filter(pk=OuterRef("publisher_id")).values(
            doc=JSONBuild(name=F("name"), url=F("url"), ours=Value(False))
        )[:1],
        output_field=JSONField(),
    )
    rows = annotated(Verdict.objects.public().filter(claim=OuterRef("pk")))
    document = JSONBuild(
        slug=F("slug"),
        status=F("status"),
        publisher=Case(When(publisher__isnull=True, then=ours), default=theirs),
        rating=JSONBuild(
            slug=F("rating__slug"),
            label=F("rating__label"),
            position=F("rating__position"),
            best=F("best"),
            worst=F("worst"),
            scale=F("rating__scale__slug"),
        ),
        headline=F("headline"),
        summary=F("summary"),
        page_url=Case(
            When(
                publisher__isnull=True,
                then=Concat(
                    _text(f"{base}/claims/"),
                    OuterRef("slug"),
                    _text("/"),
                    output_field=TextField(),
                ),
            ),
            default=F("external_url"),
            output_field=TextField(),
        ),
        first_published=iso_instant(F("published_at")),
        last_updated=iso_instant(Greatest(F("published_at"), F("last_correction"))),
        corrections=F("correction_count"),
        retraction=Case(
            When(
                status=Verdict.Status.RETRACTED,
                then=JSONBuild(date=iso_instant(F("retracted_at")), note=F("retraction_note")),
            ),
            default=None,
        ),
    )
    return json_array(rows.order_by("publisher_id", "pk").values(doc=document))


# Stand-ins compiled into the cached statement, replaced by each request's values.
_IDS, _API = "\x00claim ids\x00", "\x00api base\x00"


@functools.lru_cache(maxsize=8)
def _statement(publisher: str, home: str, zone: str) -> tuple[str, tuple[Any, ...]]:
    """The documents query, compiled once per process (and per settings, for tests):
    building this expression tree costs the ORM ten times what PostgreSQL takes to run it."""
    document = JSONBuild(
        slug=F("slug"),
        url=Concat(_text(_API), F("slug"), _text("/"), output_field=TextField()),
        text=F("text"),
        quote=F("quote"),
        speaker=_speaker(),
        article=_article(),
        outlet=_outlet("appeared_in", "appeared_in"),
        appearance_url=F("url"),
        archived_url=F("archived_url"),
        claimed_on=F("claimed_on"),
        context=F("context"),
        topics=_topics(),
        language=F("language"),
        verdicts=_verdicts(),
    )
    ids = RawSQL("SELECT unnest(%s::bigint[])", (_IDS,))
    rows = (
        Claim.objects.public().filter(pk__in=ids).order_by().values_list("pk", JSONText(document))
    )
    sql, params = rows.query.sql_with_params()
    return sql, tuple(params)


def claim_documents(ids: list[int], *, api_base: str) -> dict[int, str]:
    """The public claims among ``ids``, each as the API sends it (JSON text), by id.
    ``api_base`` is the claims list's absolute URL, which each claim's ``url`` extends."""
    if not ids:
        return {}
    sql, params = _statement(
        settings.FACTCHECK_PUBLISHER_NAME, settings.FACTCHECK_PUBLISHER_URL, settings.TIME_ZONE
    )
    bound = [ids if p == _IDS else api_base if p == _API else p for p in params]
    with _prepared_cursor(connections[Claim.objects.db]) as cursor:
        cursor.execute(sql, bound)
        return dict(cursor.fetchall())


class _Prepared(psycopg.Cursor[Any]):
    """Binds parameters on the server and prepares the statement once per connection, so
    PostgreSQL stops planning it anew: planning costs a third of running it. (Django's
    own cursors bind on the client and never prepare.)"""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        return super().execute(query, params, prepare=True)


def _prepared_cursor(wrapper: Any) -> Any:
    """Wrapped as Django wraps its own cursors: query logging and counts still see it."""
    wrapper.ensure_connection()
    raw = _Prepared(wrapper.connection)
    return wrapper.make_debug_cursor(raw) if wrapper.queries_logged else wrapper.make_cursor(raw)
