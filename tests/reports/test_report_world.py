"""A small world for the report tests: a project of 卓达 with indicators, three elders, four
activities around March 2026 (one cancelled, one just after the month), two cases and a group.

Counted by hand for March 2026 (2026-03-01..2026-03-31):
- activities held: A1 (5 March) and A2 (31 March, 23:00 local) = 2; A3 starts 1 April 00:30
  local and A4 was cancelled;
- person-times: A1 = 王秀英 1 + 李桂兰 1 + an anonymous group of 5 = 7, A2 = 赵德明 1 + 王秀英 1
  = 2; total 9; persons: 王秀英, 李桂兰, 赵德明 = 3;
- cases opened: the case of 15 March = 1 (the other opened on 28 February); closed: the case
  of 28 February, on 20 March = 1, with two goals, one attained and one partly; open cases: 1;
- volunteers: 陈静 registered = 1; hours 2.5 confirmed on 10 March (1 more unconfirmed);
- age bands on 31 March 2026: 赵德明 (born 1962-01-10, 64) 60-69, 王秀英 (1950-05-01, 75) 70-79,
  李桂兰 (1940-02-01, 86) 80-89 = 1, 1, 1, 0.
Over the whole project (2026-01-01..2026-06-30): activities held 3, person-times 10, cases 2.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from linli.activities.models import Activity
from linli.cases.models import Goal
from linli.groupwork.models import Group, Session
from linli.volunteers.models import HoursEntry, Volunteer
from tests.cases.factories import open_case
from tests.conftest import add_elder
from tests.reports.test_indicators import add, make_project
from tests.reports.test_measures import attend, close, local


def activity(world, starts_at, title, status="held"):
    return Activity.objects.create(
        station=world["zhuoda"],
        title=title,
        type="talk",
        starts_at=starts_at,
        place="活动室",
        status=status,
    )


MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
NAMES = ("王秀英", "李桂兰", "赵德明", "路人甲", "陈静")


def build(world):
    wang = add_elder(world, "zhuoda", name="王秀英", sex="F", birth_date=dt.date(1950, 5, 1))
    li = add_elder(world, "zhuoda", name="李桂兰", sex="F", birth_date=dt.date(1940, 2, 1))
    zhao = add_elder(world, "zhuoda", name="赵德明", sex="M", birth_date=dt.date(1962, 1, 10))
    project = make_project(world)
    add(world, project, "activities_held", 10, label="社区活动场次")
    add(world, project, "person_times", 100, label="服务人次")
    add(world, project, "cases_opened", 4, label="个案开案数")
    a1 = activity(world, local(dt.date(2026, 3, 5)), "健康讲座")
    for elder in (wang, li):
        attend(a1, elder=elder)
    attend(a1, count=5)
    a2 = activity(world, local(dt.date(2026, 3, 31), 23), "手工编织")
    attend(a2, elder=zhao)
    attend(a2, elder=wang)
    a3 = activity(world, local(dt.date(2026, 4, 1), 0, 30), "春季郊游")
    attend(a3, elder=li)
    a4 = activity(world, local(dt.date(2026, 3, 10)), "取消的活动", status="cancelled")
    attend(a4, elder=zhao, name="")
    attend(a4, name="路人甲")
    open_case(world, elder=wang, opened_on=dt.date(2026, 3, 15))
    closed = open_case(world, elder=li, opened_on=dt.date(2026, 2, 28))
    close(closed, local(dt.date(2026, 3, 20)))
    for attainment in ("attained", "partly"):
        Goal.objects.create(case=closed, description="减少孤独感", indicator="每周外出次数",
                            baseline="0", target="2", target_date=dt.date(2026, 3, 15),
                            attainment=attainment)  # fmt: skip
    helper = Volunteer.objects.create(station=world["zhuoda"], name="陈静",
                                      joined_on=dt.date(2026, 2, 1))  # fmt: skip
    for day, hours, confirmed in ((10, "2.5", timezone.now()), (12, "1", None)):
        HoursEntry.objects.create(volunteer=helper, station=helper.station,
                                  on=dt.date(2026, 3, day), hours=Decimal(hours), source="other",
                                  description="陪伴", confirmed_at=confirmed)  # fmt: skip
    group = Group.objects.create(station=world["zhuoda"], name="邻里互助小组", type="mutual_aid",
                                 purpose="互助", goals="减少孤独", planned_sessions=6,
                                 starts_on=dt.date(2026, 3, 1))  # fmt: skip
    for n, day in enumerate((dt.date(2026, 3, 6), dt.date(2026, 3, 20)), 1):
        Session.objects.create(group=group, number=n, held_on=day, theme=f"第{n}节")
    return project
