"""Golden cases for every built-in instrument, worked out by hand from DOMAIN.md §5.

Every expected number here is a literal added up on paper from the answers beside it; none is
computed by the code under test.
"""

from __future__ import annotations

import pytest

from linli.assessments.definitions import builtin


def score(code: str, answers: dict):
    return builtin()[code].score(answers)


def band_code(result) -> str | None:
    return result.band.code if result.band else None


def error_items(result) -> list[str]:
    return [e["item"] for e in result.errors]


def test_the_nine_built_ins_are_there():
    assert sorted(builtin()) == [
        "barthel",
        "gbt42195",
        "gds15",
        "lawton_iadl",
        "lsns6",
        "needs",
        "satisfaction",
        "ssrs",
        "ucla3",
    ]


# --- Barthel ----------------------------------------------------------------------------------
BARTHEL_MAX = {
    "feeding": 10,
    "bathing": 5,
    "grooming": 5,
    "dressing": 10,
    "bowels": 10,
    "bladder": 10,
    "toilet": 10,
    "transfer": 15,
    "mobility": 15,
    "stairs": 10,
}
BARTHEL_ZERO = dict.fromkeys(BARTHEL_MAX, 0)


def barthel(**changes):
    return score("barthel", {**BARTHEL_MAX, **changes})


@pytest.mark.parametrize(
    ("changes", "total", "band"),
    [
        ({}, 100, "none"),
        ({"bathing": 0}, 95, "mild"),  # the highest total below 100 (all values step by 5)
        ({"transfer": 0, "mobility": 0, "stairs": 5}, 65, "mild"),
        ({"transfer": 0, "mobility": 0, "stairs": 0}, 60, "moderate"),
        ({"transfer": 0, "mobility": 0, "stairs": 0, "dressing": 5, "bowels": 5, "bladder": 5}, 45,
         "moderate"),
        ({"transfer": 0, "mobility": 0, "stairs": 0, "dressing": 5, "bowels": 5, "bladder": 5,
          "toilet": 5}, 40, "severe"),
        (BARTHEL_ZERO, 0, "severe"),
    ],
)  # fmt: skip
def test_barthel_totals_and_bands(changes, total, band):
    result = barthel(**changes)
    assert result.complete
    assert result.total == total
    assert band_code(result) == band


@pytest.mark.parametrize(
    ("total", "band"),
    [(100, "none"), (99, "mild"), (61, "mild"), (60, "moderate"), (41, "moderate"),
     (40, "severe"), (0, "severe")],
)  # fmt: skip
def test_barthel_band_table_on_each_side_of_every_boundary(total, band):
    # Totals such as 99 or 61 cannot be reached (every value steps by 5); the table still
    # has to put them on the right side, since a station may upload its own grading.
    assert builtin()["barthel"].band_for(total).code == band


def test_barthel_item_scores_are_the_values():
    result = barthel(feeding=5, transfer=10)
    assert result.item_scores["feeding"] == 5
    assert result.item_scores["transfer"] == 10
    assert result.total == 90


def test_barthel_band_label_is_in_the_active_language():
    assert str(barthel(bathing=0).band.label) == "mild dependence"


def test_barthel_missing_answer_gives_no_score():
    answers = dict(BARTHEL_MAX)
    del answers["stairs"]
    result = score("barthel", answers)
    assert result.missing == ["stairs"]
    assert result.total is None and result.band is None and not result.complete


@pytest.mark.parametrize("bad", [7, 20, -5, "10", 10.0, True, None, [10], {"v": 10}])
def test_barthel_invalid_answer_names_the_item(bad):
    result = barthel(feeding=bad)
    assert result.total is None
    if bad is None:
        assert result.missing == ["feeding"]
    else:
        assert error_items(result) == ["feeding"]


def test_barthel_bathing_has_no_ten():
    assert error_items(barthel(bathing=10)) == ["bathing"]


def test_unknown_items_are_errors_not_ignored():
    result = barthel(walking=15)
    assert error_items(result) == ["walking"]
    assert result.total is None


def test_answers_that_are_not_an_object():
    for junk in ([], "barthel", 100, None):
        result = builtin()["barthel"].score(junk)
        assert result.total is None and len(result.errors) == 1


# --- Lawton IADL ------------------------------------------------------------------------------
LAWTON_BEST = dict.fromkeys(
    ["telephone", "shopping", "food", "housekeeping", "laundry", "transport", "medication",
     "finances"], 1,
)  # fmt: skip
LAWTON_WORST = {
    "telephone": 4,
    "shopping": 4,
    "food": 4,
    "housekeeping": 5,
    "laundry": 3,
    "transport": 5,
    "medication": 3,
    "finances": 3,
}


