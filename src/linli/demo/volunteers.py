"""Volunteers for a demo station: the registry in five teams with leaders, about a third of them
elders of the station (老年志愿者), training, one-to-one pairings with elders who live alone or
lost their only child, pairing visits logged as contacts, hours from visits, requests and
activities (the recent ones still waiting for a worker's confirmation) and a few time-bank
redemptions.

Everything goes through the volunteer services with the days it happened; the demo's "now" is
08:00 on the load day. The seed-like station (zhuoda) has 50 volunteers, the others 20.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum

from linli.accounts.models import User
from linli.activities.models import Activity
from linli.elders.models import Elder
from linli.errands.models import ServiceRequest
from linli.volunteers import services
from linli.volunteers.models import (
    HoursEntry,
    Pairing,
    Redemption,
    Skill,
    Team,
    Training,
    Volunteer,
)
from linli.volunteers.selectors import balance

from .community import STATIONS
from .names import person_name
from .partners import moment

SIZE = {"zhuoda": 50}
OTHER_SIZE = 20
PAIRINGS = {"zhuoda": 24}
OTHER_PAIRINGS = 8
# fmt: off
TEAMS = (
    ("环保志愿服务队", "垃圾分类宣传、清理楼道和海滩", ("cleaning", "repairs")),
    ("文化志愿服务队", "合唱、广场舞、书法和智能手机课", ("singing", "teaching", "photography")),
    ("治安志愿服务队", "夜间巡逻、防诈骗宣传", ("escort", "paperwork")),
    ("医疗卫生保健志愿服务队", "量血压、义诊、健康讲座", ("medical",)),
    ("敬老志愿服务队", "结对探访、陪诊、代购", ("companionship", "shopping", "cooking", "haircut")),
)
TRAININGS = (("志愿者岗前培训", 3), ("老年人急救与防跌倒培训", 4), ("防范电信诈骗宣传培训", 2),
             ("结对探访沟通技巧培训", 2))
LOCAL_EXTRA = (("粤语", 2), ("客家话", 1), ("黎语", 1))
MIGRANT_TONGUES = (("东北话", 5), ("四川话", 2), ("河南话", 2), ("山东话", 2))
VISIT_NOTES = ("聊家常，老人精神不错", "帮忙整理药盒，提醒按时吃药", "陪老人下楼散步",
               "老人说最近睡得不好，已告诉社工", "一起看了孙子的视频", "帮忙交了水电费",
               "老人腿脚不便，帮忙买了米和油", "")
OTHER_SERVICE = (("社区垃圾分类宣传", 2), ("楼道清理", 2), ("夜间巡逻", 3), ("重阳节活动布置", 3),
                 ("智能手机使用辅导", 2))
REDEEM = (("上门理发", "本人"), ("家政保洁两小时", "母亲"), ("陪同就医", "父亲"),
          ("上门维修水管", "本人"))
# fmt: on
SLOTS = [f"{d}{p}" for d in range(7) for p in ("am", "pm", "eve")]


@dataclass
class VolunteerCounts:
    volunteers: int = 0
    elder_volunteers: int = 0
    teams: int = 0
    trainings: int = 0
    pairings_open: int = 0
    pairings_ended: int = 0
    visits: int = 0
    hours_entries: int = 0
    hours_unconfirmed: int = 0
    hours_confirmed: Decimal = Decimal("0")
    redemptions: int = 0
    by_source: dict[str, int] = field(default_factory=dict)


@transaction.atomic
def station_volunteers_create(*, station, seed: int, today: dt.date) -> VolunteerCounts:
    """The station's volunteers, teams, pairings and hours, deterministic for a seed."""
    rng = random.Random(f"linli-demo-volunteers:{seed}:{station.code}")
    staff = _staff(station)
    now = moment(today, 8)
    volunteers = _volunteers_create(station, rng, today, staff)
    _teams_create(station, rng, staff["head"], volunteers)
    _trainings_create(rng, today, staff["head"], volunteers)
    pairings = _pairings_create(station, rng, today, staff, volunteers)
    ends = _planned_ends(rng, today, pairings)
    _visits_create(rng, today, now, staff, pairings, ends)
    _pairings_end(rng, today, staff["head"], pairings, ends)
    _request_hours(station, rng, staff)
    _activity_hours(station, rng, now, staff, volunteers)
    _other_hours(rng, today, staff, volunteers)
    _confirm(station, rng, today, now, staff)
    _redeem(rng, today, staff["head"], volunteers)
    return volunteer_counts(station)


