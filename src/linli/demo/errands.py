"""Four months of service requests for a demo station, dispatched to its volunteer and workers.

Requests come from the elders most likely to need help, by phone, through family or from a
contact that found the need; each goes through the errand services (raise, dispatch, accept,
done, confirm with the elder's feedback) with the times it happened, and stops where the clock
stops: the demo's "now" is 08:00 on the load day, so the last days' requests are still open,
dispatched or accepted, and two urgent ones are overdue.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from linli.errands import services as errand_services
from linli.errands.models import HelperProfile, ServiceRequest
from linli.errands.selectors import requests_overdue
from linli.followups.models import Contact
from linli.partners.models import Partner

from .community import STATIONS
from .partners import moment

T = ServiceRequest.Type
DAYS = 330  # about the project year, so that a mid-term report has requests to count
# fmt: off
TYPES = ((T.GROCERIES, 25), (T.MEDICINE, 20), (T.MEALS, 12), (T.ESCORT, 10), (T.REPAIR, 10),
         (T.CLEANING, 8), (T.VISIT, 9), (T.PAPERWORK, 6))
URGENCY = {T.MEDICINE: (70, 20, 10), T.ESCORT: (60, 28, 12), T.REPAIR: (65, 28, 7)}
USUAL_URGENCY = (80, 17, 3)  # normal, soon, urgent
DETAILS = {
    T.GROCERIES: ("买青菜两斤、鸡蛋一盒、挂面两包", "买米一袋、食用油一桶，老人付现金",
                  "买水果和牛奶", "买降温用的绿豆和冬瓜"),
    T.MEDICINE: ("到社区卫生服务中心代取降压药", "到医院代取胰岛素，需冷藏",
                 "代配一个月的慢病处方药"),
    T.MEALS: ("老年食堂送午餐一周，少盐", "术后恢复期送晚餐五天"),
    T.ESCORT: ("陪同到医院复查（心内科）", "陪同做眼科手术前检查", "陪同到银行激活社保卡"),
    T.REPAIR: ("厨房水龙头漏水", "卫生间灯坏了", "门锁卡住打不开", "安装卫生间扶手"),
    T.CLEANING: ("节前大扫除", "清理阳台杂物，防止绊倒", "擦窗户、洗窗帘"),
    T.VISIT: ("老人最近情绪低落，希望有人上门聊天", "老伴住院，老人独自在家，请上门看看"),
    T.PAPERWORK: ("协助申请高龄津贴", "协助办理医保异地备案", "协助准备残疾证年审材料",
                  "代办养老金资格认证"),
}
PLEASED = ("很及时，谢谢！", "志愿者很细心，菜很新鲜。", "帮了大忙，下次还找你们。",
           "修得很好，没收钱。", "小伙子很有耐心，陪我聊了好一会儿。", "")
DISPLEASED = ("来晚了，药差点断了。", "打扫得不太干净。")
NEED_TYPE = {"groceries": T.GROCERIES, "medicine": T.MEDICINE, "escort": T.ESCORT,
             "doctor": T.ESCORT, "repair": T.REPAIR, "company": T.VISIT}
SKILLS = {"vol1": [T.GROCERIES, T.MEDICINE, T.MEALS, T.VISIT, T.CLEANING],
          "sw1": [T.ESCORT, T.PAPERWORK, T.VISIT, T.MEDICINE],
          "sw2": [T.REPAIR, T.ESCORT, T.PAPERWORK, T.CLEANING]}
# A request of these types may lead to a referral to a partner of this kind.
REFER_TO = {T.REPAIR: Partner.Kind.ENTERPRISE, T.PAPERWORK: Partner.Kind.GOVERNMENT,
            T.ESCORT: Partner.Kind.HEALTH}
# fmt: on


def helpers_ensure(*, station, staff: dict) -> dict[str, HelperProfile]:
    """The volunteer's and the workers' skills and areas (the volunteer in their own area)."""
    areas = list(station.areas.order_by("name"))
    spec = next((s for s in STATIONS if s.code == station.code), None)
    home = next((a for a in areas if spec and a.name == spec.volunteer_area), areas[0])
    where = {"vol1": home, "sw1": areas[0], "sw2": areas[-1]}
    return {
        suffix: errand_services.helper_profile_save(
            actor=staff["head"],
            station=station,
            user=staff[suffix],
            skills=skills,
            area=where[suffix],
        )  # fmt: skip
        for suffix, skills in SKILLS.items()
    }


def requests_create(*, station, rng: random.Random, today: dt.date, staff: dict, pool: list,
                    scale: float) -> list[ServiceRequest]:  # fmt: skip
    """The station's requests of the last eleven months, oldest first, and their overdue alerts."""
    helpers_ensure(station=station, staff=staff)
    now = moment(today, 8)
    askers = [c.elder for c in pool[: max(12, round(60 * scale))]]
    needs = _needs(station, askers, today)
    made = []
    for index in range(round(200 * scale)):
        elder = rng.choice(askers)
        fresh = index < 3  # a few came in late yesterday: still open this morning
        raised = moment(today - dt.timedelta(days=1 if fresh else rng.randint(1, DAYS)),
                        17 if fresh else rng.randint(8, 17), rng.randrange(60))  # fmt: skip
        made.append(_raise(rng, elder, raised, staff, needs.get(elder.pk, [])))
    made.sort(key=lambda r: (r.raised_at, r.pk))
    for request in made:
        _play(request, rng, staff, now)
    made += _overdue(rng, askers, today, staff)
    errand_services.overdue_alerts_raise(station=station, now=now)
    return made