def test_lawton_maximum_and_minimum():
    best = score("lawton_iadl", LAWTON_BEST)
    assert best.total == 8 and best.band is None
    worst = score("lawton_iadl", LAWTON_WORST)
    assert worst.total == 0 and worst.band is None


def test_lawton_levels_that_still_score_one():
    # The last level that scores 1 on each item (DOMAIN.md §5).
    answers = {
        "telephone": 3,
        "shopping": 1,
        "food": 1,
        "housekeeping": 4,
        "laundry": 2,
        "transport": 3,
        "medication": 1,
        "finances": 2,
    }
    result = score("lawton_iadl", answers)
    assert result.total == 8
    assert set(result.item_scores.values()) == {1}


def test_lawton_levels_that_score_zero():
    answers = {"telephone": 4, "shopping": 2, "food": 2, "housekeeping": 5, "laundry": 3,
               "transport": 4, "medication": 2, "finances": 3}  # fmt: skip
    result = score("lawton_iadl", answers)
    assert result.total == 0
    assert set(result.item_scores.values()) == {0}


def test_lawton_mixed_levels():
    answers = {
        "telephone": 3,  # 1
        "shopping": 2,  # 0
        "food": 1,  # 1
        "housekeeping": 4,  # 1
        "laundry": 2,  # 1
        "transport": 4,  # 0
        "medication": 3,  # 0
        "finances": 2,  # 1
    }
    result = score("lawton_iadl", answers)
    assert result.total == 5
    assert result.item_scores == {
        "telephone": 1,
        "shopping": 0,
        "food": 1,
        "housekeeping": 1,
        "laundry": 1,
        "transport": 0,
        "medication": 0,
        "finances": 1,
    }


@pytest.mark.parametrize(
    ("item", "bad"),
    [("housekeeping", 6), ("laundry", 4), ("telephone", 0), ("telephone", True),
     ("medication", False), ("finances", "1")],
)  # fmt: skip
def test_lawton_level_out_of_range_or_wrong_type(item, bad):
    result = score("lawton_iadl", {**LAWTON_BEST, item: bad})
    assert error_items(result) == [item]
    assert result.total is None


def test_lawton_missing():
    answers = dict(LAWTON_BEST)
    del answers["food"]
    assert score("lawton_iadl", answers).missing == ["food"]


# --- GDS-15 -----------------------------------------------------------------------------------
REVERSED = ("q1", "q5", "q7", "q11", "q13")
FORWARD = ("q2", "q3", "q4", "q6", "q8", "q9", "q10", "q12", "q14", "q15")
# The least depressed answers: "yes" on the reversed items, "no" on the others: 0 points.
GDS_NONE = {**dict.fromkeys(REVERSED, "yes"), **dict.fromkeys(FORWARD, "no")}


def gds(**changes):
    return score("gds15", {**GDS_NONE, **changes})


@pytest.mark.parametrize(
    ("changes", "total", "band"),
    [
        ({}, 0, "normal"),
        (dict.fromkeys(("q2", "q3", "q4", "q6"), "yes"), 4, "normal"),
        (dict.fromkeys(("q2", "q3", "q4", "q6", "q8"), "yes"), 5, "mild"),
        (dict.fromkeys(("q2", "q3", "q4", "q6", "q8", "q9", "q10", "q12"), "yes"), 8, "mild"),
        (dict.fromkeys(("q2", "q3", "q4", "q6", "q8", "q9", "q10", "q12", "q14"), "yes"), 9,
         "moderate"),
        ({**dict.fromkeys(FORWARD, "yes"), "q1": "no"}, 11, "moderate"),
        ({**dict.fromkeys(FORWARD, "yes"), "q1": "no", "q5": "no"}, 12, "severe"),
        ({**dict.fromkeys(FORWARD, "yes"), **dict.fromkeys(REVERSED, "no")}, 15, "severe"),
    ],
)  # fmt: skip
def test_gds_totals_and_bands(changes, total, band):
    result = gds(**changes)
    assert result.total == total
    assert band_code(result) == band


def test_gds_reverse_scored_items():
    for key in REVERSED:
        assert gds(**{key: "no"}).item_scores[key] == 1, key
        assert gds(**{key: "yes"}).item_scores[key] == 0, key
    for key in FORWARD:
        assert gds(**{key: "yes"}).item_scores[key] == 1, key
        assert gds(**{key: "no"}).item_scores[key] == 0, key


