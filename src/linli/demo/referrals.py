"""The demo stations' referrals (转介): from cases, from contacts that found a problem and from
service requests, to the partner whose work it is, each answered as partners answer.

Statuses follow a fixed pattern (PATTERN) so every status is there whatever the station's size;
recent referrals are still waiting or just accepted, and a few (AWAITING) have waited more than
a week for an answer, one of them reminded. Everything goes through the partners' services.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from linli.cases import process
from linli.elders.models import Elder
from linli.followups.models import Contact
from linli.partners import services as partner_services
from linli.partners.models import Partner, Referral

from . import errands
from .partners import moment, partner_of

P = Partner.Kind
OLDEST_DAYS = 300  # referrals from contacts of the last ten months
# fmt: off
# Referral texts by partner kind: (what was asked, outcome when done, reason when declined).
ASKED = {
    P.HEALTH: ("老人血压控制不佳，申请家庭医生上门随访。",
               "家庭医生已上门两次，调整用药并纳入慢病管理。",
               "老人不在本中心签约片区，建议联系户籍所在地卫生院。"),
    P.POLICE: ("老人近期接到可疑电话，请社区民警上门核实并开展防诈宣传。",
               "民警已上门核实，劝阻转账并协助安装国家反诈中心App。",
               "经核实为正常亲属来电，无需警方处理。"),
    P.LAW_FIRM: ("子女未按约支付赡养费，老人希望咨询法律途径。",
                 "律师提供免费咨询，协助起草赡养协议，双方已签字。",
                 "涉及房产纠纷，超出公益法律服务范围，建议申请区法律援助中心。"),
    P.NOTARY: ("老人希望办理遗嘱公证，行动不便，申请上门公证。",
               "公证员已上门办理遗嘱公证。",
               "缺少房产证明材料，待补齐后再办理。"),
    P.COMMUNITY: ("老人家楼道扶手松动、夜间照明不足，请居委会协调维修并纳入网格巡查。",
                  "已协调更换扶手和感应灯，网格员每周巡查一次。",
                  "该楼栋不属本居委会管辖，已告知所属社区。"),
    P.GOVERNMENT: ("老人家庭收入低，协助申请临时救助。",
                   "临时救助已批准，发放救助金1500元。",
                   "家庭收入超过救助标准，不符合条件；已告知其他帮扶渠道。"),
    P.VOLUNTEER_TEAM: ("独居老人情绪低落，申请志愿者每周上门陪伴。",
                       "已结对志愿者，每周二上门陪伴聊天。",
                       "志愿者近期人手不足，暂无法安排。"),
    P.SOCIAL_ORG: ("老人哀伤情绪明显，转介心理咨询与同伴支持小组。",
                   "已参加同伴支持小组六次，情绪有所好转。",
                   "本期小组已满员，下期再安排。"),
    P.ENTERPRISE: ("老人家中水管漏水，请物业上门维修。",
                   "物业已更换水龙头和软管，未收取费用。",
                   "属于业主自有设施，物业不负责维修。"),
}
ASKED[P.SCHOOL] = ASKED[P.VOLUNTEER_TEAM]
CANCELLED = "老人家属已自行联系办理。"

# The statuses older referrals end in, in turn: every status appears whatever the count.
PATTERN = ("done", "declined", "done", "accepted", "done", "cancelled", "done", "declined",
           "done", "accepted")
# Referrals waiting for an answer: (days since sending, days since the reminder or None); the
# one reminded four days ago is not yet due another reminder.
AWAITING = ((12, None), (21, 4), (9, None), (15, None))
# fmt: on


@dataclass
class ReferralSlot:
    """A referral to make: to whom, about whom, from which record, when and how it ended."""

    elder: object
    partner: Partner
    sent_on: dt.date
    status: str
    case: object = None
    contact: object = None
    request: object = None
    reminded_on: dt.date | None = None


def referral_make(slot: ReferralSlot, *, actor, rng: random.Random, today: dt.date) -> Referral:
    """Send the referral and play its answer through the services, dated as it happened."""
    asked, done, declined = ASKED[slot.partner.kind]
    referral = partner_services.referral_create(
        actor=actor, elder=slot.elder, partner=slot.partner, asked=asked, sent_on=slot.sent_on,
        case=slot.case, contact=slot.contact, request=slot.request,
    )  # fmt: skip
    Referral.objects.filter(pk=referral.pk).update(created_at=moment(slot.sent_on, 15))
    if slot.reminded_on is not None:
        partner_services.referral_remind(actor=actor, referral=referral, on=slot.reminded_on,
                                         note="电话提醒对方尽快回复。")  # fmt: skip
    if slot.status == "sent":
        return referral
    answered = min(today, slot.sent_on + dt.timedelta(days=rng.randint(1, 5)))
    if slot.status == "cancelled":
        partner_services.referral_set_status(actor=actor, referral=referral, status="cancelled",
                                             on=answered, outcome=CANCELLED)  # fmt: skip
        return referral
    first = "declined" if slot.status == "declined" else "accepted"
    partner_services.referral_set_status(actor=actor, referral=referral, status=first,
                                         on=answered, outcome=declined if first == "declined"
                                         else "")  # fmt: skip
    if slot.status == "done":
        finished = min(today, answered + dt.timedelta(days=rng.randint(3, 20)))
        partner_services.referral_set_status(actor=actor, referral=referral, status="done",
                                             on=finished, outcome=done)  # fmt: skip
    return referral


def referral_status(index: int, sent_on: dt.date, today: dt.date) -> str:
    """How a referral sent that long ago ended: recent ones are accepted or still waiting."""
    age = (today - sent_on).days
    if age <= 6:
        return ("sent", "accepted")[index % 2]
    status = PATTERN[index % len(PATTERN)]
    return "accepted" if age <= 20 and status == "done" else status


def referral_counts(station, today: dt.date) -> tuple[dict[str, int], int]:
    rows = Referral.objects.filter(station=station)
    by_status = Counter(rows.values_list("status", flat=True))
    cutoff = today - dt.timedelta(days=7)
    awaiting = rows.filter(status="sent", sent_on__lte=cutoff).count()
    return {s: by_status[s] for s in Referral.Status.values}, awaiting


def other_referrals(desk, requests: list, scale: float) -> None:
    """Referrals from open cases, from contacts that found a problem and from requests, with a
    few still waiting for an answer after a week."""
    rng, today = desk.rng, desk.today
    slots = []
    for case, kind, _final, dates in desk.made:
        start = dates.get(process.INTERVENTION)
        if case.stage in (process.INTERVENTION, process.EVALUATION) and rng.random() < 0.6:
            day = min(today - dt.timedelta(days=1), start + dt.timedelta(days=rng.randint(7, 30)))
            slots.append((day, case.elder, kind.refer_to, {"case": case}))
    slots += _contact_slots(desk, round(10 * scale))
    referable = [r for r in requests if r.type in errands.REFER_TO]
    for request in referable[:: max(1, len(referable) // max(1, round(4 * scale)))][:4]:
        day = timezone.localdate(request.raised_at) + dt.timedelta(days=1)
        kind = errands.REFER_TO[request.type]
        slots.append((min(day, today), request.elder, kind, {"request": request}))
    slots.sort(key=lambda s: (s[0], s[1].pk))
    for index, (day, elder, kind, origin) in enumerate(slots):
        partner = _partner_for(desk, kind, elder)
        status = referral_status(index, day, today)
        actor = elder.assigned_worker or desk.workers[0]
        slot = ReferralSlot(elder, partner, day, status, **origin)
        referral_make(slot, actor=actor, rng=rng, today=today)
    contacts = _contact_slots(desk, 4, waiting=True) + [  # open cases when contacts are few
        (None, case.elder, kind.refer_to, {"case": case})
        for case, kind, _final, dates in desk.made if case.stage in process.OPEN_STAGES
        and dates[process.INTAKE] < today - dt.timedelta(days=21)
    ]  # fmt: skip
    for (ago, reminded), (_day, elder, kind, origin) in zip(AWAITING[: max(3, round(4 * scale))],
                                                          contacts, strict=False):  # fmt: skip
        sent_on = today - dt.timedelta(days=ago)
        reminder = today - dt.timedelta(days=reminded) if reminded else None
        referral_make(ReferralSlot(elder, _partner_for(desk, kind, elder), sent_on, "sent",
                                   reminded_on=reminder, **origin),
                      actor=desk.workers[ago % 2], rng=rng, today=today)  # fmt: skip


# Whom contact-found problems are referred to, in turn, and the needs that fit each.
CONTACT_KINDS = (P.HEALTH, P.POLICE, P.COMMUNITY, P.LAW_FIRM, P.VOLUNTEER_TEAM, P.GOVERNMENT,
                 P.HEALTH, P.NOTARY, P.COMMUNITY, P.POLICE)  # fmt: skip
FITTING = {P.HEALTH: {"doctor", "escort", "medicine"}, P.COMMUNITY: {"repair"},
           P.VOLUNTEER_TEAM: {"company", "groceries"}, P.LAW_FIRM: {"other"},
           P.NOTARY: {"other"}, P.GOVERNMENT: {"other"}}  # fmt: skip


def _contact_slots(desk, count: int, *, waiting: bool = False) -> list[tuple]:
    """Contacts that found a need or a safety concern, spread over ten months (or, waiting,
    from three to six weeks ago), as referral slots a day after the contact."""
    today = desk.today
    since = today - dt.timedelta(days=45 if waiting else OLDEST_DAYS)
    until = today - dt.timedelta(days=22 if waiting else 1)
    found = (Contact.objects.filter(station=desk.station, at__gte=moment(since, 0),
                                    at__lt=moment(until, 0), elder__status=Elder.Status.ACTIVE)
             .exclude(new_need="", safety_concern=False).order_by("at", "id")
             .values_list("pk", "new_need", "safety_concern"))  # fmt: skip
    found = list(found)
    chosen: dict[int, str] = {}
    for index in range(count if found else 0):
        kind = CONTACT_KINDS[index % len(CONTACT_KINDS)]
        fitting = [pk for pk, need, safety in found if _fits(kind, need, safety)]
        fitting = fitting or [found[0][0]]
        chosen.setdefault(fitting[index * len(fitting) // count], kind)
    contacts = Contact.objects.select_related("elder", "elder__area").in_bulk(list(chosen))
    return [(timezone.localdate(contacts[pk].at) + dt.timedelta(days=1), contacts[pk].elder, kind,
             {"contact": contacts[pk]}) for pk, kind in chosen.items()]  # fmt: skip


def _fits(kind: str, need: str, safety_concern: bool) -> bool:
    return safety_concern if kind == P.POLICE else need in FITTING[kind]


def _partner_for(desk, kind: str, elder: Elder) -> Partner:
    area = elder.area.name if elder.area_id else ""
    return partner_of(desk.partners, kind, desk.rng, area)