def _needs(station, elders: list, today: dt.date) -> dict[int, list[Contact]]:
    """Contacts of the last months that found a need a request answers, by elder."""
    found: dict[int, list[Contact]] = {}
    contacts = Contact.objects.filter(
        station=station, elder__in=elders, new_need__in=list(NEED_TYPE),
        at__gte=moment(today - dt.timedelta(days=DAYS + 14), 0),
    ).order_by("at", "id")  # fmt: skip
    for contact in contacts:
        found.setdefault(contact.elder_id, []).append(contact)
    return found


def _raise(rng, elder, raised: dt.datetime, staff: dict, needs: list[Contact]) -> ServiceRequest:
    recent = [c for c in needs if dt.timedelta(0) < raised - c.at < dt.timedelta(days=14)]
    contact = recent[-1] if recent and rng.random() < 0.8 else None
    if contact is not None:
        kind, source = NEED_TYPE[contact.new_need], ServiceRequest.Source.CONTACT
    else:
        kind = rng.choices([t for t, _w in TYPES], weights=[w for _t, w in TYPES])[0]
        source = rng.choice([ServiceRequest.Source.PHONE] * 3 + [ServiceRequest.Source.FAMILY] * 2)
    urgency = rng.choices(("normal", "soon", "urgent"), URGENCY.get(kind, USUAL_URGENCY))[0]
    if urgency == "urgent":
        needed_by = raised + dt.timedelta(hours=3)
    elif urgency == "soon":
        needed_by = moment(raised.date() + dt.timedelta(days=1), 12)
    else:
        needed_by = moment(raised.date() + dt.timedelta(days=rng.randint(2, 5)), 17)
    data = {"type": kind, "urgency": urgency, "needed_by": needed_by, "source": source,
            "details": rng.choice(DETAILS[kind]), "contact": contact,
            "raised_at": raised}  # fmt: skip
    worker = elder.assigned_worker_id
    actor = next((u for u in (staff["sw1"], staff["sw2"]) if u.pk == worker), staff["head"])
    return errand_services.request_raise(actor=actor, elder=elder, data=data)


def _helper(rng, kind: str, staff: dict):
    able = [suffix for suffix, skills in SKILLS.items() if kind in skills]
    if "vol1" in able and rng.random() < 0.75:
        return staff["vol1"]
    return staff[rng.choice(able)]


