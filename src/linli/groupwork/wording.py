"""The group result in words that do not over-claim: a change among these members, whether it is
statistically significant, how large, and never that the group proved or caused it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from linli.lib import stats
from linli.lib.stats import PairedResult


def test_label(result: PairedResult) -> str:
    return {stats.T_TEST: _("paired t-test"), stats.WILCOXON: _("Wilcoxon signed-rank test")}.get(
        result.test, ""
    )


def effect_label(result: PairedResult) -> str:
    return {"Cohen's d_z": _("Cohen's d_z"), "r": _("r")}.get(result.effect_name, "")


def p_text(p: float | None) -> str:
    if p is None:
        return ""
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def reason_text(result: PairedResult) -> str:
    """Why this test (or none) was chosen."""
    return {
        stats.TOO_FEW: _("Fewer than 3 members have both measures, so no test is made."),
        stats.NO_CHANGE: _("No member's score changed, so there is nothing to test."),
        stats.SMALL_SAMPLE: _(
            "With fewer than 10 pairs normality cannot be judged, so the Wilcoxon signed-rank "
            "test is used."
        ),
        stats.NOT_NORMAL: _(
            "The changes are not normally distributed (Shapiro–Wilk p < 0.05), so the Wilcoxon "
            "signed-rank test is used."
        ),
        stats.NORMAL: _(
            "With 10 or more pairs and normally distributed changes (Shapiro–Wilk p ≥ 0.05), the "
            "paired t-test is used."
        ),
    }[result.reason]


def _points(value: float) -> str:
    return f"{abs(value):.1f}"


def plain_sentence(result: PairedResult | None, instrument_name: str, higher_is: str) -> str:
    """One paragraph for the group's page and its reports."""
    if result is None or result.n == 0:
        return _("No member has both a before and an after measure yet.")
    values = {
        "instrument": instrument_name,
        "n": result.n,
        "pre": f"{result.mean_pre:.1f}",
        "post": f"{result.mean_post:.1f}",
        "points": _points(result.improvement or 0),
        "test": test_label(result),
        "p": p_text(result.p_value),
        "effect": effect_label(result),
        "size": f"{result.effect_size:.2f}" if result.effect_size is not None else "",
    }
    parts = [_change_sentence(result, values)]
    if result.tested:
        if result.significant:
            parts.append(
                _(
                    "With %(n)s members this change is statistically significant "
                    "(%(test)s, %(p)s; effect size %(effect)s = %(size)s)."
                )
                % values
            )
        else:
            parts.append(
                _(
                    "With %(n)s members this change is not statistically significant "
                    "(%(test)s, %(p)s; effect size %(effect)s = %(size)s); it may be "
                    "chance."
                )
                % values
            )
    else:
        parts.append(reason_text(result))
    if result.n < stats.SMALL:
        parts.append(
            _("The group is too small to generalise from: the result describes these members only.")
        )
    parts.append(
        _(
            "A comparison of before and after without a comparison group shows a change, "
            "not what caused it."
        )
    )
    return " ".join(parts)


def _change_sentence(result: PairedResult, values: dict) -> str:
    if not result.improvement:
        return (
            _(
                "On %(instrument)s the members' average did not change (%(pre)s before, "
                "%(post)s after)."
            )
            % values
        )
    if result.improvement > 0:
        return (
            _(
                "On %(instrument)s the members improved on average by %(points)s points (from "
                "%(pre)s to %(post)s)."
            )
            % values
        )
    return (
        _(
            "On %(instrument)s the members' scores worsened on average by %(points)s points "
            "(from %(pre)s to %(post)s)."
        )
        % values
    )