def test_gds_all_no_and_all_yes():
    # "no" everywhere scores only the five reversed items; "yes" everywhere only the ten others.
    assert score("gds15", dict.fromkeys(REVERSED + FORWARD, "no")).total == 5
    assert score("gds15", dict.fromkeys(REVERSED + FORWARD, "yes")).total == 10


@pytest.mark.parametrize("bad", ["maybe", "Yes", "NO", True, 1, 0, ""])
def test_gds_invalid_answers(bad):
    result = gds(q3=bad)
    assert result.total is None
    if bad == "":
        assert result.missing == ["q3"]
    else:
        assert error_items(result) == ["q3"]


def test_gds_missing_several():
    answers = dict(GDS_NONE)
    del answers["q7"], answers["q15"]
    assert score("gds15", answers).missing == ["q7", "q15"]


# --- SSRS -------------------------------------------------------------------------------------
SOURCES = ["spouse", "family", "relatives", "friends", "colleagues", "work_unit", "official_org",
           "unofficial_org", "other"]  # fmt: skip
SSRS_LOWEST = {
    **dict.fromkeys(("q1", "q2", "q3", "q4", "q5a", "q5b", "q5c", "q5d", "q5e"), 1),
    "q6": [],
    "q7": [],
    **dict.fromkeys(("q8", "q9", "q10"), 1),
}
SSRS_HIGHEST = {
    **dict.fromkeys(("q1", "q2", "q3", "q4", "q5a", "q5b", "q5c", "q5d", "q5e"), 4),
    "q6": SOURCES,
    "q7": SOURCES,
    **dict.fromkeys(("q8", "q9", "q10"), 4),
}
SSRS_MIXED = {
    "q1": 2,
    "q2": 4,
    "q3": 3,
    "q4": 2,
    "q5a": 4,
    "q5b": 1,
    "q5c": 3,
    "q5d": 2,
    "q5e": 1,  # q5 = 4 + 1 + 3 + 2 + 1 = 11
    "q6": ["spouse", "family"],  # 2
    "q7": ["friends"],  # 1
    "q8": 2,
    "q9": 3,
    "q10": 1,
}


def test_ssrs_minimum():
    result = score("ssrs", SSRS_LOWEST)
    assert result.total == 12
    assert result.subscales == {"objective": 1, "subjective": 8, "utilization": 3}
    assert result.item_scores["q5"] == 5
    assert result.item_scores["q6"] == 0 and result.item_scores["q7"] == 0
    assert band_code(result) == "low"


def test_ssrs_maximum():
    result = score("ssrs", SSRS_HIGHEST)
    assert result.total == 66
    assert result.subscales == {"objective": 22, "subjective": 32, "utilization": 12}
    assert result.item_scores["q5"] == 20
    assert result.item_scores["q6"] == 9 and result.item_scores["q7"] == 9
    assert band_code(result) == "high"


def test_ssrs_mixed_subscales():
    result = score("ssrs", SSRS_MIXED)
    # objective = q2 + q6 + q7 = 4 + 2 + 1; subjective = q1 + q3 + q4 + q5 = 2 + 3 + 2 + 11;
    # utilization = q8 + q9 + q10 = 2 + 3 + 1
    assert result.subscales == {"objective": 7, "subjective": 18, "utilization": 6}
    assert result.item_scores["q5"] == 11
    assert result.total == 31
    assert band_code(result) == "high"


def test_ssrs_medium_top_boundary():
    result = score("ssrs", {**SSRS_MIXED, "q7": []})
    assert result.total == 30
    assert result.subscales["objective"] == 6
    assert band_code(result) == "medium"


def test_ssrs_low_medium_boundary():
    low = score("ssrs", {**SSRS_LOWEST, "q6": SOURCES[:7]})
    assert low.total == 19 and band_code(low) == "low"
    assert low.subscales["objective"] == 8
    medium = score("ssrs", {**SSRS_LOWEST, "q6": SOURCES[:8]})
    assert medium.total == 20 and band_code(medium) == "medium"
    assert medium.subscales["objective"] == 9


def test_ssrs_empty_list_is_no_source_and_scores_zero():
    result = score("ssrs", {**SSRS_MIXED, "q6": [], "q7": []})
    assert result.item_scores["q6"] == 0 and result.item_scores["q7"] == 0
    assert result.subscales["objective"] == 4
    assert result.total == 28


