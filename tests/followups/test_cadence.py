"""The cadence engine (pure) with hand-worked expectations."""

import datetime as dt

import pytest

from linli.followups import cadence

RULES = cadence.default_rules()


def chosen(categories, risk=""):
    return {
        k: (c.rule_code, c.days)
        for k, c in cadence.cadences_for(RULES, set(categories), risk).items()
    }


def test_default_rules_of_the_issue():
    assert chosen(["aged80"]) == {"call": ("monthly_call", 30)}
    assert chosen(["dibao"]) == {"call": ("monthly_call", 30)}
    assert chosen(["tekun"]) == {"call": ("monthly_call", 30)}
    assert chosen(["empty_nest"]) == {"call": ("alone_fortnightly_call", 14)}
    assert chosen(["lost_only_child"]) == {"call": ("alone_fortnightly_call", 14)}
    assert chosen(["disabled"]) == {"visit": ("quarterly_visit", 91)}
    assert chosen([]) == {}


def test_most_frequent_rule_wins_and_visits_are_separate():
    # Living alone: fortnightly calls and a quarterly visit; aged 80+ alone: still fortnightly.
    assert chosen(["alone", "empty_nest", "aged80"]) == {
        "call": ("alone_fortnightly_call", 14),
        "visit": ("quarterly_visit", 91),
    }
    assert chosen(["aged80"], risk="high") == {"call": ("high_risk_weekly_call", 7)}
    assert chosen(["aged80"], risk="medium") == {"call": ("monthly_call", 30)}


def test_label_shows_the_rule():
    result = cadence.cadences_for(RULES, {"aged80"}, "")
    assert result["call"].every_label == "monthly call"
    assert result["call"].rule_label == "aged 80+, minimum allowance, extreme hardship"


def test_next_due_from_last_reached():
    day = dt.date(2026, 11, 23)
    kwargs = {"days": 30, "today": day, "migratory": False, "months_present": []}
    assert cadence.next_due(last_reached=None, **kwargs) == day
    assert cadence.next_due(last_reached=dt.date(2026, 11, 1), **kwargs) == dt.date(2026, 12, 1)


def test_migratory_elders_are_due_only_when_present():
    # Present November to April: a call falling due on 10 May waits for 1 November.
    winter = [11, 12, 1, 2, 3, 4]
    due = cadence.next_due(
        last_reached=dt.date(2026, 4, 10),
        days=30,
        today=dt.date(2026, 4, 10),
        migratory=True,
        months_present=winter,
    )
    assert due == dt.date(2026, 11, 1)
    # In December the next due date stays in December; across the new year it wraps.
    assert cadence.first_present_day(
        dt.date(2026, 12, 5), migratory=True, months_present=winter
    ) == dt.date(2026, 12, 5)
    assert cadence.first_present_day(
        dt.date(2026, 6, 5), migratory=True, months_present=[1]
    ) == dt.date(2027, 1, 1)
    # Not migratory, or months unknown: always present.
    assert cadence.present_on(dt.date(2026, 7, 1), migratory=True, months_present=[])


@pytest.mark.parametrize(
    "bad",
    [
        [{"code": "x", "kind": "call", "every": "yearly", "categories": ["dibao"]}],
        [{"code": "x", "kind": "phone", "every": "week", "categories": ["dibao"]}],
        [{"code": "x", "kind": "call", "every": "week", "categories": ["rich"]}],
        [{"code": "x", "kind": "call", "every": "week"}],
        [
            {"code": "x", "kind": "call", "every": "week", "risk": ["high"]},
            {"code": "x", "kind": "call", "every": "month", "risk": ["low"]},
        ],
    ],
)
def test_bad_rules_are_refused(bad):
    with pytest.raises(cadence.RuleError):
        cadence.parse_rules(bad)


def test_a_migratory_elder_who_left_while_overdue_is_due_when_back():
    # Present November to April; last reached 1 March, so due 31 March, not met; on 10 May
    # they are away: due on 1 November, not overdue all summer.
    winter = [11, 12, 1, 2, 3, 4]
    due = cadence.next_due(last_reached=dt.date(2026, 3, 1), days=30, today=dt.date(2026, 5, 10),
                           migratory=True, months_present=winter)  # fmt: skip
    assert due == dt.date(2026, 11, 1)
    # While they are here an overdue date stays in the past.
    due = cadence.next_due(last_reached=dt.date(2026, 1, 1), days=30, today=dt.date(2026, 3, 10),
                           migratory=True, months_present=winter)  # fmt: skip
    assert due == dt.date(2026, 1, 31)
