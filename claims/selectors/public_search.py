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
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core import signing
from django.db.models import Count, F, FloatField, Q, QuerySet, Subquery
from django.db.models import Window as Over
from django.db.models.functions import Cast, FirstValue

from claims.models import PublishedClaim

RELEVANCE = "relevance"
NEWEST = "newest"

Key = tuple[datetime.datetime, int]  # (published_at, claim_id): unique, newest first
RankKey = tuple[float, datetime.datetime, int]


def window_size() -> int:
    """Read at each search, so that tests may shrink it."""
    return int(settings.FACTCHECK_SEARCH_RANK_WINDOW)


def _query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config="english")


def matching(rows: QuerySet[PublishedClaim], text: str) -> QuerySet[PublishedClaim]:
    """Public claims matching ``text`` (web-search syntax; any text is searched as text)."""
    return rows.filter(search=_query(text))


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


def search_window(rows: QuerySet[PublishedClaim], text: str) -> Window | None:
    """The window of a search, from the keys of its newest matches (one query, reading
    the window's size plus one); None when nothing matches."""
    size = window_size()
    keys = list(
        matching(rows, text)
        .prefetch_related(None)
        .order_by("-published_at", "-claim_id")
        .values_list("published_at", "claim_id")[: size + 1]
    )
    if not keys:
        return None
    inside = keys[:size]
    return Window(newest=inside[0], oldest=inside[-1], count=len(inside), more=len(keys) > size)


def _by_rank(inside: QuerySet[PublishedClaim], text: str) -> QuerySet[PublishedClaim]:
    rank = Cast(SearchRank(F("search"), _query(text), normalization=32), FloatField())
    return inside.annotate(rank=rank).order_by("-rank", "-published_at", "-claim_id")


def ranked(rows: QuerySet[PublishedClaim], text: str, window: Window) -> QuerySet[PublishedClaim]:
    """The window's matches, most relevant first (``rank``; newer first on a tie)."""
    inside = matching(rows, text).filter(
        _before(window.newest, inclusive=True), _after(window.oldest)
    )
    return _by_rank(inside, text)


_NEWEST_FIRST = [F("published_at").desc(), F("claim_id").desc()]
_OLDEST_FIRST = [F("published_at").asc(), F("claim_id").asc()]


def _first_ranked(rows: QuerySet[PublishedClaim], text: str) -> QuerySet[PublishedClaim]:
    """The newest matches, most relevant first, each row also bearing the window they
    make (its newest and oldest keys, its size, and whether a match lies beyond it): a
    first page finds its window in its own statement, as the window functions run
    before the page's limit."""
    size = window_size()
    newest = matching(rows, text).prefetch_related(None).order_by(*_NEWEST_FIRST)
    inside = matching(rows, text).filter(pk__in=newest.values("pk")[:size])
    return _by_rank(inside, text).annotate(
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


def past_window(rows: QuerySet[PublishedClaim], text: str, seen: Key) -> QuerySet[PublishedClaim]:
    """Matches older than ``seen`` (the window's oldest match, or the last one a page
    past the window showed), newest first."""
    return matching(rows, text).filter(_before(seen)).order_by("-published_at", "-claim_id")


def in_search_order(rows: QuerySet[PublishedClaim], text: str) -> list[QuerySet[PublishedClaim]]:
    """Every match of ``text`` in the order the pages list them: the ranked window, then
    the rest newest first (for exports that stream them all)."""
    window = search_window(rows, text)
    if window is None:
        return []
    return [ranked(rows, text, window), past_window(rows, text, window.oldest)]


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
) -> SearchPage:
    """The page of ``size`` matches of ``text`` at ``position`` (None: the first page,
    ``skip`` matches in). One query a page, whatever ``size``, plus what ``rows``
    prefetches; a first page that skips reads the window's keys first."""
    if position is not None and position.seen is not None:
        return _page(past_window(rows, text, position.seen), size, NEWEST, None)
    if position is None and skip:
        window = search_window(rows, text)
        if window is None:
            return SearchPage([], RELEVANCE, None)
        if skip >= window.count:
            if not window.more:
                return SearchPage([], NEWEST, None, window)
            older = past_window(rows, text, window.oldest)[skip - window.count :]
            return _page(older, size, NEWEST, window)
        position = Position(window=window)
    if position is None:
        found = _first_ranked(rows, text)
    else:
        assert position.window is not None
        found = ranked(rows, text, position.window)
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