def _staff(station) -> dict:
    users = User.objects.filter(username__startswith=f"{station.code}-")
    return {u.username.split("-", 1)[1]: u for u in users}


def _spec(station):
    return next((s for s in STATIONS if s.code == station.code), None)


def _languages(rng, *, local: bool) -> list[str]:
    if local:
        extra = rng.choices([w for w, _n in LOCAL_EXTRA], [n for _w, n in LOCAL_EXTRA])[0]
        return ["海南话", "普通话"] + ([extra] if rng.random() < 0.25 else [])
    tongue = rng.choices([w for w, _n in MIGRANT_TONGUES], [n for _w, n in MIGRANT_TONGUES])[0]
    return ["普通话"] + ([tongue] if rng.random() < 0.6 else [])


def _person(rng, today: dt.date, areas: list, home) -> dict:
    """What every volunteer has: skills, availability, a phone, maybe a platform number."""
    skills = rng.sample(Skill.values, rng.randint(1, 3))
    return {
        "skills": skills,
        "availability": sorted(rng.sample(SLOTS, rng.randint(2, 6)), key=SLOTS.index),
        "phone": f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}",
        "platform_id": f"ZYH{rng.randint(10**7, 10**8 - 1)}" if rng.random() < 0.6 else "",
        "joined_on": today - dt.timedelta(days=rng.randint(120, 1100)),
        "area_id": (home if rng.random() < 0.4 else rng.choice(areas)).pk,
    }


def _volunteers_create(station, rng, today: dt.date, staff: dict) -> list[Volunteer]:
    size = SIZE.get(station.code, OTHER_SIZE)
    areas = list(station.areas.order_by("name"))
    spec = _spec(station)
    home = next((a for a in areas if spec and a.name == spec.volunteer_area), areas[0])
    local_region = "hainan" if station.region.code.startswith("46") else "southwest"
    young_elders = [
        e for e in Elder.objects.filter(station=station, status=Elder.Status.ACTIVE,
                                        birth_date__gte=dt.date(today.year - 74, 1, 1))
        .exclude(living_arrangement__in=("alone", "institution", "carer"))
        .exclude(categories__code__in=("lost_only_child", "disabled", "dementia"))
        .order_by("id")[:400]
    ]  # fmt: skip
    chosen = rng.sample(young_elders, min(len(young_elders), round(size / 3)))
    made = []
    for index in range(size):
        data = _person(rng, today, areas, home)
        if index == 0 and "vol1" in staff:  # the demo volunteer who signs in
            user = staff["vol1"]
            data |= {"name": user.display_name or user.username, "user": user,
                     "area_id": home.pk, "languages": ["普通话", "海南话"],
                     "skills": ["companionship", "shopping", "cooking"],
                     "background_checked_on": today - dt.timedelta(days=200)}  # fmt: skip
        elif chosen and index <= len(chosen):
            elder = chosen[index - 1]
            data |= {"elder": elder, "area_id": elder.area_id or home.pk,
                     "languages": _languages(rng, local=not elder.migratory)}  # fmt: skip
        else:
            sex = rng.choice("MF")
            year = rng.randint(1965, 2003)
            local = rng.random() < 0.6
            region = local_region if local else rng.choice(("northeast", "north"))
            data |= {
                "name": person_name(rng, sex=sex, birth_year=year, region=region),
                "sex": sex,
                "birth_year": year,
                "languages": _languages(rng, local=local),
            }
        if "background_checked_on" not in data and rng.random() < 0.35:
            data["background_checked_on"] = data["joined_on"] + dt.timedelta(
                days=rng.randint(7, 60)
            )
        made.append(services.volunteer_create(actor=staff["head"], station=station, data=data))
    return made


def _teams_create(station, rng, head, volunteers: list[Volunteer]) -> None:
    teams = []
    for name, purpose, _skills in TEAMS:
        teams.append(services.team_create(actor=head, station=station, name=name,
                                          purpose=purpose))  # fmt: skip
    for v in volunteers:
        fits = [t for t, (_n, _p, skills) in zip(teams, TEAMS, strict=True)
                if set(skills) & set(v.skills)] or teams  # fmt: skip
        for team in rng.sample(fits, 2 if rng.random() < 0.15 and len(fits) > 1 else 1):
            services.team_add_member(actor=head, team=team, volunteer=v)
    for team in teams:
        members = list(team.members.order_by("id"))
        checked = [m for m in members if m.background_checked_on] or members
        if checked:
            services.team_set_leader(actor=head, team=team, volunteer=rng.choice(checked))


