"""Caseloads: bulk assignment by area and category, rebalancing when a worker leaves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from linli.accounts.models import AccessLog
from linli.elders import selectors as elder_selectors
from linli.elders.models import Elder
from linli.followups import caseload
from linli.followups.models import Plan
from linli.stations.models import Membership
from tests.conftest import add_elder

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    users = world["users"]
    return {k: users[f"zhuoda-{k}"] for k in ("head", "sw1", "sw2", "vol1")}


def area(world, name):
    return world["zhuoda"].areas.get(name=name)


def elder_in(world, name, area_name, worker=None, **data):
    return add_elder(world, "zhuoda", name=name, birth_date=dt.date(1930, 1, 1),
                     area=area(world, area_name).pk, assigned_worker=worker, **data)  # fmt: skip


def workers_of(*elders) -> list:
    return [Elder.objects.get(pk=e.pk).assigned_worker_id for e in elders]


def plan_workers(*elders) -> list:
    return [Plan.objects.get(elder=e, kind="call").worker_id for e in elders]


def latest_history(elder):
    return elder.history.order_by("-history_id").first()


def test_split_evenly_keeps_runs_consecutive():
    assert caseload.split_evenly(list("abcdefg"), 3) == [list("abc"), list("de"), list("fg")]
    assert caseload.split_evenly([], 2) == [[], []]
    assert caseload.split_evenly([1, 2], 3) == [[1], [2], []]


def test_assign_an_area(world, people):
    a = elder_in(world, "甲", "丹州社区", people["sw1"], categories=["dibao"])
    b = elder_in(world, "乙", "丹州社区")
    c = elder_in(world, "丙", "丹州社区", people["sw2"])  # already theirs: untouched
    d = elder_in(world, "丁", "海澜社区", people["sw1"])  # another area
    before = {e.pk: e.history.count() for e in (a, b, c, d)}
    moved = caseload.caseload_assign(
        actor=people["head"], station=world["zhuoda"], worker=people["sw2"],
        area=area(world, "丹州社区"),
    )  # fmt: skip
    assert moved == 2
    sw1, sw2 = people["sw1"].pk, people["sw2"].pk
    assert workers_of(a, b, c, d) == [sw2, sw2, sw2, sw1]
    assert plan_workers(a, b, c, d) == [sw2, sw2, sw2, sw1]
    after = {e.pk: e.history.count() for e in (a, b, c, d)}
    assert [after[e.pk] - before[e.pk] for e in (a, b, c, d)] == [1, 1, 0, 0]
    record = latest_history(a)
    assert (record.history_change_reason, record.history_user) == ("Caseload assigned",
                                                                   people["head"])  # fmt: skip
    assert Elder.objects.get(pk=a.pk).version == a.version + 1
    # The new history row keeps the categories: the timeline shows only the worker changing.
    change = elder_selectors.elder_history(Elder.objects.get(pk=a.pk))[0]["changes"]
    assert [field for field, _old, _new in change if field != "version"] == ["assigned_worker"]
    log = AccessLog.objects.get(action="followups.caseload.assigned")
    assert log.detail["elders"] == 2


def test_assign_only_unassigned_of_a_category(world, people):
    alone = elder_in(world, "甲", "丹州社区", living_arrangement="alone")
    alone_taken = elder_in(world, "乙", "海澜社区", people["sw2"], living_arrangement="alone")
    not_alone = elder_in(world, "丙", "卓达社区", living_arrangement="children")
    moved = caseload.caseload_assign(actor=people["head"], station=world["zhuoda"],
                                     worker=people["sw1"], category="alone",
                                     only_unassigned=True)  # fmt: skip
    assert moved == 1
    assert workers_of(alone, alone_taken, not_alone) == [people["sw1"].pk, people["sw2"].pk, None]


def test_preview_counts_what_assign_would_move(world, people):
    for i in range(3):
        elder_in(world, f"甲{i}", "海罗村")
    elder_in(world, "乙", "海罗村", people["sw1"])
    args = {"actor": people["head"], "station": world["zhuoda"], "worker": people["sw1"],
            "area": area(world, "海罗村")}  # fmt: skip
    assert caseload.assign_preview(**args, today=timezone.localdate()) == 3
    assert caseload.caseload_assign(**args) == 3


@pytest.mark.parametrize("who", ["zhuoda-vol1", "wangcheng-sw1"])
def test_only_staff_of_the_station_take_elders(world, people, who):
    elder = elder_in(world, "甲", "丹州社区")
    with pytest.raises(ValidationError):
        caseload.caseload_assign(actor=people["head"], station=world["zhuoda"],
                                 worker=world["users"][who], only_unassigned=True)  # fmt: skip
    assert workers_of(elder) == [None]
    assert elder.history.count() == 1


def test_assign_needs_a_criterion_and_an_area_of_the_station(world, people):
    elder_in(world, "甲", "丹州社区")
    with pytest.raises(ValidationError):
        caseload.caseload_assign(actor=people["head"], station=world["zhuoda"],
                                 worker=people["sw1"])  # fmt: skip
    other_area = world["wangcheng"].areas.get()
    with pytest.raises(ValidationError):
        caseload.caseload_assign(actor=people["head"], station=world["zhuoda"],
                                 worker=people["sw1"], area=other_area)  # fmt: skip
    assert not Elder.objects.filter(assigned_worker__isnull=False).exists()


def test_rebalance_spreads_evenly_keeping_neighbours(world, people):
    sw1 = people["sw1"]
    # Ordered by area name (丹 < 卓 < 海) and address: 丹州 ×2, 卓达 ×1, 海澜 ×2.
    elders = [
        elder_in(world, "海一", "海澜社区", sw1, address="海澜1栋"),
        elder_in(world, "丹一", "丹州社区", sw1, address="丹州1栋"),
        elder_in(world, "卓一", "卓达社区", sw1),
        elder_in(world, "海二", "海澜社区", sw1, address="海澜2栋"),
        elder_in(world, "丹二", "丹州社区", sw1, address="丹州2栋"),
    ]
    gone = elder_in(world, "已故", "丹州社区", sw1)
    Elder.objects.filter(pk=gone.pk).update(status="deceased")
    # Receivers are taken in name order: zhuoda-head, then zhuoda-sw2.
    head, sw2 = people["head"], people["sw2"]
    preview = caseload.rebalance_preview(actor=head, station=world["zhuoda"], from_worker=sw1,
                                         to_workers=[sw2, head, sw1])  # fmt: skip
    assert [(p["worker"], p["count"], p["areas"]) for p in preview] == [
        (head, 3, ["丹州社区", "卓达社区"]), (sw2, 2, ["海澜社区"])]  # fmt: skip
    counts = caseload.caseload_rebalance(actor=head, station=world["zhuoda"], from_worker=sw1,
                                         to_workers=[sw2, head, sw1])  # fmt: skip
    assert counts == {head.pk: 3, sw2.pk: 2}
    assert workers_of(*elders) == [sw2.pk, head.pk, head.pk, sw2.pk, head.pk]
    assert plan_workers(*elders) == [sw2.pk, head.pk, head.pk, sw2.pk, head.pk]
    assert workers_of(gone) == [sw1.pk]  # only active elders move
    assert {latest_history(e).history_change_reason for e in elders} == {"Caseload reassigned"}
    assert all(e.history.count() == 2 for e in elders)


def test_rebalance_needs_another_staff_member(world, people):
    elder = elder_in(world, "甲", "丹州社区", people["sw1"])
    for to_workers in ([people["sw1"]], [people["vol1"]], []):
        with pytest.raises(ValidationError):
            caseload.caseload_rebalance(
                actor=people["head"], station=world["zhuoda"], from_worker=people["sw1"],
                to_workers=to_workers,
            )  # fmt: skip
    assert workers_of(elder) == [people["sw1"].pk]


def test_summary_counts_active_and_overdue_per_worker(world, people):
    today = timezone.localdate()
    a = elder_in(world, "甲", "丹州社区", people["sw1"])
    elder_in(world, "乙", "丹州社区", people["sw1"])
    elder_in(world, "丙", "丹州社区")
    elder_in(world, "丁", "丹州社区", people["sw2"])
    Plan.objects.filter(elder=a).update(next_due=today - dt.timedelta(days=3))
    # sw2 left the station: still listed with their elders, after those who are here.
    Membership.objects.filter(user=people["sw2"]).update(active=False)
    rows = caseload.caseload_summary(actor=people["head"], station=world["zhuoda"], today=today)
    shown = [(str(r.worker) if r.worker else None, r.active, r.overdue, r.at_station)
             for r in rows]  # fmt: skip
    assert shown == [
        ("zhuoda-head", 0, 0, True),
        ("zhuoda-sw1", 2, 1, True),
        ("zhuoda-sw2", 1, 0, False),
        (None, 1, 0, True),
    ]


@pytest.mark.parametrize("count", [5, 60])
def test_assign_takes_the_same_queries_for_few_and_many(world, people, count,
                                                        django_assert_max_num_queries):  # fmt: skip
    for i in range(count):
        elder_in(world, f"甲{i}", "海罗村", categories=["dibao"])
    village = area(world, "海罗村")
    # Staff check, elders, update, history (SQLite splits 60 rows in two), history ids,
    # category links and their history, plans, access log, savepoint: no query per elder.
    with django_assert_max_num_queries(12):
        moved = caseload.caseload_assign(actor=people["head"], station=world["zhuoda"],
                                         worker=people["sw1"], area=village)  # fmt: skip
    assert moved == count
