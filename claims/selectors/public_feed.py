"""What the ClaimReview feed's conditional requests are answered from: the state of the
public record, read without reading the feed (re-exported by ``claims.selectors.public``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max

from claims.models import VerdictRevision


@dataclass(frozen=True)
class FeedState:
    """``generation`` changes with every revision published (a publication, correction,
    update, clarification, retraction or takedown: every change of what the public sees),
    and with nothing else; ``changed_at`` is when the latest was published (None before the
    first). Not the publication generation, which every write bumps: a reader polling the
    feed would learn when the newsroom saves unpublished work."""

    generation: int
    changed_at: datetime | None


def feed_state() -> FeedState:
    """Read where the request's other reads go (the database router sends public reads to
    a replica), so the state is never newer than the feed it stands for. Revisions are
    append-only and written only when something goes public: their largest number and
    latest date stand for the public record (two index lookups)."""
    latest = VerdictRevision.objects.aggregate(number=Max("pk"), at=Max("published_at"))
    return FeedState(int(latest["number"] or 0), latest["at"])
