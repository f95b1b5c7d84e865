"""Survey analysis: chi-square against hand-computed tables, frequencies, the needs ranking,
cross-tables, and the reads (latest answers per elder, in a fixed number of queries)."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from linli.assessments import analysis, definitions, services
from linli.assessments.analysis import Respondent, chi_square, expected_counts
from tests.conftest import add_elder

NEEDS = definitions.builtin()["needs"]
NEED_KEYS = ("medical", "companionship", "daily_care", "recreation", "legal", "home_safety",
             "financial")  # fmt: skip


def needs(**chosen) -> dict:
    """Needs checklist answers: "none" for every need not named."""
    return {key: chosen.get(key, "none") for key in NEED_KEYS}


def person(answers: dict, **facts) -> Respondent:
    facts.setdefault("assessed_on", dt.date(2026, 6, 1))
    return Respondent(answers=answers, **facts)


# --- chi-square --------------------------------------------------------------------------------
def test_expected_counts_are_row_total_times_column_total_over_the_grand_total():
    assert expected_counts([[20, 10], [10, 20]]) == [[15.0, 15.0], [15.0, 15.0]]
    assert expected_counts([[10, 20, 30], [20, 20, 20]]) == [[15.0, 20.0, 25.0]] * 2


def test_chi_square_of_a_2x2_table_with_yates_correction():
    # Worked by hand: N = 60, every margin 30, so every expected count is 30 × 30 / 60 = 15.
    # Yates: Σ (|O − E| − 0.5)² / E = 4 × (5 − 0.5)² / 15 = 4 × 20.25 / 15 = 5.4;
    # df = (2−1)(2−1) = 1.
    # p = P(χ²₁ > 5.4) = 2 × (1 − Φ(√5.4)) = 2 × (1 − Φ(2.3238)) = 2 × (1 − 0.98993) = 0.0201
    # (Φ from the normal table: Φ(2.32) = 0.98983, Φ(2.33) = 0.99010, interpolated).
    test = chi_square([[20, 10], [10, 20]])
    assert test.applicable and test.corrected
    assert test.statistic == pytest.approx(5.4)
    assert test.df == 1
    assert test.p == pytest.approx(0.0201, abs=1e-4)
    assert test.p_text == "= 0.020" and test.significant


def test_chi_square_of_a_2x3_table_without_correction():
    # By hand: N = 120, rows 60 / 60, columns 30 / 40 / 50: expected 15, 20, 25 in each row.
    # χ² = 2 × [(10−15)²/15 + (20−20)²/20 + (30−25)²/25] = 2 × (25/15 + 0 + 1) = 16/3 = 5.3333;
    # df = (2−1)(3−1) = 2, and for df = 2 the tail is exactly p = e^(−χ²/2) = e^(−8/3) = 0.06948.
    test = chi_square([[10, 20, 30], [20, 20, 20]])
    assert test.applicable and not test.corrected
    assert test.statistic == pytest.approx(16 / 3)
    assert test.df == 2
    assert test.p == pytest.approx(0.06948, abs=1e-5)
    assert test.p == pytest.approx(math.exp(-8 / 3))
    assert test.p_text == "= 0.069" and not test.significant


def test_empty_rows_and_columns_are_left_out_of_the_test():
    test = chi_square([[20, 10, 0], [0, 0, 0], [10, 20, 0]])
    assert test.applicable and test.corrected and test.df == 1
    assert test.statistic == pytest.approx(5.4)


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ([[5, 7], [0, 0]], "Only one group has answers"),
        ([[12]], "Only one group has answers"),
        ([], "Only one group has answers"),
        ([[5, 0], [7, 0]], "Everyone gave the same answer"),
        # Column totals 1 and 40: expected 10 × 1 / 41 = 0.24 in the first cell.
        ([[0, 10], [1, 30]], "an expected count is 0.24, and none may be below 1"),
        # Rows 10 / 20, columns 11 / 19, N = 30: expected 3.67 in the first cell, 1 of 4 = 25%.
        ([[3, 7], [8, 12]], "1 of 4 expected counts are below 5"),
        # Last column 6 of 100: expected 3 in both of its cells, 2 of 8 = 25%.
        ([[10, 10, 27, 3], [10, 10, 27, 3]], "2 of 8 expected counts are below 5"),
    ],
)
def test_tables_that_do_not_allow_a_chi_square_test(table, words):
    test = chi_square(table)
    assert not test.applicable
    assert test.statistic is None and test.p is None and test.p_text == ""
    assert words in test.reason


def test_at_most_a_fifth_of_expected_counts_below_5_is_allowed():
    # Last column 6 of 100 in a 2×5 table: 2 of 10 expected counts are 3 (exactly 20%).
    test = chi_square([[10, 10, 10, 17, 3], [10, 10, 10, 17, 3]])
    assert test.applicable and test.df == 4 and not test.corrected
    assert test.statistic == pytest.approx(0.0) and test.p == pytest.approx(1.0)


# --- frequencies and the ranking ---------------------------------------------------------------
MIXED = definitions.parse({
    "code": "mixed", "version": 1, "name": "Mixed",
    "items": [
        {"key": "mood", "text": "Mood", "options": [
            {"value": 1, "label": "good"}, {"value": 2, "label": "bad"}]},
        {"key": "help", "type": "multi", "text": "Help from", "options": [
            {"value": "family", "label": "family"}, {"value": "friends", "label": "friends"}]},
        {"key": "alone", "type": "bool", "text": "Lives alone", "required": False},
        {"key": "lonely", "type": "bool", "need": True, "text": "Lonely", "required": False},
        {"key": "age", "type": "number", "min": 0, "max": 120, "text": "Age"},
        {"key": "remark", "type": "text", "text": "Remark"},
    ],
})  # fmt: skip


def test_frequencies_count_each_answer_of_choice_multi_and_yes_no_items():
    people = [
        person({"mood": 1, "help": ["family", "friends"], "alone": True}),
        person({"mood": 1, "help": ["family"], "alone": False}),
        person({"mood": 2, "help": []}),
        person({"mood": True, "help": "family"}),  # not valid answers: not counted
    ]
    found = {f.key: f for f in analysis.frequencies(MIXED, people)}
    assert list(found) == ["mood", "help", "alone", "lonely"]  # no number or text items
    mood = found["mood"]
    assert (mood.answered, mood.missing) == (3, 1)
    assert [(t.label, t.count, t.share) for t in mood.tallies] == [("good", 2, 66.7),
                                                                   ("bad", 1, 33.3)]  # fmt: skip
    help_ = found["help"]
    assert help_.answered == 3
    assert [(t.count, t.share) for t in help_.tallies] == [(2, 66.7), (1, 33.3)]
    alone = found["alone"]
    assert alone.answered == 2
    assert [(t.label, t.count) for t in alone.tallies] == [("yes", 1), ("no", 1)]
    assert found["lonely"].answered == 0 and found["lonely"].tallies[0].share is None


def test_needs_ranking_shares_and_urgency_split():
    people = [
        person(needs(medical="high", companionship="low", legal="low")),
        person(needs(medical="medium", companionship="low")),
        person(needs(medical="low", daily_care="high")),
        person(needs(daily_care="high")),
    ]
    ranking = analysis.needs_ranking(NEEDS, people)
    assert [n.key for n in ranking] == ["medical", "daily_care", "companionship", "legal",
                                        "recreation", "home_safety", "financial"]  # fmt: skip
    medical = ranking[0]
    assert (medical.answered, medical.reporting, medical.share) == (4, 3, 75.0)
    assert medical.level_keys == ["low", "medium", "high"]
    assert [(t.count, t.share) for t in medical.levels] == [(1, 25.0), (1, 25.0), (1, 25.0)]
    # daily care and companionship are both reported by half: the more urgent one ranks first.
    assert [(n.reporting, n.levels[-1].count) for n in ranking[1:3]] == [(2, 2), (2, 0)]
    assert ranking[-1].share == 0.0


def test_a_yes_no_need_is_reported_when_yes():
    ranking = analysis.needs_ranking(MIXED, [person({"lonely": True}), person({"lonely": False}),
                                            person({})])  # fmt: skip
    assert [(n.key, n.answered, n.reporting, n.share, n.levels) for n in ranking] == [
        ("lonely", 2, 1, 50.0, [])
    ]


# --- cross-tables ------------------------------------------------------------------------------
def test_crosstab_by_age_band_on_the_assessment_date():
    day = dt.date(2026, 6, 1)
    people = [
        person(needs(medical="high"), birth_date=dt.date(1956, 6, 1), assessed_on=day),  # 70
        person(needs(medical="low"), birth_date=dt.date(1956, 6, 2), assessed_on=day),  # 69
        person(needs(), birth_date=dt.date(1956, 6, 2), assessed_on=dt.date(2026, 6, 2)),  # 70
        person(needs(), birth_date=dt.date(1936, 6, 1), assessed_on=day),  # 90
        person(needs(medical="low"), birth_date=dt.date(1970, 1, 1), assessed_on=day),  # 56
        person(needs(medical="low")),  # no birth date
    ]
    variable = analysis.variables_for(NEEDS)[0]
    assert variable.key == "medical" and variable.columns == ("reports a need", "no need")
    table = analysis.crosstab(variable, "age_band", people)
    assert [(r.label, r.counts, r.tested) for r in table.rows] == [
        ("under 60", [1, 0], True),
        ("60–69", [1, 0], True),
        ("70–79", [1, 1], True),
        ("90+", [0, 1], True),
        ("Not recorded", [1, 0], False),
    ]
    assert table.total.counts == [4, 2] and table.total.n == 6
    assert [(c.count, c.share) for c in table.rows[2].cells] == [(1, 50.0), (1, 50.0)]
    assert not table.test.applicable  # tiny numbers
    assert "not recorded are left out of the test" in table.note


def test_crosstab_by_sex_with_a_test_and_by_category_without():
    people = (
        [person(needs(medical="low"), sex="F", categories=frozenset({"alone", "dibao"}))] * 20
        + [person(needs(), sex="F", categories=frozenset({"alone"}))] * 10
        + [person(needs(medical="high"), sex="M")] * 10
        + [person(needs(), sex="M", categories=frozenset({"dibao"}))] * 20
    )
    variable = analysis.variables_for(NEEDS)[0]
    by_sex = analysis.crosstab(variable, "sex", people)
    assert [(r.label, r.counts) for r in by_sex.rows] == [("male", [10, 20]),
                                                          ("female", [20, 10])]  # fmt: skip
    assert by_sex.test.applicable and by_sex.test.statistic == pytest.approx(5.4)
    assert by_sex.note == ""
    by_category = analysis.crosstab(variable, "category", people)
    assert [(r.label, r.counts) for r in by_category.rows] == [
        ("minimum living allowance", [20, 20]),
        ("lives alone", [20, 10]),
        ("None of the categories", [10, 0]),
    ]
    assert by_category.test is None and "no chi-square test is made" in by_category.note
    assert by_category.total.counts == [30, 30]  # everyone once, though the rows overlap


def test_variables_are_needs_first_then_choice_and_yes_no_items():
    variables = analysis.variables_for(MIXED)
    assert [(v.key, v.columns) for v in variables] == [
        ("lonely", ("reports a need", "no need")),
        ("mood", ("good", "bad")),
        ("alone", ("yes", "no")),
    ]
    assert variables[1].column_of({"mood": 2}) == 1 and variables[1].column_of({}) is None


# --- reads -------------------------------------------------------------------------------------
@pytest.fixture
def campaign(world):
    return services.campaign_create(
        actor=world["users"]["zhuoda-head"], station=world["zhuoda"],
        data={"title": "秋季需求调查", "instrument": "needs", "starts_on": dt.date(2026, 6, 1)},
    )  # fmt: skip


def save(world, elder, answers, day, campaign=None, complete=True, instrument="needs"):
    return services.assessment_save(
        actor=world["users"]["zhuoda-sw1"], elder=elder, instrument=instrument, answers=answers,
        complete=complete, assessed_on=day, campaign=campaign,
    )  # fmt: skip


@pytest.mark.parametrize("count", [2, 12])
def test_campaign_respondents_take_each_elders_latest_answers_in_fixed_queries(
    world, campaign, django_assert_max_num_queries, count
):
    sw1 = world["users"]["zhuoda-sw1"]
    elders = [
        add_elder(world, "zhuoda", name=f"甲{i}", birth_date=dt.date(1946, 6, 15),
                  living_arrangement="alone", categories=["dibao"])
        for i in range(count)
    ]  # fmt: skip
    for elder in elders:
        save(world, elder, needs(medical="low"), dt.date(2026, 6, 10), campaign)
        save(world, elder, needs(medical="high"), dt.date(2026, 6, 20), campaign)
        save(world, elder, needs(legal="high"), dt.date(2026, 6, 25))  # not in the campaign
    save(world, elders[0], {"medical": "low"}, dt.date(2026, 6, 30), campaign, complete=False)
    # The actor's memberships, the assessments with their elders, the elders' categories.
    with django_assert_max_num_queries(3):
        found = analysis.campaign_respondents(actor=sw1, campaign=campaign)
    assert len(found) == count
    first = found[0]
    assert first.answers["medical"] == "high" and first.assessed_on == dt.date(2026, 6, 20)
    # Aged 80 on 15 June 2026: derived on the day of the assessment, with the recorded ones.
    assert first.categories == {"aged80", "alone", "empty_nest", "dibao"}
    assert first.age_band == "80-89" and first.living == "alone"


def test_campaign_respondents_are_for_staff_only(world, campaign):
    elder = add_elder(world, "zhuoda", name="乙")
    save(world, elder, needs(), dt.date(2026, 6, 10), campaign)
    for username in ("zhuoda-vol1", "wangcheng-head", "jiyang-viewer"):
        assert (
            analysis.campaign_respondents(actor=world["users"][username], campaign=campaign) == []
        )


def test_station_needs_take_the_latest_complete_checklist_of_active_elders(world):
    users = world["users"]
    active = add_elder(world, "zhuoda", name="丙")
    moved = add_elder(world, "zhuoda", name="丁")
    never = add_elder(world, "zhuoda", name="戊")
    save(world, active, needs(medical="low"), dt.date(2026, 3, 1))
    save(world, active, needs(financial="high"), dt.date(2026, 9, 1))
    save(world, active, {"medical": "high"}, dt.date(2026, 10, 1), complete=False)
    save(world, moved, needs(medical="high"), dt.date(2026, 9, 1))
    save(world, never, {"attitude": 5, "timeliness": 5, "usefulness": 5, "information": 5,
                        "overall": 5}, dt.date(2026, 9, 1), instrument="satisfaction")  # fmt: skip
    type(moved).objects.filter(pk=moved.pk).update(status="moved")
    found, active_count = analysis.station_needs(actor=users["zhuoda-sw2"], station=world["zhuoda"])
    assert active_count == 2
    assert [(r.assessed_on, r.answers["financial"]) for r in found] == [
        (dt.date(2026, 9, 1), "high")
    ]
    assert analysis.station_needs(actor=users["wangcheng-head"], station=world["zhuoda"]) == ([], 0)
    # A region viewer of the station's district gets the same rows (shown as counts only).
    viewer = analysis.region_needs(actor=users["jiyang-viewer"], station=world["zhuoda"])
    assert len(viewer[0]) == 1 and viewer[1] == 2
    assert analysis.region_needs(actor=users["jiyang-viewer"], station=world["wangcheng"]) == (
        [],
        0,
    )