def _play(request: ServiceRequest, rng, staff: dict, now: dt.datetime) -> None:
    """Dispatch, accept, do and confirm the request at plausible times, stopping at `now`."""
    urgent = request.urgency == "urgent"
    staffer = request.raised_by
    if rng.random() < 0.04:  # the elder's family sorted it out themselves
        at = request.raised_at + dt.timedelta(hours=rng.randint(1, 20))
        if at < now:
            errand_services.request_cancel(actor=staffer, request=request, now=at)
        return
    at = request.raised_at + dt.timedelta(minutes=rng.randint(5, 25) if urgent else
                                          rng.randint(15, 120))  # fmt: skip
    if not urgent and at.hour >= 18:  # the office dispatches the next morning
        at = moment(at.date() + dt.timedelta(days=1), 8, 30 + rng.randrange(30))
    helper = _helper(rng, request.type, staff)
    steps = [
        ("dispatch", lambda t: errand_services.request_dispatch(
            actor=staffer, request=request, helper=helper, now=t)),
        ("accept", lambda t: errand_services.request_accept(actor=helper, request=request, now=t)),
        ("done", lambda t: errand_services.request_done(actor=helper, request=request, now=t)),
        ("confirm", lambda t: errand_services.request_confirm(
            actor=staffer, request=request, now=t, **_feedback(rng, request, t))),
    ]  # fmt: skip
    for step, run in steps:
        if at >= now:
            return
        run(at)
        at += _gap(rng, step, request, at)


def _gap(rng, step: str, request: ServiceRequest, at: dt.datetime) -> dt.timedelta:
    """How long after one step the next came."""
    if step == "dispatch":
        return dt.timedelta(minutes=rng.randint(5, 30) if request.urgency == "urgent" else
                            rng.randint(10, 240))  # fmt: skip
    if step == "accept":
        left = max(dt.timedelta(hours=1), request.needed_by - at)
        late = rng.random() < 0.08
        return left * (rng.uniform(1.05, 1.5) if late else rng.uniform(0.2, 0.9))
    return dt.timedelta(hours=rng.randint(4, 72))


def _feedback(rng, request: ServiceRequest, at: dt.datetime) -> dict:
    pleased = request.done_at <= request.needed_by and rng.random() < 0.95
    return {"satisfied": pleased, "feedback": rng.choice(PLEASED if pleased else DISPLEASED)}


def _overdue(rng, askers: list, today: dt.date, staff: dict) -> list[ServiceRequest]:
    """Two urgent requests nobody has taken on: one dispatched but not accepted yesterday
    afternoon, one raised yesterday evening and still open."""
    made = []
    for hour, kind, dispatched in ((15, T.MEDICINE, True), (18, T.ESCORT, False)):
        raised = moment(today - dt.timedelta(days=1), hour, rng.randrange(60))
        elder = askers[len(made)]
        data = {"type": kind, "urgency": "urgent", "needed_by": raised + dt.timedelta(hours=3),
                "source": ServiceRequest.Source.FAMILY, "details": DETAILS[kind][0],
                "raised_at": raised}  # fmt: skip
        request = errand_services.request_raise(actor=staff["head"], elder=elder, data=data)
        if dispatched:
            errand_services.request_dispatch(actor=staff["head"], request=request,
                                             helper=staff["vol1"],
                                             now=raised + dt.timedelta(minutes=20))  # fmt: skip
        made.append(request)
    return made


def request_counts(station, today: dt.date) -> tuple[dict[str, int], int, int]:
    """(requests by status, overdue at the demo's now, helper profiles)."""
    rows = ServiceRequest.objects.filter(station=station)
    by_status = Counter(rows.values_list("status", flat=True))
    overdue = requests_overdue(station=station, now=moment(today, 8)).count()
    helpers = HelperProfile.objects.filter(station=station).count()
    return {s: by_status[s] for s in ServiceRequest.Status.values}, overdue, helpers