def _trainings_create(rng, today: dt.date, head, volunteers: list[Volunteer]) -> None:
    for v in volunteers:
        for title, hours in rng.sample(TRAININGS, rng.choice((0, 1, 1, 2))):
            on = max(v.joined_on, today - dt.timedelta(days=rng.randint(20, 330)))
            services.training_add(actor=head, volunteer=v, title=title, on=on,
                                  hours=Decimal(hours), certificate="",
                                  count_hours=True)  # fmt: skip


def _pairings_create(station, rng, today: dt.date, staff: dict, volunteers) -> list[Pairing]:
    """The demo volunteer's existing pairings first, then others with elders alone or 失独."""
    head = staff["head"]
    made = []
    own = volunteers[0] if volunteers and volunteers[0].user_id else None
    if own is not None:
        for elder in Elder.objects.filter(volunteers=own.user, station=station).order_by("id"):
            made.append(services.pairing_start(actor=head, volunteer=own, elder=elder,
                                               started_on=_started(rng, today)))  # fmt: skip
    wanted = PAIRINGS.get(station.code, OTHER_PAIRINGS)
    taken = {p.elder_id for p in made} | {v.elder_id for v in volunteers if v.elder_id}
    lonely = [
        e for e in Elder.objects.filter(station=station, status=Elder.Status.ACTIVE)
        .filter(Q(living_arrangement="alone") | Q(categories__code="lost_only_child"))
        .distinct().order_by("id")[:600] if e.pk not in taken
    ]  # fmt: skip
    others = [v for v in volunteers if v.pk != getattr(own, "pk", None)]
    for elder in rng.sample(lonely, min(len(lonely), max(0, wanted - len(made)) + 2)):
        near = [v for v in others if v.area_id == elder.area_id] or others
        volunteer = min(rng.sample(near, min(3, len(near))), key=lambda v: _load(v, made))
        made.append(services.pairing_start(actor=head, volunteer=volunteer, elder=elder,
                                           started_on=_started(rng, today)))  # fmt: skip
    return made


def _pairings_end(rng, today: dt.date, head, pairings: list[Pairing], ends: dict) -> None:
    """Two pairings ended: one elder moved to a care home, one volunteer moved away."""
    for pairing in pairings:
        if pairing.pk in ends:
            reason = rng.choice(("老人入住养老院", "志愿者搬离社区"))
            services.pairing_end(actor=head, pairing=pairing, ended_on=ends[pairing.pk],
                                 reason=reason)  # fmt: skip


def _planned_ends(rng, today: dt.date, pairings: list[Pairing]) -> dict[int, dt.date]:
    ends = {}
    for pairing in pairings[-2:]:
        end = pairing.started_on + dt.timedelta(days=rng.randint(40, 90))
        ends[pairing.pk] = min(end, today - dt.timedelta(days=1))
    return ends


def _started(rng, today: dt.date) -> dt.date:
    return today - dt.timedelta(days=rng.randint(60, 320))


def _load(volunteer, made: list[Pairing]) -> int:
    return sum(1 for p in made if p.volunteer_id == volunteer.pk)


def _visits_create(rng, today: dt.date, now: dt.datetime, staff: dict, pairings, ends) -> None:
    """Visits every two to four weeks over the last four months of each pairing (a volunteer
    without an account has a worker log them)."""
    workers = [staff[k] for k in ("sw1", "sw2", "head") if k in staff]
    for pairing in pairings:
        last = ends.get(pairing.pk, today - dt.timedelta(days=1))
        day = max(pairing.started_on, today - dt.timedelta(days=120)) + dt.timedelta(
            days=rng.randint(1, 10))  # fmt: skip
        while day <= last:
            by = pairing.volunteer.user or rng.choice(workers)
            outcome = rng.choices(("reached", "no_answer", "away"), (90, 6, 4))[0]
            services.pairing_visit_log(
                actor=by, pairing=pairing, on=day, outcome=outcome,
                note=rng.choice(VISIT_NOTES) if outcome == "reached" else "",
                hours=Decimal(rng.choice(("1", "1", "1.5", "2"))), now=now,
            )  # fmt: skip
            day += dt.timedelta(days=rng.randint(14, 28))


