"""The risk engine (assessments.risk) on hand-made facts: no database.

Every expected level is worked out by hand from default_risk.yaml: thresholds medium 2, high 4,
urgent 7; lives alone 2, LSNS-6 < 12 2, GDS-15 mild 1, moderate or severe 3 and at least
high, GB/T 42195 complete 4 and at least urgent, severe 3 and at least high, moderate 2,
lost only child 2, extreme hardship 2, dementia 2, aged 90+ 1, in hospital within 30 days 2 and
at least high, a health change within 30 days 1, distressed within 30 days 1.
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from django.utils import translation

from linli.assessments import definitions, risk
from linli.assessments.engine import DefinitionError
from linli.assessments.risk import Facts, Latest

TODAY = dt.date(2026, 11, 23)
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def judge(facts: Facts, rules: risk.RiskRules | None = None, today: dt.date = TODAY):
    return risk.evaluate(rules or risk.default_rules(), facts, today, definitions.builtin())


def facts(**kwargs) -> Facts:
    kwargs.setdefault("categories", set())
    return Facts(**kwargs)


def latest(total: int, band: str, days_ago: int = 10) -> Latest:
    return Latest(total=total, band=band, assessed_on=TODAY - days_ago * DAY)


def codes(judgement) -> list[str]:
    return [r["rule"] for r in judgement.reasons]


# --- the example ----------------------------------------------------------------------


def test_alone_isolated_and_mildly_depressed_is_high():
    # lives alone 2 + LSNS-6 9 < 12 2 + GDS-15 7 (mild, 5–8) 1 = 5: at least 4, below 7.
    elder = facts(
        living="alone",
        latest={"lsns6": latest(9, "at_risk"), "gds15": latest(7, "mild")},
    )
    judgement = judge(elder)
    assert (judgement.level, judgement.points) == ("high", 5)
    # Reasons come most points first; equal points keep the rules' order.
    assert codes(judgement) == ["isolated", "lives_alone", "depression_mild"]
    assert [r["points"] for r in judgement.reasons] == [2, 2, 1]
    english = [r["text"]["en"] for r in judgement.reasons]
    assert english == ["LSNS-6 = 9 < 12", "lives alone", "GDS-15 = 7 (mild depressive symptoms)"]
    assert judgement.summary() == (
        "high: LSNS-6 = 9 < 12; lives alone; GDS-15 = 7 (mild depressive symptoms)"
    )


def test_a_preview_without_words_reaches_the_same_level_by_the_same_rules():
    elder = facts(living="alone", latest={"lsns6": latest(9, "at_risk")}, floor="medium")
    plain = risk.evaluate(risk.default_rules(), elder, TODAY, definitions.builtin(), explain=False)
    assert (plain.level, plain.points) == ("high", 4)  # alone 2 + LSNS-6 2
    assert codes(plain) == ["isolated", "lives_alone", "worker_judgement"]
    assert all(r["text"] == {} for r in plain.reasons)


def test_reasons_are_kept_in_both_languages():
    elder = facts(
        living="alone",
        categories={"lost_only_child"},
        latest={"lsns6": latest(9, "at_risk"), "gds15": latest(7, "mild")},
    )
    reasons = {r["rule"]: r["text"] for r in judge(elder).reasons}
    assert reasons["isolated"] == {"zh": "LSNS-6 = 9 < 12", "en": "LSNS-6 = 9 < 12"}
    assert reasons["lives_alone"] == {"zh": "独居", "en": "lives alone"}
    assert reasons["depression_mild"] == {
        "zh": "GDS-15 = 7（轻度抑郁倾向）",
        "en": "GDS-15 = 7 (mild depressive symptoms)",
    }
    assert reasons["lost_only_child"] == {"zh": "失独", "en": "lost only child"}
    with translation.override("zh-hans"):  # the words do not depend on who evaluated
        assert {r["rule"]: r["text"] for r in judge(elder).reasons} == reasons


# --- thresholds at their edges ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("living", "categories", "age", "points", "level"),
    [
        ("children", set(), 70, 0, "low"),
        ("children", set(), 90, 1, "low"),  # aged 90: 1
        ("alone", set(), 70, 2, "medium"),  # the medium edge
        ("alone", set(), 90, 3, "medium"),
        ("alone", {"lost_only_child"}, 70, 4, "high"),  # the high edge
        ("alone", {"lost_only_child", "tekun"}, 70, 6, "high"),
        ("alone", {"lost_only_child", "tekun"}, 90, 7, "urgent"),  # the urgent edge
        ("spouse", {"lost_only_child", "tekun", "dementia"}, 95, 7, "urgent"),
    ],
)
def test_points_reach_the_thresholds_at_their_edges(living, categories, age, points, level):
    judgement = judge(facts(living=living, categories=categories, age=age))
    assert (judgement.points, judgement.level) == (points, level)


def test_a_station_may_move_the_thresholds():
    rules = risk.parse(
        {
            "thresholds": {"medium": 1, "high": 1, "urgent": 3},
            "rules": [{"code": "old", "points": 1, "when": {"age_gte": 90}}],
        }
    )
    assert judge(facts(age=89), rules).level == "low"
    assert judge(facts(age=90), rules).level == "high"  # equal thresholds: the higher wins


def test_age_and_living_unknown_hold_no_rule():
    assert judge(facts()).reasons == [] and judge(facts()).level == "low"


# --- floors: at_least and the worker's judgement ------------------------------------------------


@pytest.mark.parametrize(
    ("band", "total", "points", "level"),
    [
        ("complete", 20, 4, "urgent"),  # 4 points alone would be high; the floor is urgent
        ("severe", 40, 3, "high"),  # 3 points would be medium
        ("moderate", 55, 2, "medium"),  # no floor
        ("mild", 80, 0, "low"),
        ("intact", 90, 0, "low"),
    ],
)
def test_ability_grades(band, total, points, level):
    judgement = judge(facts(latest={"gbt42195": latest(total, band)}))
    assert (judgement.points, judgement.level) == (points, level)


def test_complete_disability_reason_names_the_grade():
    judgement = judge(facts(latest={"gbt42195": latest(12, "complete")}))
    assert codes(judgement) == ["ability_complete"]
    text = judgement.reasons[0]["text"]
    assert text == {"zh": "能力评估 = 12（完全失能）", "en": "Ability = 12 (completely disabled)"}


def test_moderate_depression_is_at_least_high():
    judgement = judge(facts(latest={"gds15": latest(10, "moderate")}))
    assert (judgement.points, judgement.level) == (3, "high")


@pytest.mark.parametrize(("days_ago", "level"), [(0, "high"), (30, "high"), (31, "low")])
def test_in_hospital_within_30_days_is_at_least_high(days_ago, level):
    day = TODAY - days_ago * DAY
    elder = facts(contacts=[(day, frozenset({"in_hospital"}))])
    judgement = judge(elder)
    assert judgement.level == level
    if level == "high":
        assert judgement.points == 2
        assert judgement.reasons[0]["text"]["en"] == f"in hospital (contact on {day.isoformat()})"
    else:
        assert judgement.reasons == []


def test_the_latest_contact_is_named_and_other_signs_add_points():
    elder = facts(
        contacts=[
            (TODAY - 20 * DAY, frozenset({"in_hospital"})),
            (TODAY - 3 * DAY, frozenset({"in_hospital", "health_change"})),
            (TODAY - 40 * DAY, frozenset({"distressed"})),  # too long ago
        ]
    )
    judgement = judge(elder)
    assert (judgement.level, judgement.points) == ("high", 3)
    assert codes(judgement) == ["in_hospital", "health_change"]
    day = (TODAY - 3 * DAY).isoformat()
    assert judgement.reasons[0]["text"]["en"] == f"in hospital (contact on {day})"


def test_the_workers_floor():
    floor = judge(facts(floor="high"))
    assert (floor.level, floor.points) == ("high", 0)
    assert floor.reasons == [
        {
            "rule": "worker_judgement",
            "points": 0,
            "text": {
                "zh": floor.reasons[0]["text"]["zh"],
                "en": "worker's judgement: at least high",
            },
        }
    ]
    # A floor below what the rules give changes nothing but is still shown.
    above = judge(facts(floor="medium", living="alone", categories={"lost_only_child"}))
    assert above.level == "high"
    assert codes(above) == ["lives_alone", "lost_only_child", "worker_judgement"]
    # The highest floor wins: the worker's urgent over a hospital stay's high.
    stay = [(TODAY, frozenset({"in_hospital"}))]
    assert judge(facts(floor="urgent", contacts=stay)).level == "urgent"
    assert judge(facts(floor="medium", contacts=stay)).level == "high"


# --- assessments stop counting ----------------------------------------------------------------


@pytest.mark.parametrize(("days_ago", "counts"), [(0, True), (365, True), (366, False)])
def test_assessments_older_than_a_year_stop_counting(days_ago, counts):
    elder = facts(living="alone", latest={"lsns6": latest(9, "at_risk", days_ago=days_ago)})
    judgement = judge(elder)
    assert judgement.level == ("high" if counts else "medium")
    assert ("isolated" in codes(judgement)) is counts


def test_a_rule_may_look_back_a_shorter_time():
    rules = risk.parse(
        {
            "thresholds": {"medium": 2, "high": 4, "urgent": 7},
            "rules": [
                {"code": "recent_low_mood", "points": 2,
                 "when": {"instrument": "gds15", "total_gte": 5, "within_days": 90}},
            ],
        }
    )  # fmt: skip
    assert judge(facts(latest={"gds15": latest(5, "mild", days_ago=90)}), rules).level == "medium"
    assert judge(facts(latest={"gds15": latest(5, "mild", days_ago=91)}), rules).level == "low"
    assert judge(facts(latest={"gds15": latest(4, "normal", days_ago=1)}), rules).level == "low"


def test_lsns_total_edge_and_loneliness_edge():
    # LSNS-6 < 12: 11 counts, 12 does not; UCLA-3 ≥ 6: 6 counts, 5 does not.
    at_11 = judge(facts(latest={"lsns6": latest(11, "at_risk"), "ucla3": latest(6, "lonely")}))
    assert (at_11.points, at_11.level, codes(at_11)) == (3, "medium", ["isolated", "lonely"])
    at_12 = judge(
        facts(latest={"lsns6": latest(12, "not_at_risk"), "ucla3": latest(5, "not_lonely")})
    )
    assert (at_12.points, at_12.level) == (0, "low")


# --- parsing rules ----------------------------------------------------------------------------


def base(*rules, thresholds=None) -> dict:
    return {"thresholds": thresholds or {"medium": 2, "high": 4, "urgent": 7}, "rules": list(rules)}


def problems_of(data) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        risk.parse(data)
    return caught.value.problems


def test_the_default_rules_parse_and_round_trip():
    rules = risk.default_rules()
    assert rules.thresholds == {"medium": 2, "high": 4, "urgent": 7}
    assert len({r.code for r in rules.rules}) == len(rules.rules) == 18
    assert risk.parse(yaml.safe_load(risk.default_source())) == rules


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        ({"code": "odd", "points": 1, "when": {"category": ["nobody"]}},
         "rule odd: unknown category"),
        ({"code": "odd", "points": 1, "when": {"living": ["boat"]}},
         "rule odd: unknown living arrangement"),
        ({"code": "odd", "points": 1, "when": {"instrument": "mmse", "total_lt": 20}},
         "rule odd: no scored instrument mmse"),
        ({"code": "odd", "points": 1, "when": {"instrument": "gds15", "band": ["awful"]}},
         "rule odd: gds15 has no such band"),
        ({"code": "odd", "points": 1, "when": {"instrument": "gds15"}},
         "rule odd: give band, total_lt or total_gte"),
        ({"code": "odd", "points": 1, "when": {"contact": "fell"}},
         "rule odd: contact is one of: in_hospital, health_change, safety_concern, distressed"),
        ({"code": "odd", "points": 1, "when": {"age_gte": "ninety"}},
         "rule odd: age_gte is a whole number"),
        ({"code": "odd", "when": {"age_gte": 90}},
         "rule odd: give points (a whole number) or at_least"),
        ({"code": "odd", "points": 1, "at_least": "extreme", "when": {"age_gte": 90}},
         "rule odd: at_least is one of: low, medium, high, urgent"),
        ({"code": "odd", "points": 1, "when": {"weather": "rain"}},
         "rule odd: when needs one of: living, category, age_gte, instrument, contact"),
    ],
)  # fmt: skip
def test_a_bad_rule_is_named(rule, problem):
    assert problem in problems_of(base(rule))


def test_a_rule_without_a_code_is_named_by_its_place():
    problems = problems_of(base({"code": "ok", "points": 1, "when": {"age_gte": 90}}, "nonsense"))
    assert problems == ["rule 2: a rule has a code, points or at_least, and when"]


def test_a_duplicate_code_is_named():
    rule = {"code": "old", "points": 1, "when": {"age_gte": 90}}
    assert problems_of(base(rule, dict(rule))) == ["rule old appears twice"]


@pytest.mark.parametrize(
    "thresholds",
    [
        {"medium": 4, "high": 2, "urgent": 7},  # falling
        {"medium": 2, "high": 4},  # missing
        {"medium": 0, "high": 4, "urgent": 7},  # not positive
        {"medium": 2, "high": "4", "urgent": 7},  # not a number
        {"medium": 2, "high": 4, "urgent": 7, "extreme": 9},  # unknown level
    ],
)
def test_bad_thresholds(thresholds):
    problems = problems_of(base({"code": "old", "points": 1, "when": {"age_gte": 90}},
                                thresholds=thresholds))  # fmt: skip
    assert problems == [
        "thresholds: give medium, high and urgent as rising whole numbers of points"
    ]


def test_every_problem_is_listed_at_once():
    problems = problems_of(
        base(
            {"code": "a", "points": 1, "when": {"category": ["nobody"]}},
            {"code": "b", "points": 1, "when": {"instrument": "gds15", "band": ["awful"]}},
            {"code": "c", "points": 1, "when": {"age_gte": 90}},
            {"code": "c", "points": 1, "when": {"age_gte": 80}},
            thresholds={"medium": 5, "high": 4, "urgent": 7},
        )
    )
    assert problems == [
        "thresholds: give medium, high and urgent as rising whole numbers of points",
        "rule a: unknown category",
        "rule b: gds15 has no such band",
        "rule c appears twice",
    ]


@pytest.mark.parametrize("data", [None, [], {"thresholds": {}}, {"rules": "none"}])
def test_not_rules_at_all(data):
    assert problems_of(data) == ["The rules need thresholds and a list of rules."]


def test_yaml_that_does_not_parse():
    with pytest.raises(DefinitionError) as caught:
        risk.parse_yaml("thresholds: {medium: 2\nrules: [")
    assert caught.value.problems == ["The rules are not valid YAML."]