def test_ssrs_duplicate_source_refused():
    result = score("ssrs", {**SSRS_MIXED, "q6": ["spouse", "spouse"]})
    assert error_items(result) == ["q6"]
    assert result.total is None


@pytest.mark.parametrize("bad", [["neighbour"], "spouse", [1], [True], None, {"spouse": 1}])
def test_ssrs_bad_source_lists(bad):
    result = score("ssrs", {**SSRS_MIXED, "q7": bad})
    assert result.total is None
    if bad is None:
        assert result.missing == ["q7"]
    else:
        assert error_items(result) == ["q7"]


def test_ssrs_q5_is_answered_through_its_parts():
    result = score("ssrs", {**SSRS_MIXED, "q5": 11})
    assert error_items(result) == ["q5"]
    answers = dict(SSRS_MIXED)
    del answers["q5c"]
    assert score("ssrs", answers).missing == ["q5c"]


def test_ssrs_bool_is_not_an_option():
    assert error_items(score("ssrs", {**SSRS_MIXED, "q1": True})) == ["q1"]


# --- LSNS-6 -----------------------------------------------------------------------------------
def lsns(q1, q2, q3, q4, q5, q6):
    return score("lsns6", {"q1": q1, "q2": q2, "q3": q3, "q4": q4, "q5": q5, "q6": q6})


def flag_codes(result) -> list[str]:
    return [f["code"] for f in result.flags]


def test_lsns_minimum():
    result = lsns(0, 0, 0, 0, 0, 0)
    assert result.total == 0
    assert result.subscales == {"family": 0, "friends": 0}
    assert flag_codes(result) == ["family_low", "friends_low"]
    assert band_code(result) == "at_risk"


def test_lsns_maximum():
    result = lsns(5, 5, 5, 5, 5, 5)
    assert result.total == 30
    assert result.subscales == {"family": 15, "friends": 15}
    assert flag_codes(result) == []
    assert band_code(result) == "not_at_risk"


def test_lsns_few_family_ties_only():
    result = lsns(2, 2, 1, 3, 3, 2)
    assert result.subscales == {"family": 5, "friends": 8}
    assert result.total == 13
    assert flag_codes(result) == ["family_low"]
    assert [f["label"] for f in result.flags] == ["few family ties"]
    assert band_code(result) == "not_at_risk"


def test_lsns_at_risk_boundary_and_flag_boundary():
    eleven = lsns(2, 2, 2, 2, 2, 1)
    assert eleven.subscales == {"family": 6, "friends": 5}
    assert eleven.total == 11
    assert band_code(eleven) == "at_risk"
    assert flag_codes(eleven) == ["friends_low"]  # 6 is not below 6
    twelve = lsns(2, 2, 2, 2, 2, 2)
    assert twelve.total == 12
    assert band_code(twelve) == "not_at_risk"
    assert flag_codes(twelve) == []


@pytest.mark.parametrize("bad", [6, -1, False, True, "3", 3.0])
def test_lsns_invalid(bad):
    result = score("lsns6", {"q1": 1, "q2": 1, "q3": 1, "q4": bad, "q5": 1, "q6": 1})
    assert error_items(result) == ["q4"]
    assert result.total is None and result.flags == []


def test_lsns_missing():
    assert score("lsns6", {"q1": 1, "q2": 1, "q3": 1}).missing == ["q4", "q5", "q6"]


# --- UCLA-3 -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [((1, 1, 1), 3, "not_lonely"), ((2, 2, 1), 5, "not_lonely"), ((2, 2, 2), 6, "lonely"),
     ((3, 3, 3), 9, "lonely")],
)  # fmt: skip
def test_ucla(answers, total, band):
    result = score("ucla3", dict(zip(("q1", "q2", "q3"), answers, strict=True)))
    assert result.total == total
    assert band_code(result) == band


@pytest.mark.parametrize("bad", [0, 4, True, "2"])
def test_ucla_invalid(bad):
    assert error_items(score("ucla3", {"q1": 1, "q2": bad, "q3": 1})) == ["q2"]


def test_ucla_missing():
    assert score("ucla3", {"q1": 1, "q3": 1}).missing == ["q2"]


