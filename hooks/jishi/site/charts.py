"""Geometry of the figures chart, computed at build time for an inline SVG.

The campaign's numbers have units that cannot be compared (297 篇, 141 件,
1.7 万名), so figures are grouped by unit. Within a group of two or more,
bars share one scale that starts at zero; a figure alone in its unit is drawn
as a number with no bar, since a bar with nothing to compare to would only
suggest a size it does not have. The template draws; this module measures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ChartRow", "ChartGroup", "figure_chart", "BAR_MAX", "ROW_HEIGHT"]

BAR_MAX = 220  # width in SVG units of the largest bar of a group
ROW_HEIGHT = 46  # one label line plus one bar


@dataclass(frozen=True)
class ChartRow:
    """One figure: its label, its text as printed, and its bar."""

    label: str
    text: str
    value: float
    width: float  # bar width in SVG units, proportional within the group
    y: int  # top of the row


@dataclass
class ChartGroup:
    """Figures sharing a unit, drawn on one scale."""

    unit: str
    rows: list = field(default_factory=list)

    @property
    def single(self) -> bool:
        return len(self.rows) == 1

    @property
    def height(self) -> int:
        return ROW_HEIGHT * len(self.rows) + 6


def figure_chart(items: list[dict], fmt) -> list[ChartGroup]:
    """Group figure items by unit (first appearance order) and size their bars.

    fmt turns an item into its printed text (e.g. 230余篇).
    """
    groups: dict[str, ChartGroup] = {}
    for item in items:
        groups.setdefault(item["unit"], ChartGroup(item["unit"])).rows.append(item)
    for group in groups.values():
        items_ = group.rows
        top = max(float(i["value"]) for i in items_) or 1.0
        group.rows = [
            ChartRow(i["label"], fmt(i), float(i["value"]),
                     round(BAR_MAX * float(i["value"]) / top, 1), n * ROW_HEIGHT)
            for n, i in enumerate(items_)
        ]
    return list(groups.values())
