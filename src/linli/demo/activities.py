"""The demo stations' community activities: a year of them, deterministic for a seed.

Every kind of activity: monthly birthday parties (生日会), festival events on the festivals' real
dates (重阳, 中秋, 端午, 元宵 and a gathering before 春节), anti-fraud talks with the police
station, free health checks (义诊) with the health-service centre, handicraft afternoons with the
volunteer team, outings, volunteer training and a show. Activities are created and marked held
or cancelled through the services; sign-ups, attendance and feedback forms of past activities
are bulk-created (valid rows, dated at the activity). Attendance comes from the station's active
elders, weighted towards regulars, those in the station's home area and the younger ones, plus
named and anonymous walk-ins. The seed station (zhuoda, ~7,000 elders) gets about 3,500
person-times in the last ten months; smaller stations get fewer, in proportion.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from linli.activities import selectors, services
from linli.activities.models import Activity, Attendance, Feedback, SignUp
from linli.elders.models import Elder
from linli.lib.lunar import festivals_between
from linli.partners.models import Partner
from linli.stations.models import Membership

from . import names
from .partners import moment, places

T = Activity.Type
REFERENCE_ELDERS = 7000  # zhuoda's size: the scale of the sizes below
MIN_SCALE = 0.15
# Mean attendance (person-times) per type at the reference station.
SIZES = {T.FESTIVAL: 190, T.HEALTH_CHECK: 150, T.TALK: 100, T.BIRTHDAY: 85, T.HANDICRAFT: 50,
         T.OUTING: 40, T.TRAINING: 35, T.OTHER: 70}  # fmt: skip
FESTIVALS = {"spring": ("迎新春写春联送福字", -5, 9), "lantern": ("元宵节猜灯谜闹元宵", 0, 15),
             "dragon_boat": ("端午节包粽子", 0, 9), "mid_autumn": ("中秋团圆联欢会", -1, 15),
             "double_ninth": ("重阳敬老联欢会", 0, 9)}  # fmt: skip
TALKS = ("防范电信诈骗讲座", "守好养老钱——防诈骗讲座", "识破保健品骗局讲座")
CHECKS = ("社区义诊：量血压测血糖", "免费健康体检（义诊）", "中医义诊与养生讲座")
CRAFTS = ("手工编织下午", "剪纸手工坊", "串珠手工下午", "布艺香包手工")
PARTNER_KINDS = {
    T.FESTIVAL: (Partner.Kind.SOCIAL_ORG, Partner.Kind.ENTERPRISE, Partner.Kind.COMMUNITY),
    T.BIRTHDAY: (Partner.Kind.ENTERPRISE, Partner.Kind.SOCIAL_ORG),
    T.TALK: (Partner.Kind.POLICE,),
    T.HEALTH_CHECK: (Partner.Kind.HEALTH,),
    T.HANDICRAFT: (Partner.Kind.VOLUNTEER_TEAM, Partner.Kind.SCHOOL),
    T.OUTING: (Partner.Kind.VOLUNTEER_TEAM,),
    T.TRAINING: (Partner.Kind.SOCIAL_ORG,),
    T.OTHER: (Partner.Kind.COMMUNITY,),
}
KEYS = ("attitude", "timeliness", "usefulness", "information", "overall")
COMMENTS = ("", "", "", "活动很好，希望多办", "讲得清楚", "工作人员很热情", "时间可以再长一点")


@dataclass
class ActivityCounts:
    activities: int = 0
    held: int = 0
    cancelled: int = 0
    planned: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    sign_ups: int = 0
    attendance_rows: int = 0
    feedback: int = 0
    person_times_ten_months: int = 0
    unique_persons_ten_months: int = 0


@dataclass
class Plan:
    type: str
    title: str
    starts_at: dt.datetime
    hours: int = 2
    cancelled: bool = False


def _day_in_month(year: int, month: int, rng: random.Random, weekday_only: bool = True):
    day = dt.date(year, month, rng.randint(12, 26))
    while weekday_only and day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _months(start: dt.date, end: dt.date):
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _plans(rng: random.Random, start: dt.date, end: dt.date, today: dt.date) -> list[Plan]:
    """The year's calendar: monthly parties, festivals on their dates, the rest every other
    month or twice a year."""
    plans = []
    for i, (year, month) in enumerate(_months(start, end)):
        day = _day_in_month(year, month, rng)
        plans.append(Plan(T.BIRTHDAY, f"{month}月集体生日会", moment(day, 15)))
        kind, titles = ((T.TALK, TALKS), (T.HEALTH_CHECK, CHECKS))[i % 2]
        plans.append(Plan(kind, rng.choice(titles), moment(_day_in_month(year, month, rng), 9)))
        if i % 2 == 0:
            craft = moment(_day_in_month(year, month, rng), 14, 30)
            plans.append(Plan(T.HANDICRAFT, rng.choice(CRAFTS), craft))
    for festival in festivals_between(start, end):
        if festival.code in FESTIVALS:
            title, shift, hour = FESTIVALS[festival.code]
            day = festival.date + dt.timedelta(days=shift)
            plans.append(Plan(T.FESTIVAL, title, moment(day, hour), hours=3))
    for month, kind, title in ((4, T.OUTING, "长者春游踏青"), (11, T.OUTING, "长者秋游"),
                               (3, T.TRAINING, "志愿者培训：助老服务技巧"),
                               (9, T.TRAINING, "志愿者培训：防跌倒与急救"),
                               (6, T.OTHER, "长者才艺展演")):  # fmt: skip
        for year in {start.year, end.year}:
            day = _day_in_month(year, month, rng, weekday_only=False)
            if start <= day <= end:
                plans.append(Plan(kind, title, moment(day, 9), hours=4 if kind == T.OUTING else 2))
    plans = sorted((p for p in plans if start <= p.starts_at.date() <= end),
                   key=lambda p: p.starts_at)  # fmt: skip
    outings = [p for p in plans if p.type == T.OUTING and p.starts_at.date() < today]
    if outings:
        outings[0].cancelled = True  # called off for the weather
    return plans


def _staff(station) -> tuple:
    rows = Membership.objects.filter(station=station, role__in=("head", "worker"))
    members = sorted(rows.select_related("user"), key=lambda m: (m.role != "head", m.user_id))
    return tuple(m.user for m in members)


class Attendees:
    """Who of the station's active elders comes: regulars, neighbours and the younger ones."""

    def __init__(self, rng: random.Random, elders: list[Elder], today: dt.date):
        self.rng = rng
        self.elders = elders
        home = Counter(e.area_id for e in elders).most_common(1)
        home_area = home[0][0] if home else None
        self.weights = [self._weight(e, home_area, today) for e in elders]

    def _weight(self, elder: Elder, home_area, today: dt.date) -> float:
        age = elder.age_on(today) or 75
        by_age = 1.6 if age < 70 else 1.2 if age < 80 else 0.6 if age < 90 else 0.15
        near = 1.8 if elder.area_id == home_area else 1.0
        return by_age * near * self.rng.choice((0.2, 0.6, 1.0, 1.0, 2.5, 4.0))

    def pick(self, count: int) -> list[Elder]:
        """`count` different elders, weighted (Efraimidis–Spirakis keys)."""
        keyed = [(self.rng.random() ** (1 / w), i) for i, w in enumerate(self.weights)]
        keyed.sort(reverse=True)
        return [self.elders[i] for _key, i in keyed[:count]]


