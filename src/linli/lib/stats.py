"""Pure statistics for before-and-after measures (no Django).

`paired_outcome` chooses a paired test by a stated rule and names it: the Wilcoxon signed-rank
test when there are fewer than 10 pairs or the Shapiro–Wilk test says the differences are not
normal (p < 0.05), the paired t-test otherwise; fewer than 3 pairs, or no change at all, gives
no test. The reason for the choice is returned as a code (the caller words it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats as sp

T_TEST = "paired t-test"
WILCOXON = "Wilcoxon signed-rank"
MIN_PAIRS = 3  # Shapiro–Wilk and any test need at least three pairs
SMALL = 10  # below this many pairs, normality cannot be judged well: Wilcoxon
ALPHA = 0.05

# Why a test was (or was not) chosen.
TOO_FEW = "too_few_pairs"
NO_CHANGE = "no_change"
SMALL_SAMPLE = "small_sample"
NOT_NORMAL = "not_normal"
NORMAL = "normal"


@dataclass(frozen=True)
class PairedResult:
    n: int
    mean_pre: float | None
    mean_post: float | None
    mean_change: float | None  # post − pre
    sd_change: float | None  # sample sd (n − 1) of the changes
    improvement: float | None  # the mean change signed so that positive is better
    improved: int  # members whose change is for the better
    worse: int
    same: int
    test: str  # T_TEST, WILCOXON or "" (no test)
    statistic: float | None  # t, or W (the smaller signed-rank sum)
    p_value: float | None  # two-sided
    effect_size: float | None
    effect_name: str  # "Cohen's d_z" or "r" or ""
    reason: str  # TOO_FEW, NO_CHANGE, SMALL_SAMPLE, NOT_NORMAL, NORMAL
    shapiro_p: float | None = None

    @property
    def tested(self) -> bool:
        return bool(self.test)

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < ALPHA


def _sign(change: float, higher_is: str) -> int:
    """+1 for a change for the better, −1 for the worse, 0 for none (or no direction)."""
    if change == 0 or higher_is not in ("better", "worse"):
        return 0
    up = 1 if change > 0 else -1
    return up if higher_is == "better" else -up


def paired_outcome(pre: list[float], post: list[float], *, higher_is: str) -> PairedResult:
    """The group result of paired measures: means, the change, a chosen test and effect size."""
    if len(pre) != len(post):
        raise ValueError("pre and post must have the same length")
    n = len(pre)
    changes = [b - a for a, b in zip(pre, post, strict=True)]
    signs = [_sign(c, higher_is) for c in changes]
    base = {
        "n": n,
        "mean_pre": sum(pre) / n if n else None,
        "mean_post": sum(post) / n if n else None,
        "mean_change": sum(changes) / n if n else None,
        "sd_change": _sd(changes),
        "improved": signs.count(1),
        "worse": signs.count(-1),
        "same": signs.count(0),
    }
    mean = base["mean_change"]
    base["improvement"] = None if mean is None else (-mean if higher_is == "worse" else mean)
    if n < MIN_PAIRS:
        return _untested(base, TOO_FEW)
    if all(c == 0 for c in changes):
        return _untested(base, NO_CHANGE)
    if n < SMALL:
        return _wilcoxon(base, changes, SMALL_SAMPLE, None)
    shapiro_p = _shapiro_p(changes)
    if shapiro_p < ALPHA:
        return _wilcoxon(base, changes, NOT_NORMAL, shapiro_p)
    return _t_test(base, changes, shapiro_p)


def _sd(values: list[float]) -> float | None:
    n = len(values)
    if n < 2:
        return None
    mean = sum(values) / n
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))


def _shapiro_p(changes: list[float]) -> float:
    if len(set(changes)) == 1:  # constant differences: Shapiro is undefined; not normal
        return 0.0
    return float(sp.shapiro(changes).pvalue)


def _untested(base: dict, reason: str) -> PairedResult:
    return PairedResult(
        **base,
        test="",
        statistic=None,
        p_value=None,
        effect_size=None,
        effect_name="",
        reason=reason,
    )


def _t_test(base: dict, changes: list[float], shapiro_p: float) -> PairedResult:
    n, mean, sd = len(changes), base["mean_change"], base["sd_change"]
    t = mean / (sd / math.sqrt(n))
    p = 2 * float(sp.t.sf(abs(t), df=n - 1))
    return PairedResult(
        **base,
        test=T_TEST,
        statistic=t,
        p_value=p,
        effect_size=mean / sd,
        effect_name="Cohen's d_z",
        reason=NORMAL,
        shapiro_p=shapiro_p,
    )


def _wilcoxon(base: dict, changes: list[float], reason: str, shapiro_p) -> PairedResult:
    # Zero changes are dropped (Wilcoxon's own rule); W and p as scipy gives them (exact when
    # it can), r from its normal approximation z over the pairs that count.
    result = sp.wilcoxon(changes)
    z = float(sp.wilcoxon(changes, method="approx").zstatistic)
    counted = sum(1 for c in changes if c != 0)
    return PairedResult(
        **base,
        test=WILCOXON,
        statistic=float(result.statistic),
        p_value=float(result.pvalue),
        effect_size=abs(z) / math.sqrt(counted),
        effect_name="r",
        reason=reason,
        shapiro_p=shapiro_p,
    )
