"""Searching the public index page by page, to the last match (served from
``claims.selectors.public``).

Ranking every match of a common word costs ~130 ms at a million claims, so a search
ranks a window: its newest ``FACTCHECK_SEARCH_RANK_WINDOW`` matches, by relevance. The
matches older than the window follow, newest first, paged by their keys (the last
(published_at, claim_id) seen), so each match comes exactly once, never ranked in full.

The window is pinned by the first page (the keys of its newest and oldest matches travel
in the position), so a claim published while someone pages neither shifts the window nor
shows twice: a search lists the matches as they stood when it started. Every page is one
statement: the first finds its window with window functions beside its rows.

Each claim's document is built in its own language's configuration (Arabic stems for an
Arabic claim, French for a French one: claims.models.published), so the words are
looked for in each document as parsed in that document's configuration: an Arabic word
finds the Arabic claims holding it in any of its forms, an English one the English
claims, whatever the page's language. With a language (the API's ``language=``, Fact
Check Tools' ``languageCode``, which keep only the claims in it), the words are parsed in
that language's configuration only. Why not the page's language for every document, and
what it costs: docs/languages.md, "Search in each language".

A claim is also found by the words of a current translation of our verdict on it (the
index of translations, ``PublishedTranslation``, each in its own language's
configuration): the pages stay keyed by the claims, so a hit resolves to its claim.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core import signing
from django.db.models import (
    BooleanField,
    Count,
    Expression,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models import Window as Over
from django.db.models.functions import Cast, Coalesce, FirstValue, Greatest

from claims.models import PublishedClaim, PublishedTranslation
from claims.models.published import (
    SEARCH_CONFIGURATIONS,
    configuration_of,
    search_configuration,
)

RELEVANCE = "relevance"
NEWEST = "newest"

Key = tuple[datetime.datetime, int]  # (published_at, claim_id): unique, newest first
RankKey = tuple[float, datetime.datetime, int]


def window_size() -> int:
    """Read at each search, so that tests may shrink it."""
    return int(settings.FACTCHECK_SEARCH_RANK_WINDOW)


# How each search type parses its words (as django.contrib.postgres's SearchQuery).
_PARSERS = {"websearch": "websearch_to_tsquery", "raw": "to_tsquery"}


class InTheirLanguage(Expression):
    """Index rows whose document holds ``text``'s words as parsed in the document's own
    configuration: one condition per configuration,
    ``(factcheck_search_config(language) = 'arabic' AND search @@
    websearch_to_tsquery('arabic', text)) OR …``, each a constant query the GIN index
    answers (a BitmapOr of them). Written as SQL here rather than as ``Q`` objects of
    lookups: resolving and compiling those cost a search about 4 ms of Python."""

    conditional = True

    def __init__(self, text: Any, configurations: tuple[str, ...], search_type: str) -> None:
        super().__init__(output_field=BooleanField())
        self.configurations = configurations
        self.parser = _PARSERS[search_type]
        # The words, or an expression giving them (an alert's subscription: OuterRef).
        self.text = text if hasattr(text, "resolve_expression") else Value(text)
        self.search, self.language = F("search"), F("language")

    def get_source_expressions(self) -> list[Any]:
        return [self.search, self.language, self.text]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.search, self.language, self.text = exprs

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        search, search_params = compiler.compile(self.search)
        language, language_params = compiler.compile(self.language)
        text, text_params = compiler.compile(self.text)
        conditions, params = [], []
        for config in self.configurations:  # our own names (SEARCH_CONFIGURATIONS)
            named = f"'{config}'::regconfig"
            conditions.append(
                f"(factcheck_search_config({language}) = {named}"
                f" AND {search} @@ {self.parser}({named}, {text}))"
            )
            params += [*language_params, *search_params, *text_params]
        return "(" + " OR ".join(conditions) + ")", params


def in_their_language(
    text: Any, *, language: str | None = None, search_type: str = "websearch"
) -> InTheirLanguage:
    """Index rows whose document holds ``text``'s words as parsed in the document's own
    configuration (``InTheirLanguage``), or, given a ``language`` (rows kept to it), in
    that language's configuration only."""
    configurations = (
        SEARCH_CONFIGURATIONS if language is None else (search_configuration(language),)
    )
    return InTheirLanguage(text, configurations, search_type)