def _partners_for(station, rng: random.Random, kind: str) -> list[Partner]:
    found = [p for p in Partner.objects.filter(station=station, active=True).order_by("id")
             if p.kind in PARTNER_KINDS[kind]]  # fmt: skip
    return rng.sample(found, min(len(found), rng.randint(1, 2))) if found else []


def _create(station, head, rng, plan: Plan, areas, scale: float) -> Activity:
    where = places(station)
    area = None if plan.type in (T.FESTIVAL, T.BIRTHDAY) or not areas else rng.choice(areas)
    place = f"{area.name}党群服务中心" if area else f"{where['street']}社区服务站活动室"
    capacity = None
    if plan.type in (T.HANDICRAFT, T.OUTING, T.TRAINING):
        capacity = max(10, round(SIZES[plan.type] * scale * 1.3))
    data = {
        "title": plan.title, "type": plan.type, "starts_at": plan.starts_at,
        "ends_at": plan.starts_at + dt.timedelta(hours=plan.hours), "place": place,
        "area": area, "target_group": "辖区60岁以上老年人", "capacity": capacity,
        "budget_yuan": rng.choice((300, 500, 800, 1200, 2000)),
        "description": f"{plan.title}：签到、主题活动、合影留念、满意度调查。",
        "materials": "签到表、横幅、茶水、宣传资料",
    }  # fmt: skip
    partners = _partners_for(station, rng, plan.type)
    activity = services.activity_create(actor=head, station=station, data=data, partners=partners)
    created = plan.starts_at - dt.timedelta(days=rng.randint(10, 25))
    Activity.objects.filter(pk=activity.pk).update(created_at=created)
    return activity


