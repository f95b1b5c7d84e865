"""The plain-language sentence: it names the change, the test and p, says when a group is too
small to generalise, and never claims proof or cause."""

from __future__ import annotations

import re

from linli.groupwork.wording import plain_sentence
from linli.lib.stats import paired_outcome

NO_CLAIM = re.compile(r"\bprove|\bcaused\b(?! it\.)|\bbecause of the group")


def test_significant_large_group():
    pre = [20, 22, 19, 25, 30, 18, 21, 24, 27, 23]
    post = [a + d for a, d in zip(pre, [2, 3, 1, 4, 2, 5, 3, 0, 6, 4], strict=True)]
    text = plain_sentence(paired_outcome(pre, post, higher_is="better"), "SSRS", "better")
    assert "improved on average by 3.0 points (from 22.9 to 25.9)" in text
    assert "is statistically significant (paired t-test, p < 0.001" in text
    assert "Cohen's d_z = 1.64" in text
    assert "too small" not in text and not NO_CLAIM.search(text)


def test_small_group_does_not_generalise():
    result = paired_outcome([7, 6, 8], [5, 5, 7], higher_is="worse")
    text = plain_sentence(result, "UCLA-3", "worse")
    assert "improved on average by 1.3 points (from 7.0 to 5.7)" in text
    assert "not statistically significant (Wilcoxon signed-rank test" in text
    assert "too small to generalise" in text and not NO_CLAIM.search(text)


def test_worse_too_few_and_nothing():
    worse = plain_sentence(
        paired_outcome([20, 22, 24], [18, 20, 21], higher_is="better"), "SSRS", "better"
    )
    assert "worsened on average by 2.3 points" in worse
    few = plain_sentence(paired_outcome([10, 12], [14, 15], higher_is="better"), "SSRS", "better")
    assert "Fewer than 3 members" in few
    same = plain_sentence(
        paired_outcome([5, 6, 7], [5, 6, 7], higher_is="worse"), "UCLA-3", "worse"
    )
    assert "did not change" in same and "nothing to test" in same
    assert plain_sentence(None, "SSRS", "better").startswith("No member has both")