def rank_in_their_language(text: str, *, search_type: str = "websearch") -> SearchRank:
    """How well each row's document matches ``text`` parsed in the document's own
    configuration (computed for the rows ranked only, so parsed row by row)."""
    query = SearchQuery(text, search_type=search_type, config=configuration_of("language"))
    return SearchRank(F("search"), query, normalization=32)


def language_tagged(tag: str, field: str = "language") -> Q:
    """Rows whose language tag (at ``field``) has the primary subtag of ``tag``, both ways
    round and in any case, as BCP 47 tags compare: "en-US" finds "en" and "en-GB", "en"
    finds "en-US". ``tag`` is a well-formed tag (the API checks it)."""
    primary = tag.split("-", 1)[0]
    return Q(**{f"{field}__iexact": primary}) | Q(**{f"{field}__istartswith": f"{primary}-"})


def translations_matching(text: Any, *, language: str | None = None) -> QuerySet[Any]:
    """The current translations (those of their original's latest revision: an
    out-of-date one is not searched until its own correction) whose words hold ``text``,
    each parsed in its own language, or in ``language``'s only, for translations into it.
    A newsroom translates some of its verdicts: a small table, read once a search."""
    rows = PublishedTranslation.objects.filter(current=True)
    if language is not None:
        rows = rows.filter(language_tagged(language))
    return rows.filter(in_their_language(text, language=language))


class AmongThe(Expression):
    """``claim_id = ANY(ARRAY(SELECT claim_id FROM …))``: the subquery runs once (an
    InitPlan) and the condition is one the primary key's index answers, so that it joins
    the GIN index's conditions in one BitmapOr. ``claim_id IN (SELECT …)`` would be a
    hashed SubPlan no index answers: a rare word would walk every claim."""

    conditional = True

    def __init__(self, ids: QuerySet[Any]) -> None:
        super().__init__(output_field=BooleanField())
        self.key, self.ids = F("claim_id"), ArraySubquery(ids)

    def get_source_expressions(self) -> list[Any]:
        return [self.key, self.ids]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.key, self.ids = exprs

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        key, key_params = compiler.compile(self.key)
        ids, ids_params = compiler.compile(self.ids)
        return f"{key} = ANY({ids})", [*key_params, *ids_params]


def matching(
    rows: QuerySet[PublishedClaim], text: str, *, language: str | None = None
) -> QuerySet[PublishedClaim]:
    """Public claims matching ``text`` (web-search syntax; any text is searched as text),
    each in its own language, or in ``language`` only: by their own words, or by the words
    of a current translation of our verdict on them (``translations_matching``)."""
    # Words given by the outer query (an alert's subscription: ``OuterRef``) are one level
    # further out from the translations' subquery.
    words: Any = OuterRef(text) if isinstance(text, OuterRef) else text
    translated = translations_matching(words, language=language).order_by().values("claim_id")
    return rows.filter(Q(in_their_language(text, language=language)) | Q(AmongThe(translated)))


def _before(key: Key, *, inclusive: bool = False) -> Q:
    at, pk = key
    last = (
        Q(published_at=at, claim_id__lte=pk) if inclusive else Q(published_at=at, claim_id__lt=pk)
    )
    return Q(published_at__lt=at) | last


def _after(key: Key) -> Q:
    at, pk = key
    return Q(published_at__gt=at) | Q(published_at=at, claim_id__gte=pk)


def _ranked_after(key: RankKey) -> Q:
    rank, at, pk = key
    return (
        Q(rank__lt=rank)
        | Q(rank=rank, published_at__lt=at)
        | Q(rank=rank, published_at=at, claim_id__lt=pk)
    )


@dataclass(frozen=True)
class Window:
    """The ranked window of one search: its matches lie between the keys of its newest
    and oldest; ``more`` says whether older matches follow it."""

    newest: Key
    oldest: Key
    count: int
    more: bool


def search_window(
    rows: QuerySet[PublishedClaim], text: str, *, language: str | None = None
) -> Window | None:
    """The window of a search, from the keys of its newest matches (one query, reading
    the window's size plus one); None when nothing matches."""
    size = window_size()
    keys = list(
        matching(rows, text, language=language)
        .prefetch_related(None)
        .order_by("-published_at", "-claim_id")
        .values_list("published_at", "claim_id")[: size + 1]
    )
    if not keys:
        return None
    inside = keys[:size]
    return Window(newest=inside[0], oldest=inside[-1], count=len(inside), more=len(keys) > size)


