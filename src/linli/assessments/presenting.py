"""What the pages show of assessments: an elder's panel, trends, answers and risk reasons."""

from __future__ import annotations

from django.utils.translation import gettext as _

from linli.lib.language import is_chinese
from linli.stations.roles import role_has

from .engine import Instrument, Item
from .models import Assessment
from .selectors import assessments_of, definition_of, instruments_for, latest_by_instrument

PANEL_ROWS = 200
TREND_POINTS = 8
SPARK_W, SPARK_H = 96, 28


def risk_view(elder) -> dict:
    """The elder's level and its reasons in the active language."""
    key = "zh" if is_chinese() else "en"
    return {
        "level": elder.risk_level,
        "label": elder.get_risk_level_display() if elder.risk_level else "",
        "reasons": [
            {"text": r["text"].get(key, ""), "points": r["points"]}
            for r in (elder.risk_reasons or [])
        ],
        "updated_at": elder.risk_updated_at,
    }


def sparkline(values: list[int], span: tuple[int, int]) -> str:
    """SVG polyline points for a small trend chart, oldest first, scaled to the full range."""
    low, high = span
    if not values or high <= low:
        return ""
    step = SPARK_W / max(len(values) - 1, 1)
    points = []
    for i, value in enumerate(values):
        y = SPARK_H - 2 - (value - low) / (high - low) * (SPARK_H - 4)
        points.append(f"{i * step:.1f},{y:.1f}")
    return " ".join(points)


def instrument_summary(instrument: Instrument, rows: list[Assessment]) -> dict:
    """The latest complete assessment of one instrument and its trend."""
    latest = rows[0]
    trend = [r.total for r in reversed(rows[:TREND_POINTS]) if r.total is not None]
    band = next((b for b in instrument.bands if b.code == latest.band), None)
    previous = rows[1] if len(rows) > 1 else None
    return {
        "instrument": instrument,
        "latest": latest,
        "band": band,
        "count": len(rows),
        "trend": trend,
        "points": sparkline(trend, instrument.total_range or (0, 0)) if len(trend) > 1 else "",
        "change": latest.total - previous.total
        if previous and previous.total is not None and latest.total is not None
        else None,
        "higher_is": instrument.higher_is,
    }


def elder_panel(elder, *, actor, role) -> dict:
    """The assessments panel of an elder's page (three queries)."""
    can_assess = role_has(role, "edit_elders")
    if not can_assess:
        return {"visible": False}
    rows = list(assessments_of(actor=actor, elder=elder)[:PANEL_ROWS])
    available = instruments_for(elder.station)
    summaries = []
    for code, group in latest_by_instrument(rows).items():
        instrument = available.get(code) or definition_of(group[0])
        if instrument is not None and instrument.scored:
            summaries.append(instrument_summary(instrument, group))
    summaries.sort(key=lambda s: s["latest"].assessed_on, reverse=True)
    return {
        "visible": True,
        "summaries": summaries,
        "drafts": [r for r in rows if r.status == Assessment.Status.DRAFT],
        "instruments": sorted(available.values(), key=lambda i: (i.kind != "scale", i.code)),
        "risk": risk_view(elder),
        "can_assess": can_assess,
    }


def answer_label(item: Item, value) -> str:
    if value is None or value == "":
        return "—"
    if item.type == "choice":
        option = item.option(value)
        return str(option.label) if option else str(value)
    if item.type == "multi":
        labels = [str(o.label) for v in value for o in item.options if o.value == v]
        return "、".join(labels) if labels else _("none")
    if item.type == "bool":
        return _("yes") if value else _("no")
    return str(value)


def answer_rows(instrument: Instrument, assessment: Assessment) -> list[dict]:
    """Every item with the answer given and the score it earned, grouped by section."""
    scores = (assessment.result or {}).get("item_scores", {})
    rows = []
    for item in instrument.items:
        value = None if item.type == "sum" else assessment.answers.get(item.key)
        rows.append(
            {
                "item": item,
                "section": instrument.sections.get(item.section) if item.section else None,
                "answer": answer_label(item, value) if item.type != "sum" else "",
                "score": scores.get(item.key),
            }
        )
    return rows


def result_view(instrument: Instrument, assessment: Assessment) -> dict:
    """Total, sub-scales, band and adjustment of a complete assessment, labelled."""
    if not assessment.complete:
        return {}
    result = assessment.result or {}
    bands = {b.code: b for b in instrument.bands}
    flags = {f"{s.key}_low": s for s in instrument.subscales}
    adjustment = result.get("adjustment")
    return {
        "total": assessment.total,
        "range": instrument.total_range,
        "band": bands.get(assessment.band),
        "preliminary": bands.get(result.get("preliminary_band", "")),
        "adjusted": bool(adjustment),
        "adjustment_reasons": _adjustment_reasons(instrument, assessment) if adjustment else [],
        "subscales": [
            {"label": s.label, "value": assessment.subscales.get(s.key), "items": s.items}
            for s in instrument.subscales
        ],
        "flags": [
            flags[f].flag_label or flags[f].label for f in result.get("flags", []) if f in flags
        ],
    }


def _adjustment_reasons(instrument: Instrument, assessment: Assessment) -> list[str]:
    """The adjustment's reasons, re-labelled in the active language from the answers."""
    code = assessment.result["adjustment"].get("code")
    rule = next((a for a in instrument.adjustments if a.code == code), None)
    if rule is None:
        return assessment.result["adjustment"].get("reasons", [])
    return [str(c.label) for c in rule.when_any if c.holds(assessment.answers)]