def _walk_in_name(rng: random.Random, region: str) -> str:
    sex = rng.choice("MF")
    return names.person_name(rng, sex=sex, birth_year=rng.randint(1940, 1965), region=region)


def _attendance(rng, activity: Activity, attendees: Attendees, staff, size: int, region: str):
    """The rows of one held activity: elders (ticked, scanned or from paper), a few named
    walk-ins and one to three anonymous groups."""
    start = activity.starts_at
    anonymous = round(size * rng.uniform(0.08, 0.15))
    named = round(size * rng.uniform(0.02, 0.05))
    elders = attendees.pick(max(1, min(size - anonymous - named, len(attendees.elders) // 2)))
    rows = []
    for elder in elders:
        method = rng.choices(("roster", "qr", "paper"), weights=(55, 35, 10))[0]
        rows.append(Attendance(
            activity=activity, station_id=activity.station_id, elder=elder, method=method,
            recorded_by=None if method == "qr" else rng.choice(staff),
            at=start + dt.timedelta(minutes=rng.randint(-20, 30)),
        ))  # fmt: skip
    for name in {_walk_in_name(rng, region) for _ in range(named)}:
        rows.append(Attendance(activity=activity, station_id=activity.station_id,
                               walk_in_name=name, method="walk_in", recorded_by=staff[-1],
                               at=start + dt.timedelta(minutes=rng.randint(0, 40))))  # fmt: skip
    groups = [g for g in _split(rng, anonymous) if g]
    for count in groups:
        rows.append(Attendance(activity=activity, station_id=activity.station_id, count=count,
                               method="walk_in", recorded_by=staff[-1],
                               at=start + dt.timedelta(minutes=rng.randint(0, 60))))  # fmt: skip
    return rows, elders


def _split(rng: random.Random, total: int) -> list[int]:
    parts = rng.randint(1, 3)
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def _sign_ups(rng, activity: Activity, came: list[Elder], attendees: Attendees, staff):
    """Sign-ups ahead for activities with places: most of those who came, some who did not."""
    if activity.capacity is None:
        return []
    chosen = came[: round(len(came) * 0.8)] + attendees.pick(max(1, len(came) // 6))
    unique = list({e.pk: e for e in chosen}.values())[: activity.capacity]
    at = activity.starts_at - dt.timedelta(days=rng.randint(2, 7))
    return [SignUp(activity=activity, station_id=activity.station_id, elder=e,
                   by=rng.choice(staff), at=at) for e in unique]  # fmt: skip


def _feedback(rng, activity: Activity, size: int, staff) -> list[Feedback]:
    """Paper and QR forms from about a tenth of those who came: about nine in ten satisfied,
    as stations report (every rating 4 or 5); the others rate some items 2 or 3."""
    instrument = services.satisfaction_instrument()
    forms = []
    for _ in range(max(3, min(30, size // 10))):
        if rng.random() < 0.92:
            answers = {k: rng.choices((5, 4), weights=(55, 45))[0] for k in KEYS}
        else:
            answers = {k: rng.choices((4, 3, 2), weights=(30, 55, 15))[0] for k in KEYS}
        comment = rng.choice(COMMENTS)
        if comment:
            answers["comment"] = comment
        total = instrument.score(answers).total
        channel = rng.choice(("paper", "paper", "qr"))
        forms.append(Feedback(
            activity=activity, station_id=activity.station_id,
            instrument_version=instrument.version, answers=answers, total=total,
            satisfied=services.is_satisfied(total, len(instrument.total_items)), channel=channel,
            recorded_by=rng.choice(staff) if channel == "paper" else None,
            at=activity.starts_at + dt.timedelta(hours=2, minutes=rng.randint(0, 50)),
        ))  # fmt: skip
    return forms


@transaction.atomic
def station_activities_create(*, station, seed: int, today: dt.date) -> ActivityCounts:
    """A year of a station's activities with sign-ups, attendance and feedback."""
    rng = random.Random(f"linli-demo-activities:{seed}:{station.code}")
    staff = _staff(station)
    head = staff[0]
    elders = list(Elder.objects.filter(station=station, status=Elder.Status.ACTIVE).order_by("id"))
    scale = max(MIN_SCALE, min(1.0, len(elders) / REFERENCE_ELDERS))
    attendees = Attendees(rng, elders, today)
    areas = list(station.areas.order_by("name"))
    region = places(station)["region"]
    counts = ActivityCounts()
    rows: dict[str, list] = {"attendance": [], "sign_ups": [], "feedback": []}
    tomorrow = selectors.day_start(today + dt.timedelta(days=1))
    first, last = today - dt.timedelta(days=365), today + dt.timedelta(days=30)
    for plan in _plans(rng, first, last, today):
        activity = _create(station, head, rng, plan, areas, scale)
        counts.by_type[str(plan.type)] = counts.by_type.get(str(plan.type), 0) + 1
        if plan.cancelled:
            services.activity_cancel(actor=head, activity=activity)
            counts.cancelled += 1
        elif plan.starts_at >= tomorrow:
            counts.planned += 1
        else:
            services.activity_mark_held(actor=head, activity=activity)
            counts.held += 1
            _held(rng, activity, attendees, staff, region, scale, rows)
    Attendance.objects.bulk_create(rows["attendance"], batch_size=1000)
    SignUp.objects.bulk_create(rows["sign_ups"], batch_size=1000)
    Feedback.objects.bulk_create(rows["feedback"], batch_size=1000)
    _count(counts, station, today, rows)
    return counts


def _held(rng, activity, attendees, staff, region, scale, rows) -> None:
    if not attendees.elders:
        return
    size = max(5, round(SIZES[activity.type] * scale * rng.uniform(0.75, 1.25)))
    attendance, came = _attendance(rng, activity, attendees, staff, size, region)
    rows["attendance"] += attendance
    rows["sign_ups"] += _sign_ups(rng, activity, came, attendees, staff)
    if rng.random() < 0.85:
        rows["feedback"] += _feedback(rng, activity, size, staff)


def _count(counts: ActivityCounts, station, today: dt.date, rows) -> None:
    counts.activities = counts.held + counts.cancelled + counts.planned
    counts.sign_ups = len(rows["sign_ups"])
    counts.attendance_rows = len(rows["attendance"])
    counts.feedback = len(rows["feedback"])
    start = today - dt.timedelta(days=304)  # the last ten months
    args = {"station": station, "start": start, "end": today}
    counts.person_times_ten_months = selectors.person_times(**args)
    counts.unique_persons_ten_months = selectors.unique_persons(**args)