def _by_rank(
    inside: QuerySet[PublishedClaim], text: str, language: str | None
) -> QuerySet[PublishedClaim]:
    # A claim found by a translation's words ranks as well as that translation matches
    # (its own document may not hold them at all). Computed for the window's rows only.
    translated = (
        translations_matching(text, language=language)
        .filter(claim_id=OuterRef("claim_id"))
        .annotate(rank=rank_in_their_language(text))
        .order_by("-rank")
        .values("rank")[:1]
    )
    best = Greatest(
        rank_in_their_language(text),
        Coalesce(Subquery(translated, output_field=FloatField()), Value(0.0)),
    )
    rank = Cast(best, FloatField())
    return inside.annotate(rank=rank).order_by("-rank", "-published_at", "-claim_id")


def ranked(
    rows: QuerySet[PublishedClaim], text: str, window: Window, *, language: str | None = None
) -> QuerySet[PublishedClaim]:
    """The window's matches, most relevant first (``rank``; newer first on a tie)."""
    inside = matching(rows, text, language=language).filter(
        _before(window.newest, inclusive=True), _after(window.oldest)
    )
    return _by_rank(inside, text, language)


_NEWEST_FIRST = [F("published_at").desc(), F("claim_id").desc()]
_OLDEST_FIRST = [F("published_at").asc(), F("claim_id").asc()]


def _first_ranked(
    rows: QuerySet[PublishedClaim], text: str, language: str | None
) -> QuerySet[PublishedClaim]:
    """The newest matches, most relevant first, each row also bearing the window they
    make (its newest and oldest keys, its size, and whether a match lies beyond it): a
    first page finds its window in its own statement, as the window functions run
    before the page's limit."""
    size = window_size()
    newest = matching(rows, text, language=language).prefetch_related(None)
    newest = newest.order_by(*_NEWEST_FIRST)
    inside = matching(rows, text, language=language).filter(pk__in=newest.values("pk")[:size])
    return _by_rank(inside, text, language).annotate(
        window_newest_at=Over(FirstValue("published_at"), order_by=_NEWEST_FIRST),
        window_newest_id=Over(FirstValue("claim_id"), order_by=_NEWEST_FIRST),
        window_oldest_at=Over(FirstValue("published_at"), order_by=_OLDEST_FIRST),
        window_oldest_id=Over(FirstValue("claim_id"), order_by=_OLDEST_FIRST),
        window_count=Over(Count("pk")),
        window_beyond=Subquery(newest.values("pk")[size : size + 1]),
    )


def _window_of(row: Any) -> Window:
    return Window(
        newest=(row.window_newest_at, row.window_newest_id),
        oldest=(row.window_oldest_at, row.window_oldest_id),
        count=row.window_count,
        more=row.window_beyond is not None,
    )


def past_window(
    rows: QuerySet[PublishedClaim], text: str, seen: Key, *, language: str | None = None
) -> QuerySet[PublishedClaim]:
    """Matches older than ``seen`` (the window's oldest match, or the last one a page
    past the window showed), newest first."""
    found = matching(rows, text, language=language).filter(_before(seen))
    return found.order_by("-published_at", "-claim_id")


def in_search_order(
    rows: QuerySet[PublishedClaim], text: str, *, language: str | None = None
) -> list[QuerySet[PublishedClaim]]:
    """Every match of ``text`` in the order the pages list them: the ranked window, then
    the rest newest first (for exports that stream them all)."""
    window = search_window(rows, text, language=language)
    if window is None:
        return []
    return [
        ranked(rows, text, window, language=language),
        past_window(rows, text, window.oldest, language=language),
    ]


