"""A source cited by our published verdicts is part of what they show: its title and URL
change only by an editor, and the change files a public correction on each of them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from claims.models import Verdict
from claims.services.record import correct_each, guard_record_change
from factcheck.base.services import AnyUser, acting, changes_to
from sources import services as plain
from sources.models import Source

ON_RECORD = ("title", "url")


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
                subject="Our published verdicts cite this source",
                touched=touched,
                note=correction_note,
            )
        source = plain.source_update(
            source=current, user=user, expected_version=expected_version, changes=changes
        )
        if touched:
            public = record.filter(status__in=Verdict.PUBLIC_STATUSES).distinct()
            correct_each(public, actor=user, note=correction_note)
        return source