def _request_hours(station, rng, staff: dict) -> None:
    """Hours for the requests the demo volunteer did (done or confirmed)."""
    vol = staff.get("vol1")
    if vol is None or not Volunteer.objects.filter(user=vol, station=station).exists():
        return
    done = ServiceRequest.objects.filter(
        station=station, assigned_to=vol,
        status__in=(ServiceRequest.Status.DONE, ServiceRequest.Status.CONFIRMED),
    ).order_by("done_at", "id")  # fmt: skip
    for request in done:
        services.hours_from_request(actor=staff["head"], request=request)


def _activity_hours(station, rng, now: dt.datetime, staff: dict, volunteers) -> None:
    """A few volunteers helped at some of the activities already held."""
    held = list(
        Activity.objects.filter(station=station, status=Activity.Status.HELD, starts_at__lt=now)
        .order_by("starts_at", "id")
    )  # fmt: skip
    for activity in rng.sample(held, min(len(held), 8)):
        helpers = rng.sample(volunteers, min(len(volunteers), rng.randint(3, 8)))
        services.hours_from_activity(actor=staff["head"], activity=activity, volunteers=helpers,
                                     now=now)  # fmt: skip


def _other_hours(rng, today: dt.date, staff: dict, volunteers) -> None:
    for v in rng.sample(volunteers, len(volunteers) // 2):
        for _i in range(rng.randint(1, 4)):
            what, hours = rng.choice(OTHER_SERVICE)
            on = max(v.joined_on, today - dt.timedelta(days=rng.randint(1, 320)))
            services.hours_record(actor=staff["head"], volunteer=v, on=on, hours=Decimal(hours),
                                  source=HoursEntry.Source.OTHER, description=what)  # fmt: skip


def _confirm(station, rng, today: dt.date, now: dt.datetime, staff: dict) -> None:
    """Hours older than two weeks are confirmed a few days after they were given."""
    workers = [staff[k] for k in ("sw1", "sw2", "head") if k in staff]
    waiting = HoursEntry.objects.filter(
        station=station, confirmed_at__isnull=True, on__lt=today - dt.timedelta(days=14)
    ).order_by("on", "id")
    for entry in waiting:
        at = min(moment(entry.on + dt.timedelta(days=rng.randint(1, 7)), rng.randint(9, 17)), now)
        services.hours_confirm(actor=rng.choice(workers), entry=entry, now=at)


def _redeem(rng, today: dt.date, head, volunteers) -> None:
    rich = [v for v in volunteers if balance(v) >= 6]
    for v, (service, whom) in zip(rng.sample(rich, min(4, len(rich))), REDEEM, strict=False):
        services.redemption_record(actor=head, volunteer=v,
                                   on=today - dt.timedelta(days=rng.randint(3, 60)),
                                   hours=Decimal(rng.choice(("2", "3", "4"))), service=service,
                                   beneficiary=whom)  # fmt: skip


def volunteer_counts(station) -> VolunteerCounts:
    """What the station's volunteer data holds now."""
    volunteers = Volunteer.objects.filter(station=station)
    hours = HoursEntry.objects.filter(station=station)
    pairings = Pairing.objects.filter(station=station)
    by_source: dict[str, int] = {}
    for source in hours.values_list("source", flat=True):
        by_source[source] = by_source.get(source, 0) + 1
    confirmed = hours.filter(confirmed_at__isnull=False).aggregate(t=Sum("hours"))["t"]
    return VolunteerCounts(
        volunteers=volunteers.count(),
        elder_volunteers=volunteers.filter(elder__isnull=False).count(),
        teams=Team.objects.filter(station=station).count(),
        trainings=Training.objects.filter(station=station).count(),
        pairings_open=pairings.filter(ended_on__isnull=True).count(),
        pairings_ended=pairings.filter(ended_on__isnull=False).count(),
        visits=hours.filter(source=HoursEntry.Source.PAIRING).count(),
        hours_entries=hours.count(),
        hours_unconfirmed=hours.filter(confirmed_at__isnull=True).count(),
        hours_confirmed=confirmed or Decimal("0"),
        redemptions=Redemption.objects.filter(station=station).count(),
        by_source=by_source,
    )