@dataclass(frozen=True)
class Position:
    """Where the next page of a search starts: in the window (pinned by the first page)
    after the ranked row ``ranked``, or past it after ``seen``, the last key shown."""

    window: Window | None = None
    ranked: RankKey | None = None
    seen: Key | None = None

    @property
    def order(self) -> str:
        """The order of the page that starts here."""
        return NEWEST if self.seen is not None else RELEVANCE

    def dump(self) -> list[Any]:
        if self.seen is not None:
            return [NEWEST, self.seen[0].isoformat(), self.seen[1]]
        assert self.window is not None
        w = self.window
        after = (
            None
            if self.ranked is None
            else [self.ranked[0], self.ranked[1].isoformat(), self.ranked[2]]
        )
        return [
            RELEVANCE,
            w.newest[0].isoformat(),
            w.newest[1],
            w.oldest[0].isoformat(),
            w.oldest[1],
            w.count,
            w.more,
            after,
        ]

    @classmethod
    def load(cls, raw: Any) -> Position:
        """A position from ``dump``'s list; ValueError for anything else."""
        try:
            if raw[0] == NEWEST and len(raw) == 3:
                return cls(seen=(_moment(raw[1]), _whole(raw[2])))
            if raw[0] == RELEVANCE and len(raw) == 8:
                window = Window(
                    newest=(_moment(raw[1]), _whole(raw[2])),
                    oldest=(_moment(raw[3]), _whole(raw[4])),
                    count=_whole(raw[5]),
                    more=bool(raw[6]),
                )
                after = raw[7]
                if after is None:
                    return cls(window=window)
                if len(after) != 3 or isinstance(after[0], bool):
                    raise ValueError("bad rank")
                return cls(
                    window=window, ranked=(float(after[0]), _moment(after[1]), _whole(after[2]))
                )
        except (TypeError, IndexError, KeyError) as bad:
            raise ValueError("not a search position") from bad
        raise ValueError("not a search position")


def _moment(raw: Any) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(str(raw))
    if moment.tzinfo is None:
        raise ValueError("a naive moment")
    return moment


def _whole(raw: Any) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool):
        raise ValueError("not a whole number")
    return raw


def position_token(position: Position, salt: str) -> str:
    return signing.dumps(position.dump(), salt=salt, compress=True)


def position_from_token(token: str, salt: str) -> Position:
    """The position a token of ours names; ValueError for a forged or foreign one."""
    try:
        raw = signing.loads(token, salt=salt)
    except signing.BadSignature as bad:
        raise ValueError("not a token of ours") from bad
    return Position.load(raw)


@dataclass(frozen=True)
class SearchPage:
    """One page of a search: its rows, the order they are in (``RELEVANCE`` in the
    window, ``NEWEST`` past it) and where the next page starts (None on the last)."""

    rows: list[Any]
    order: str
    next: Position | None
    window: Window | None = None


def search_page(
    rows: QuerySet[PublishedClaim],
    text: str,
    *,
    size: int,
    position: Position | None = None,
    skip: int = 0,
    language: str | None = None,
) -> SearchPage:
    """The page of ``size`` matches of ``text`` at ``position`` (None: the first page,
    ``skip`` matches in), each claim matched in its own language (or ``language``'s
    only, for rows kept to that language). One query a page, whatever ``size``, plus
    what ``rows`` prefetches; a first page that skips reads the window's keys first."""
    if position is not None and position.seen is not None:
        older = past_window(rows, text, position.seen, language=language)
        return _page(older, size, NEWEST, None)
    if position is None and skip:
        window = search_window(rows, text, language=language)
        if window is None:
            return SearchPage([], RELEVANCE, None)
        if skip >= window.count:
            if not window.more:
                return SearchPage([], NEWEST, None, window)
            older = past_window(rows, text, window.oldest, language=language)
            return _page(older[skip - window.count :], size, NEWEST, window)
        position = Position(window=window)
    if position is None:
        found = _first_ranked(rows, text, language)
    else:
        assert position.window is not None
        found = ranked(rows, text, position.window, language=language)
        if position.ranked is not None:
            found = found.filter(_ranked_after(position.ranked))
    page: list[Any] = list(found[skip : skip + size + 1])
    if not page:
        window = position.window if position is not None else None
        return SearchPage([], RELEVANCE, _past_the(window), window)
    window = position.window if position is not None else _window_of(page[0])
    if len(page) > size:
        last = page[size - 1]
        after = (float(last.rank), last.published_at, last.claim_id)
        return SearchPage(page[:size], RELEVANCE, Position(window=window, ranked=after), window)
    # The window ends on this page: the matches older than it follow, newest first.
    return SearchPage(page, RELEVANCE, _past_the(window), window)


def _past_the(window: Window | None) -> Position | None:
    """Where the matches older than the window start, if any do."""
    return Position(seen=window.oldest) if window is not None and window.more else None


def _page(
    ordered: QuerySet[PublishedClaim], size: int, order: str, window: Window | None
) -> SearchPage:
    page = list(ordered[: size + 1])
    following = None
    if len(page) > size:
        last = page[size - 1]
        following = Position(seen=(last.published_at, last.claim_id))
    return SearchPage(page[:size], order, following, window)