# --- GB/T 42195 -------------------------------------------------------------------------------
GBT_MAX = {
    **dict.fromkeys(("b1_1", "b1_2", "b1_3", "b1_4", "b1_5", "b1_6", "b1_7", "b1_8"), 4),
    **dict.fromkeys(("b2_1", "b2_2", "b2_3"), 4),
    "b2_4": 3,
    **dict.fromkeys(("b3_1", "b3_2", "b3_3", "b3_4", "b3_5", "b3_6"), 4),
    "b3_7": 1,
    "b3_8": 1,
    "b3_9": 2,
    "b4_1": 2,
    "b4_2": 2,
    "b4_3": 4,
    "b4_4": 3,
    "b4_5": 4,
}
GBT_ZERO = dict.fromkeys(GBT_MAX, 0)
# Hand-built answer sets for each total (the first differences from GBT_MAX are commented).
GBT_66 = {**GBT_MAX, **dict.fromkeys(("b1_1", "b1_2", "b1_3", "b1_4", "b1_5", "b1_6"), 0)}  # -24
GBT_65 = {**GBT_66, "b1_7": 3}  # -1
GBT_46 = {**GBT_66, "b1_7": 0, "b1_8": 0, "b2_1": 0, "b2_2": 0, "b2_3": 0}  # 66 - 8 - 12
GBT_45 = {**GBT_46, "b2_4": 2}  # -1
GBT_30 = {**GBT_45, "b2_4": 0, "b3_1": 0, "b3_2": 0, "b3_3": 0, "b3_7": 0}  # 45 - 2 - 12 - 1
GBT_29 = {**GBT_30, "b3_8": 0}  # -1


def gbt(answers, **extra):
    return score("gbt42195", {**answers, **extra})


@pytest.mark.parametrize(
    ("answers", "total", "band", "grade", "subscales"),
    [
        (GBT_MAX, 90, "intact", 0, (32, 15, 28, 15)),
        ({**GBT_MAX, "b1_1": 3}, 89, "mild", 1, (31, 15, 28, 15)),
        (GBT_66, 66, "mild", 1, (8, 15, 28, 15)),
        (GBT_65, 65, "moderate", 2, (7, 15, 28, 15)),
        (GBT_46, 46, "moderate", 2, (0, 3, 28, 15)),
        (GBT_45, 45, "severe", 3, (0, 2, 28, 15)),
        (GBT_30, 30, "severe", 3, (0, 0, 15, 15)),
        (GBT_29, 29, "complete", 4, (0, 0, 14, 15)),
        (GBT_ZERO, 0, "complete", 4, (0, 0, 0, 0)),
    ],
)
def test_gbt_preliminary_grades(answers, total, band, grade, subscales):
    result = gbt(answers)
    assert result.total == total
    assert band_code(result) == band
    assert result.band.grade == grade
    assert band_code(result) == result.preliminary_band.code
    assert result.adjustment is None
    self_care, mobility, mental, perception = subscales
    assert result.subscales == {
        "self_care": self_care,
        "mobility": mobility,
        "mental": mental,
        "perception": perception,
    }


def test_gbt_coma_goes_straight_to_grade_four():
    result = gbt(GBT_MAX, coma=True)
    assert result.total == 90
    assert result.preliminary_band.code == "intact"
    assert band_code(result) == "complete" and result.band.grade == 4
    assert result.adjustment == {
        "code": "coma",
        "from": "intact",
        "to": "complete",
        "reasons": ["in a coma"],
    }


def test_gbt_coma_wins_over_the_one_grade_rule():
    result = gbt(GBT_66, coma=True, dementia=True, risk_events_30d=5)
    assert band_code(result) == "complete"
    assert result.adjustment["code"] == "coma"
    assert result.adjustment["reasons"] == ["in a coma"]


def test_gbt_coma_when_already_grade_four_changes_nothing():
    result = gbt(GBT_29, coma=True)
    assert band_code(result) == "complete"
    assert result.adjustment is None


@pytest.mark.parametrize(
    ("answers", "extra", "before", "after", "reasons"),
    [
        (GBT_MAX, {"dementia": True}, "intact", "mild", ["diagnosed dementia"]),
        (GBT_66, {"psychiatric": True}, "mild", "moderate", ["diagnosed psychiatric illness"]),
        (GBT_46, {"risk_events_30d": 2}, "moderate", "severe",
         ["two or more risk events in 30 days"]),
        (GBT_45, {"risk_events_30d": 7}, "severe", "complete",
         ["two or more risk events in 30 days"]),
        # All three together still move one grade only, and every reason is recorded.
        (GBT_30, {"dementia": True, "psychiatric": True, "risk_events_30d": 3}, "severe",
         "complete", ["diagnosed dementia", "diagnosed psychiatric illness",
                      "two or more risk events in 30 days"]),
        (GBT_65, {"dementia": True, "psychiatric": True}, "moderate", "severe",
         ["diagnosed dementia", "diagnosed psychiatric illness"]),
    ],
)  # fmt: skip
def test_gbt_one_grade_up(answers, extra, before, after, reasons):
    result = gbt(answers, **extra)
    assert result.preliminary_band.code == before
    assert band_code(result) == after
    assert result.adjustment == {
        "code": "one_grade_up",
        "from": before,
        "to": after,
        "reasons": reasons,
    }


