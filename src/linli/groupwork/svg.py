"""A slope chart of each member's score before and after, laid out on the server so the page
needs no script; the template draws it as SVG, and the table beside it holds the same numbers."""

from __future__ import annotations

WIDTH, HEIGHT = 320, 240
LEFT, RIGHT, TOP, BOTTOM = 70, 250, 20, 210


def _y(value: float, low: float, high: float) -> float:
    span = (high - low) or 1
    return round(BOTTOM - (value - low) / span * (BOTTOM - TOP), 1)


def slope_chart(rows, instrument) -> dict | None:
    """Lines from each paired member's pre to post score, classed better, worse or same."""
    if not rows or instrument is None:
        return None
    low, high = instrument.total_range
    higher_is = instrument.higher_is
    lines = []
    for row in rows:
        change = row.change
        better = change > 0 if higher_is == "better" else change < 0
        kind = "same" if change == 0 else ("better" if better else "worse")
        lines.append(
            {
                "x1": LEFT,
                "y1": _y(row.pre, low, high),
                "x2": RIGHT,
                "y2": _y(row.post, low, high),
                "kind": kind,
                "name": row.name,
                "pre": row.pre,
                "post": row.post,
            }
        )
    ticks = [{"value": v, "y": _y(v, low, high)} for v in _ticks(low, high)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": RIGHT,
        "top": TOP,
        "bottom": BOTTOM,
        "lines": lines,
        "ticks": ticks,
    }


def _ticks(low: int, high: int) -> list[int]:
    step = max(1, round((high - low) / 4))
    values = list(range(low, high + 1, step))
    if values[-1] != high:
        values.append(high)
    return values
