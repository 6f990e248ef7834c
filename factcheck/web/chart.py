"""The speaker page's chart of our verdicts per rating, as an SVG drawn in the page's
direction: left to right, labels on the left and bars growing rightwards; right to left
(Arabic), labels on the right and bars growing leftwards. The coordinates are mirrored,
not the picture, so the labels' text reads as written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

WIDTH = 320
ROW = 20
LABELS = 112  # room for the labels, from the start edge
LONGEST = 170  # the longest bar
GAP = 5  # between a bar's end and its count
# A label longer than LABELS holds at the 12-unit font ("Mayormente verdadero") widens the
# room for labels, and the picture with it, up to MOST_LABELS.
CHARACTER = 7
MOST_LABELS = 180


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    y: int
    label_x: int
    bar_x: int
    bar_width: int
    count_x: int


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    direction: str


def record_chart(rows: list[dict[str, Any]], *, right_to_left: bool) -> Chart:
    """``rows`` of the speaker's record (``label``, ``count``), drawn from the start edge."""
    most = max([int(row["count"]) for row in rows] or [1]) or 1
    longest = max([len(str(row["label"])) for row in rows] or [0])
    labels = min(max(LABELS, longest * CHARACTER + GAP), MOST_LABELS)
    total = WIDTH - LABELS + labels
    bars = []
    for number, row in enumerate(rows):
        count = int(row["count"])
        width = round(count * LONGEST / most)
        if right_to_left:
            start = total - labels
            label_x, bar_x, count_x = total, start - width, start - width - GAP
        else:
            label_x, bar_x, count_x = 0, labels, labels + width + GAP
        bars.append(Bar(str(row["label"]), count, number * ROW, label_x, bar_x, width, count_x))
    return Chart(bars, total, len(rows) * ROW, "rtl" if right_to_left else "ltr")
