"""Risk levels in the database: derived when an assessment is completed, a contact reports a
hospital stay, the record changes or the rules change; re-derived each night by
`linli assessments risk`. Expected levels are worked out by hand from default_risk.yaml (see
test_risk.py): lives alone 2, LSNS-6 < 12 2, GDS-15 mild 1; medium 2, high 4, urgent 7.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from linli.assessments import risk, risking, services
from linli.assessments.engine import DefinitionError
from linli.assessments.models import Assessment, RiskRuleSet
from linli.elders import services as elder_services
from linli.elders.models import Elder
from linli.followups import services as followup_services
from linli.followups.models import Plan
from tests.conftest import add_elder

pytestmark = pytest.mark.django_db
# A depressive answer to each GDS-15 item, in the standard order: "no" on 1, 5, 7, 11 and 13.
DEPRESSED = {f"q{i}": "no" if i in (1, 5, 7, 11, 13) else "yes" for i in range(1, 16)}
WELL = {key: "yes" if value == "no" else "no" for key, value in DEPRESSED.items()}
NON_REVERSED = [f"q{i}" for i in (2, 3, 4, 6, 8, 9, 10, 12, 14, 15)]


def gds(total: int) -> dict:
    """GDS-15 answers scoring `total` (at most 10 here)."""
    return {**WELL, **{key: DEPRESSED[key] for key in NON_REVERSED[:total]}}


def lsns(total: int) -> dict:
    """LSNS-6 answers scoring `total` (0–30), spread over the six items."""
    return {f"q{i}": total // 6 + (1 if i <= total % 6 else 0) for i in range(1, 7)}


def born(today: dt.date, age: int) -> dt.date:
    """1 January of the year that makes an elder `age` on `today`."""
    return dt.date(today.year - age, 1, 1)


@pytest.fixture
def sw1(world):
    return world["users"]["zhuoda-sw1"]


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def alone(world, sw1, today):
    """76, lives alone: 2 points, medium, a fortnightly call."""
    return add_elder(world, "zhuoda", name="独居", birth_date=born(today, 76),
                     living_arrangement="alone", assigned_worker=sw1)  # fmt: skip


def assess(elder, actor, instrument, answers, *, complete=True, on=None):
    return services.assessment_save(
        actor=actor, elder=elder, instrument=instrument, answers=answers, complete=complete,
        assessed_on=on or timezone.localdate(),
    )  # fmt: skip


def call_plan(elder) -> Plan:
    return Plan.objects.get(elder=elder, kind="call")


def fresh(elder) -> Elder:
    return Elder.objects.get(pk=elder.pk)


def rule_codes(elder) -> list[str]:
    return [r["rule"] for r in fresh(elder).risk_reasons]


def test_the_starting_level_comes_from_the_record(alone):
    elder = fresh(alone)
    assert elder.risk_level == "medium" and elder.risk_updated_at is not None
    assert elder.risk_reasons == [
        {"rule": "lives_alone", "points": 2, "text": {"zh": "独居", "en": "lives alone"}}
    ]
    assert (call_plan(alone).rule_code, call_plan(alone).interval_days) == (
        "alone_fortnightly_call", 14)  # fmt: skip


def test_completing_assessments_raises_the_level_and_replans(alone, sw1):
    assess(alone, sw1, "lsns6", lsns(9))
    elder = fresh(alone)
    assert elder.risk_level == "high"  # 2 + 2
    assert rule_codes(alone) == ["isolated", "lives_alone"]
    plan = call_plan(alone)
    assert (plan.rule_code, plan.interval_days, plan.risk_rank) == ("high_risk_weekly_call", 7, 1)
    # The example: alone, LSNS-6 9, GDS-15 7: 2 + 2 + 1 = 5, high.
    row = assess(alone, sw1, "gds15", gds(7))
    assert (row.total, row.band) == (7, "mild")
    elder = fresh(alone)
    assert elder.risk_level == "high"
    assert [r["text"]["en"] for r in elder.risk_reasons] == [
        "LSNS-6 = 9 < 12", "lives alone", "GDS-15 = 7 (mild depressive symptoms)"]  # fmt: skip


def test_a_draft_changes_nothing(alone, sw1):
    before = fresh(alone)
    assess(alone, sw1, "lsns6", {"q1": 0, "q2": 0}, complete=False)
    after = fresh(alone)
    assert Assessment.objects.get().status == "draft"
    assert (after.risk_level, after.risk_reasons, after.risk_updated_at) == (
        before.risk_level, before.risk_reasons, before.risk_updated_at)  # fmt: skip
    assert call_plan(alone).interval_days == 14


def test_the_latest_complete_assessment_counts(alone, sw1, today):
    assess(alone, sw1, "lsns6", lsns(9), on=today - dt.timedelta(days=40))
    assert fresh(alone).risk_level == "high"
    assess(alone, sw1, "lsns6", lsns(15), on=today - dt.timedelta(days=2))  # ties found again
    assert fresh(alone).risk_level == "medium" and "isolated" not in rule_codes(alone)
    assess(alone, sw1, "lsns6", lsns(6), on=today - dt.timedelta(days=100))  # an older record
    assert fresh(alone).risk_level == "medium"


def test_a_hospital_stay_raises_the_level_and_starts_weekly_calls(world, sw1, today):
    elder = add_elder(world, "zhuoda", name="住院", birth_date=born(today, 70),
                      living_arrangement="children", assigned_worker=sw1,
                      phones=["13800138000"])  # fmt: skip
    assert fresh(elder).risk_level == "low" and not elder.plans.exists()
    followup_services.contact_log(actor=sw1, elder=elder,
                                  data={"kind": "call", "outcome": "in_hospital"})  # fmt: skip
    elder = fresh(elder)
    assert elder.risk_level == "high" and rule_codes(elder) == ["in_hospital"]
    assert elder.risk_reasons[0]["text"]["en"] == f"in hospital (contact on {today.isoformat()})"
    plan = call_plan(elder)
    assert (plan.rule_code, plan.next_due) == ("high_risk_weekly_call", today + dt.timedelta(7))
    # Thirty days on it still holds; on the 31st the nightly run lets it go.
    assert not risking.risk_refresh(elder=elder, today=today + dt.timedelta(days=30))
    assert risking.risk_refresh(elder=elder, today=today + dt.timedelta(days=31))
    assert fresh(elder).risk_level == "low" and not Plan.objects.filter(elder=elder).exists()


def test_a_plain_contact_does_not_re_derive(alone, sw1):
    before = fresh(alone).risk_updated_at
    followup_services.contact_log(actor=sw1, elder=alone, data={"kind": "call",
                                                                "outcome": "reached"})  # fmt: skip
    assert fresh(alone).risk_updated_at == before


def test_editing_the_record_changes_the_level(world, sw1, today):
    elder = add_elder(world, "zhuoda", name="老王", birth_date=born(today, 76),
                      living_arrangement="children", assigned_worker=sw1)  # fmt: skip
    assert fresh(elder).risk_level == "low"
    elder_services.elder_update(actor=sw1, elder=elder, data={"living_arrangement": "alone"})
    assert fresh(elder).risk_level == "medium" and rule_codes(elder) == ["lives_alone"]
    assert call_plan(elder).rule_code == "alone_fortnightly_call"
    elder_services.elder_update(actor=sw1, elder=fresh(elder),
                                data={"categories": ["lost_only_child"]})  # fmt: skip
    assert fresh(elder).risk_level == "high"  # 2 + 2
    assert call_plan(elder).rule_code == "high_risk_weekly_call"
    elder_services.elder_update(actor=sw1, elder=fresh(elder), data={"risk_floor": "urgent"})
    assert fresh(elder).risk_level == "urgent" and call_plan(elder).risk_rank == 0


def test_elders_who_left_keep_their_last_level(alone, sw1, today):
    elder_services.elder_update(actor=sw1, elder=alone,
                                data={"status": "moved", "status_date": today})  # fmt: skip
    moved = fresh(alone)
    assert not risking.risk_refresh(elder=moved, today=today + dt.timedelta(days=400))
    assert fresh(alone).risk_level == "medium"


# --- rules as data ----------------------------------------------------------------------------

HEAVIER_ALONE = risk.default_source().replace(
    "code: lives_alone\n    points: 2", "code: lives_alone\n    points: 4"
)


def test_saving_rules_makes_a_version_and_re_derives_every_elder(world, alone, today):
    head = world["users"]["zhuoda-head"]
    other = add_elder(world, "zhuoda", name="子女同住", living_arrangement="children",
                      birth_date=born(today, 70))  # fmt: skip
    outside = add_elder(world, "wangcheng", name="外站独居", living_arrangement="alone",
                        birth_date=born(today, 70))  # fmt: skip
    assert risk.default_source() != HEAVIER_ALONE
    first = risking.risk_rules_save(
        actor=head, station=world["zhuoda"], source_text=HEAVIER_ALONE, note="alone counts more"
    )
    assert (first.version, first.note, first.created_by) == (1, "alone counts more", head)
    assert fresh(alone).risk_level == "high" and fresh(other).risk_level == "low"
    assert call_plan(alone).rule_code == "high_risk_weekly_call"
    assert fresh(outside).risk_level == "medium"  # another station's rules are its own
    second = risking.risk_rules_save(actor=head, station=world["zhuoda"],
                                     source_text=risk.default_source())  # fmt: skip
    assert second.version == 2 and fresh(alone).risk_level == "medium"
    assert risking.rules_in_force(world["zhuoda"]) == risk.default_rules()
    assert call_plan(alone).rule_code == "alone_fortnightly_call"


def test_rules_that_do_not_parse_are_not_saved(world, alone):
    bad = HEAVIER_ALONE.replace("category: [tekun]", "category: [rich]")
    with pytest.raises(DefinitionError) as caught:
        risking.risk_rules_save(actor=world["users"]["zhuoda-head"], station=world["zhuoda"],
                                source_text=bad)  # fmt: skip
    assert caught.value.problems == ["rule extreme_hardship: unknown category"]
    assert not RiskRuleSet.objects.exists() and fresh(alone).risk_level == "medium"


def test_preview_counts_levels_now_and_under_new_rules(world, alone, sw1, today):
    for i in range(3):
        add_elder(world, "zhuoda", name=f"子女{i}", living_arrangement="children",
                  birth_date=born(today, 70))  # fmt: skip
    isolated = add_elder(world, "zhuoda", name="隔离", living_arrangement="alone",
                         birth_date=born(today, 70))  # fmt: skip
    assess(isolated, sw1, "lsns6", lsns(9))
    preview = risking.risk_preview(station=world["zhuoda"], today=today,
                                   rules=risk.parse_yaml(HEAVIER_ALONE))  # fmt: skip
    # Now: alone 2 medium; alone 2 + LSNS-6 2 = 4 high. Then: alone 4 high; 4 + 2 = 6 high.
    assert preview == {
        "now": {"low": 3, "medium": 1, "high": 1, "urgent": 0},
        "then": {"low": 3, "medium": 0, "high": 2, "urgent": 0},
    }
    assert fresh(alone).risk_level == "medium"  # a preview changes nothing


# --- few queries for many elders --------------------------------------------------------------


def many_elders(world, count: int, sw1, today) -> list[Elder]:
    rows = [{"name": f"老人{i}", "living_arrangement": "alone" if i % 2 else "spouse",
             "birth_date": born(today, 70 + i % 25),
             "categories": ["dibao"] if i % 3 else [], "assigned_worker": sw1}
            for i in range(count)]  # fmt: skip
    created, refused = elder_services.elder_bulk_create(
        actor=None, station=world["zhuoda"], rows=rows, reason="test"
    )
    assert not refused
    for elder in created[::4]:
        assess(elder, sw1, "lsns6", lsns(9))
        followup_services.contact_log(actor=sw1, elder=elder,
                                      data={"kind": "call", "outcome": "in_hospital"})  # fmt: skip
    return created


@pytest.mark.parametrize("count", [4, 40])
def test_facts_for_many_elders_in_a_constant_number_of_queries(
    world, sw1, today, count, django_assert_num_queries
):
    many_elders(world, count, sw1, today)
    elders = risking.station_elders(world["zhuoda"])
    assert len(elders) == count
    with django_assert_num_queries(2):  # assessments, contacts (categories are prefetched)
        facts = risking.facts_for(elders, today)
    hospital = [f for f in facts.values() if f.contacts]
    assert len(hospital) == len([f for f in facts.values() if "lsns6" in f.latest]) == count // 4


@pytest.mark.parametrize("count", [4, 40])
def test_refreshing_a_station_in_a_constant_number_of_queries(
    world, sw1, today, count, django_assert_num_queries
):
    many_elders(world, count, sw1, today)
    # Rules that move every elder, so that every level and plan is written.
    head = world["users"]["zhuoda-head"]
    RiskRuleSet.objects.create(station=world["zhuoda"], version=1, created_by=head,
                               rules=yaml.safe_load(HEAVIER_ALONE),
                               source_text=HEAVIER_ALONE)  # fmt: skip
    # Elders and their categories; the rules, assessments, contacts, the levels written; the
    # plans, the cadence rules, the plans written; and the savepoints (13, for any number).
    with django_assert_num_queries(13):
        changed = risking.risk_refresh_station(station=world["zhuoda"], today=today)
    # Those living alone (odd i) go from medium to high; every fourth was high already.
    assert changed == count // 2


# --- linli assessments risk (nightly) -------------------------------------------------------


def run_risk(*args: str) -> str:
    out = io.StringIO()
    call_command("assessments", "risk", *args, stdout=out)
    return out.getvalue()


def test_the_nightly_run_lets_a_year_old_assessment_go(world, alone, sw1, today, monkeypatch):
    assess(alone, sw1, "lsns6", lsns(9), on=today - dt.timedelta(days=300))
    assert fresh(alone).risk_level == "high"
    add_elder(world, "zhuoda", name="子女同住", living_arrangement="children",
              birth_date=born(today, 70))  # fmt: skip
    assert json.loads(run_risk("--station", "zhuoda", "--json"))["stations"]["zhuoda"][
        "changed"] == 0  # fmt: skip
    # 366 days after the assessment it no longer counts: medium again, fortnightly calls.
    later = today + dt.timedelta(days=66)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: later)
    body = json.loads(run_risk("--station", "zhuoda", "--json"))
    assert body == {
        "date": later.isoformat(),
        "stations": {"zhuoda": {"changed": 1, "levels": {
            "before": {"low": 1, "medium": 0, "high": 1, "urgent": 0},
            "after": {"low": 1, "medium": 1, "high": 0, "urgent": 0}}}},
    }  # fmt: skip
    assert fresh(alone).risk_level == "medium" and rule_codes(alone) == ["lives_alone"]
    assert call_plan(alone).rule_code == "alone_fortnightly_call"


def test_the_summary_per_station_and_level(world, alone, sw1):
    add_elder(world, "wangcheng", name="外站", living_arrangement="children",
              birth_date=born(timezone.localdate(), 70))  # fmt: skip
    # A level written by hand (as before levels were derived) is put right.
    Elder.objects.filter(pk=alone.pk).update(risk_level="urgent")
    out = run_risk()
    assert out.splitlines() == [
        "wangcheng: risk level changed for 0 of 1 active elders",
        "  low 1 · medium 0 · high 0 · urgent 0",
        "zhuoda: risk level changed for 1 of 1 active elders",
        "  low 0 · medium 1 (+1) · high 0 · urgent 0 (-1)",
    ]
    assert fresh(alone).risk_level == "medium"


def test_an_unknown_station_exits_2(world):
    with pytest.raises(CommandError) as caught:
        run_risk("--station", "nowhere")
    assert caught.value.returncode == 2
