"""The paired statistics against results worked out by hand (the numbers in the comments), not
copied from the function's output."""

from __future__ import annotations

import math

import pytest
from scipy import stats as sp

from linli.lib import stats

# Ten pairs; changes d = 2 3 1 4 2 5 3 0 6 4 (sum 30).
PRE = [20, 22, 19, 25, 30, 18, 21, 24, 27, 23]
CHANGES = [2, 3, 1, 4, 2, 5, 3, 0, 6, 4]
POST = [a + d for a, d in zip(PRE, CHANGES, strict=True)]


def test_paired_t_test_by_hand():
    result = stats.paired_outcome(PRE, POST, higher_is="better")
    # mean d = 30 / 10 = 3; deviations −1 0 −2 1 −1 2 0 −3 3 1, squares sum to 30,
    # so var = 30 / 9 = 10/3, sd = √(10/3); t = 3 / (sd / √10) = 3 / √(1/3) = 3√3 = 5.196;
    # d_z = 3 / √(10/3) = 1.643; p = 2 · P(T₉ > 3√3).
    assert result.test == stats.T_TEST and result.reason == stats.NORMAL
    assert result.n == 10
    assert result.mean_pre == pytest.approx(229 / 10)
    assert result.mean_post == pytest.approx(259 / 10)
    assert result.mean_change == pytest.approx(3.0)
    assert result.sd_change == pytest.approx(math.sqrt(10 / 3))
    assert result.statistic == pytest.approx(3 * math.sqrt(3))
    assert result.effect_name == "Cohen's d_z"
    assert result.effect_size == pytest.approx(3 / math.sqrt(10 / 3))
    assert result.p_value == pytest.approx(2 * sp.t.sf(3 * math.sqrt(3), 9))
    assert result.p_value < 0.001 and result.significant
    assert result.shapiro_p >= 0.05  # the differences look normal, so the t-test is kept
    # one member did not change (d = 0); nine improved
    assert (result.improved, result.worse, result.same) == (9, 0, 1)
    assert result.improvement == pytest.approx(3.0)


def test_wilcoxon_small_group_by_hand():
    # Six pairs (fewer than 10): Wilcoxon. d = 3 −1 4 2 6 5 → |d| ranks 3 1 4 2 6 5;
    # W+ = 3+4+2+6+5 = 20, W− = 1, W = 1. Exact two-sided p: subsets of {1..6} with rank sum
    # ≤ 1 are {} and {1}: 2 of 64, p = 2 · 2/64 = 0.0625.
    # Normal approximation: mean 6·7/4 = 10.5, var 6·7·13/24 = 22.75, z = −9.5/√22.75;
    # r = |z| / √6.
    pre = [10, 12, 9, 11, 8, 10]
    d = [3, -1, 4, 2, 6, 5]
    post = [a + x for a, x in zip(pre, d, strict=True)]
    result = stats.paired_outcome(pre, post, higher_is="better")
    assert result.test == stats.WILCOXON and result.reason == stats.SMALL_SAMPLE
    assert result.statistic == pytest.approx(1.0)
    assert result.p_value == pytest.approx(0.0625)
    assert result.effect_name == "r"
    assert result.effect_size == pytest.approx((9.5 / math.sqrt(22.75)) / math.sqrt(6))
    assert result.mean_change == pytest.approx(19 / 6)
    assert not result.significant
    assert (result.improved, result.worse) == (5, 1)


def test_higher_is_worse_turns_the_improvement_around():
    # Loneliness (higher is worse) falling by 2, 1, 1 is an improvement of 4/3 on average.
    result = stats.paired_outcome([7, 6, 8], [5, 5, 7], higher_is="worse")
    assert result.mean_change == pytest.approx(-4 / 3)
    assert result.improvement == pytest.approx(4 / 3)
    assert (result.improved, result.worse, result.same) == (3, 0, 0)
    # |d| = 2 1 1 → ranks 3, 1.5, 1.5; all negative: W+ = 0, so W = 0.
    assert result.test == stats.WILCOXON and result.statistic == 0


def test_shapiro_fallback_to_wilcoxon():
    # Twelve pairs, eleven changes of 1 and one of 20: far from normal, so Wilcoxon although
    # n ≥ 10. Every change is positive: W− = 0, so W = 0.
    changes = [1, 1, 1, 2, 1, 2, 1, 1, 2, 1, 1, 20]
    pre = [10] * 12
    post = [10 + d for d in changes]
    result = stats.paired_outcome(pre, post, higher_is="better")
    assert sp.shapiro(changes).pvalue < 0.05  # the rule's premise, checked independently
    assert result.test == stats.WILCOXON and result.reason == stats.NOT_NORMAL
    assert result.statistic == 0
    assert result.shapiro_p == pytest.approx(sp.shapiro(changes).pvalue)
    assert result.significant


def test_too_few_pairs_and_no_change_give_no_test():
    two = stats.paired_outcome([10, 12], [14, 15], higher_is="better")
    assert not two.tested and two.reason == stats.TOO_FEW and two.p_value is None
    assert two.mean_change == pytest.approx(3.5) and two.sd_change == pytest.approx(math.sqrt(0.5))
    same = stats.paired_outcome([10, 12, 9, 7], [10, 12, 9, 7], higher_is="better")
    assert not same.tested and same.reason == stats.NO_CHANGE and same.same == 4
    empty = stats.paired_outcome([], [], higher_is="better")
    assert empty.n == 0 and empty.mean_change is None and not empty.tested


def test_lengths_must_match():
    with pytest.raises(ValueError):
        stats.paired_outcome([1, 2, 3], [1, 2], higher_is="better")