def test_gbt_one_grade_up_is_capped_at_four():
    result = gbt(GBT_29, dementia=True, risk_events_30d=2)
    assert band_code(result) == "complete" and result.band.grade == 4
    assert result.adjustment is None


def test_gbt_one_risk_event_is_not_enough():
    result = gbt(GBT_46, risk_events_30d=1, dementia=False, psychiatric=False, coma=False)
    assert band_code(result) == "moderate"
    assert result.adjustment is None


@pytest.mark.parametrize(
    ("item", "bad"),
    [("coma", 1), ("dementia", "true"), ("psychiatric", 0), ("risk_events_30d", True),
     ("risk_events_30d", -1), ("risk_events_30d", 100), ("risk_events_30d", 2.0),
     ("risk_events_30d", "2"), ("b2_4", 4), ("b3_7", 2), ("b3_9", 3), ("b4_1", 3),
     ("b4_4", 4), ("b1_1", True)],
)  # fmt: skip
def test_gbt_invalid_answers_name_the_item(item, bad):
    result = gbt(GBT_MAX, **{item: bad})
    assert error_items(result) == [item]
    assert result.total is None and result.band is None


def test_gbt_missing_item():
    answers = dict(GBT_MAX)
    del answers["b4_5"]
    assert gbt(answers).missing == ["b4_5"]


# --- needs checklist --------------------------------------------------------------------------
NEEDS = ("medical", "companionship", "daily_care", "recreation", "legal", "home_safety",
         "financial")  # fmt: skip


def test_needs_none_reported():
    result = score("needs", dict.fromkeys(NEEDS, "none"))
    assert result.total == 0 and result.band is None


def test_needs_counts_each_need_whatever_its_urgency():
    answers = {**dict.fromkeys(NEEDS, "none"), "medical": "high", "companionship": "low",
               "legal": "medium"}  # fmt: skip
    result = score("needs", answers)
    assert result.total == 3
    assert result.item_scores["medical"] == 1 and result.item_scores["daily_care"] == 0


def test_needs_all_and_the_free_text():
    result = score("needs", {**dict.fromkeys(NEEDS, "high"), "other": "修门锁"})
    assert result.total == 7
    assert "other" not in result.item_scores


@pytest.mark.parametrize(("item", "bad"), [("medical", "urgent"), ("medical", 1), ("other", 123),
                                           ("other", "x" * 2001), ("other", ["a"])])  # fmt: skip
def test_needs_invalid(item, bad):
    result = score("needs", {**dict.fromkeys(NEEDS, "none"), item: bad})
    assert error_items(result) == [item]


def test_needs_missing():
    assert score("needs", {"medical": "low"}).missing == list(NEEDS[1:])


# --- satisfaction -----------------------------------------------------------------------------
RATINGS = ("attitude", "timeliness", "usefulness", "information", "overall")


@pytest.mark.parametrize(
    ("ratings", "total", "band"),
    [((1, 1, 1, 1, 1), 5, "dissatisfied"), ((3, 3, 3, 3, 2), 14, "dissatisfied"),
     ((3, 3, 3, 3, 3), 15, "neutral"), ((4, 4, 4, 4, 3), 19, "neutral"),
     ((4, 4, 4, 4, 4), 20, "satisfied"), ((5, 5, 5, 5, 5), 25, "satisfied")],
)  # fmt: skip
def test_satisfaction(ratings, total, band):
    result = score("satisfaction", dict(zip(RATINGS, ratings, strict=True)))
    assert result.total == total
    assert band_code(result) == band


@pytest.mark.parametrize("bad", [0, 6, True, "5"])
def test_satisfaction_invalid(bad):
    result = score("satisfaction", {**dict.fromkeys(RATINGS, 3), "overall": bad})
    assert error_items(result) == ["overall"]


def test_satisfaction_comment_is_optional_and_missing_rating_is_not():
    assert score("satisfaction", dict.fromkeys(RATINGS, 3)).complete
    answers = dict.fromkeys(RATINGS[:4], 3)
    assert score("satisfaction", answers).missing == ["overall"]
