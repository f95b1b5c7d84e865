"""The demo stations' partners (the five-party linkage) and donated goods and funds.

Partners: the residents' or villagers' committee of each area, a social organisation, a
supermarket and a property company, the community health service centre and a hospital, the
police station, a law firm, the notary office, a school, a volunteer team and the street's civil
affairs office; each with one or two people to call and an agreement (one has expired).
Donations come before the festivals (rice and oil from the supermarket, masks from the property
company, money and milk from the social organisation) and are given out at them, 特困 and 低保
elders first, then those living alone; some stock is left. Everything goes through the
partners' services (referrals are in referrals.py).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from linli.lib.lunar import festivals_between
from linli.partners import services as partner_services
from linli.partners.models import Partner

from . import household, names
from .community import STATIONS

P = Partner.Kind
# Place words per station; another station falls back on its region's name.
PLACES = {
    "zhuoda": {"city": "三亚市", "district": "吉阳区", "street": "卓达", "region": "hainan"},
    "wangcheng": {"city": "贵阳市", "district": "乌当区", "street": "新添寨", "region": "guizhou"},
}
# fmt: off
# (kind, name pattern, party, services, people's roles, agreement title or "")
PARTNERS = (
    (P.SOCIAL_ORG, "{city}长者关爱协会", "social_org", ["company", "counselling", "funds"],
     ("项目主管", "秘书长"), "长者关爱项目合作协议"),
    (P.ENTERPRISE, "{street}惠民超市", "charity", ["funds", "meals"],
     ("店长",), "爱心物资捐赠协议"),
    (P.ENTERPRISE, "{city}宜居物业服务有限公司", "charity", ["housing", "safety", "funds"],
     ("物业经理", "维修班长"), "适老化维修合作协议"),
    (P.HEALTH, "{district}{street}社区卫生服务中心", "community", ["medical"],
     ("家庭医生", "公卫科科长"), "家庭医生签约服务合作协议"),
    (P.HEALTH, "{city}人民医院", "charity", ["medical", "counselling"],
     ("医务社工", "老年科护士长"), "医社联动转介协议"),
    (P.POLICE, "{city}公安局{district}分局{street}派出所", "community", ["safety", "legal"],
     ("社区民警",), "老年人安全防范联动协议"),
    (P.LAW_FIRM, "{city}明正律师事务所", "charity", ["legal"],
     ("律师", "律师助理"), "法律服务进社区合作协议"),
    (P.NOTARY, "{city}公证处", "charity", ["legal"], ("公证员",), ""),
    (P.SCHOOL, "{district}{street}中学", "volunteer", ["company", "education"],
     ("德育主任",), "代际志愿服务共建协议"),
    (P.VOLUNTEER_TEAM, "{street}银龄志愿服务队", "volunteer", ["company", "meals", "housing"],
     ("队长", "副队长"), "志愿服务合作协议"),
    (P.GOVERNMENT, "{street}街道民政办", "community", ["benefits", "funds"],
     ("民政专干",), ""),
)
COMMITTEE_ROLES = ("主任", "网格员")
LANDLINE_ROLES = ("主任", "民政专干", "公卫科科长")  # often reached at the office
# Donations before each festival: (item, unit, price per unit, from partner kind, per elder).
SUPERMARKET, PROPERTY, SOCIAL_ORG = PARTNERS[1][1], PARTNERS[2][1], PARTNERS[0][1]
GOODS = (("大米（10公斤）", "袋", Decimal(55), SUPERMARKET, Decimal(1)),
         ("食用油（5升）", "桶", Decimal(68), SUPERMARKET, Decimal(1)),
         ("慰问金", "元", Decimal(1), SOCIAL_ORG, Decimal(300)))
EXTRAS = {"spring": ("口罩", "盒", Decimal(25), PROPERTY, Decimal(2)),
          "double_ninth": ("纯牛奶", "箱", Decimal(60), SOCIAL_ORG, Decimal(1))}
EXPIRED = PROPERTY  # its agreement ended two months ago and has not been renewed
ROUNDS = {"spring": "春节", "dragon_boat": "端午", "mid_autumn": "中秋", "double_ninth": "重阳"}
# fmt: on


@dataclass
class PartnerCounts:
    partners: int = 0
    people: int = 0
    agreements: int = 0
    expired: int = 0
    referrals: dict[str, int] | None = None
    awaiting: int = 0  # sent more than a week ago, no answer yet
    receipts: int = 0
    distributions: int = 0
    stock: dict[str, str] | None = None  # item → what is left


def moment(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), timezone.get_current_timezone())


def places(station) -> dict[str, str]:
    region = station.region.name if station.region_id else station.name[:2]
    fallback = {"city": region, "district": region, "street": station.name[:2], "region": ""}
    return PLACES.get(station.code, fallback)


# --- partners -----------------------------------------------------------------------------------
def partners_create(*, station, rng: random.Random, today: dt.date, head) -> list[Partner]:
    """The station's directory: committees of its areas, then the other parties."""
    where = places(station)
    spec = next((s for s in STATIONS if s.code == station.code), None)
    made = []
    for area in station.areas.order_by("name"):
        suffix = "村民委员会" if area.kind == "village" else "居民委员会"
        data = {"name": f"{area.name}{suffix}", "kind": P.COMMUNITY, "party": "community",
                "services": ["company", "benefits", "safety", "housing"],
                "address": area.name}  # fmt: skip
        made.append(_partner(station, head, data, COMMITTEE_ROLES, "社区社会工作联动协议"))
    for kind, pattern, party, services, roles, title in PARTNERS:
        data = {"name": pattern.format(**where), "kind": kind, "party": party,
                "services": services, "address": f"{where['city']}{where['district']}"}  # fmt: skip
        made.append(_partner(station, head, data, roles, title))
    expired = EXPIRED.format(**where)
    for partner, roles, title in made:
        for role in roles[: rng.randint(1, len(roles))]:
            sex = rng.choice("MF")
            name = names.person_name(rng, sex=sex, birth_year=rng.randint(1965, 1995),
                                     region=where["region"])  # fmt: skip
            phone = household.mobile(rng)
            if spec is not None and role in LANDLINE_ROLES and rng.random() < 0.5:
                phone = household.landline(rng, *spec.landline)
            partner_services.partner_person_add(actor=head, partner=partner, name=name,
                                                role=role, phone=phone)  # fmt: skip
        if title:
            _agreement(partner, title, head, rng, today, expired=partner.name == expired)
    return [partner for partner, _roles, _title in made]


def _partner(station, head, data: dict, roles, title) -> tuple[Partner, tuple, str]:
    return partner_services.partner_create(actor=head, station=station, data=data), roles, title


def _agreement(partner, title: str, head, rng, today: dt.date, *, expired: bool) -> None:
    """In force (two or three years, or open-ended), or one that ended two months ago."""
    signed = today - dt.timedelta(days=rng.randint(120, 900))
    years = rng.choice((2, 3, None))
    until = None if years is None else signed.replace(day=1) + dt.timedelta(days=365 * years)
    if expired:
        until = today - dt.timedelta(days=rng.randint(45, 75))
        signed = until - dt.timedelta(days=730)
    elif until is not None and until < today:
        until += dt.timedelta(days=365)
    partner_services.agreement_add(actor=head, partner=partner, title=title, signed_on=signed,
                                   valid_until=until, note="每年年底评估合作成效。")  # fmt: skip


def partner_of(partners: list[Partner], kind: str, rng: random.Random, area_name: str = ""):
    """A partner of that kind (the elder's own committee for community matters)."""
    found = [p for p in partners if p.kind == kind]
    local = [p for p in found if area_name and p.address == area_name]
    return (local or found or partners)[0 if local else rng.randrange(len(found or partners))]


# --- donated goods ------------------------------------------------------------------------------
def goods_create(*, station, rng, today: dt.date, partners, elders: list, actor, scale: float):
    """Receipts before each festival of the last ten months and what was given out at it.
    `elders` come first-served (特困, 低保, living alone first). Returns (receipts, given)."""
    receipts = given = 0
    stock: dict[int, Decimal] = {}
    per_round = max(4, round(16 * scale))
    rounds = [f for f in festivals_between(today - dt.timedelta(days=300), today)
              if f.code in ROUNDS]  # fmt: skip
    by_name = {p.name: p for p in partners}
    where = places(station)
    for turn, festival in enumerate(rounds):
        received_on = festival.date - dt.timedelta(days=rng.randint(6, 12))
        extra = EXTRAS.get(festival.code)
        start = (turn * per_round // 2) % max(1, len(elders))
        chosen = (elders[start:] + elders[:start])[:per_round]
        for name, unit, price, donor, each in GOODS + ((extra,) if extra else ()):
            item = partner_services.item_ensure(actor=actor, station=station, name=name,
                                                unit=unit)  # fmt: skip
            cash = unit == "元"
            takers = chosen[: max(2, len(chosen) // 2)] if cash else chosen
            quantity = each * (len(takers) + rng.randint(3, 8))  # some is kept for emergencies
            partner_services.goods_receive(
                actor=actor, item=item, quantity=quantity, received_on=received_on,
                partner=by_name.get(donor.format(**where)), value_yuan=quantity * price,
                note=f"{ROUNDS[festival.code]}慰问捐赠",
            )  # fmt: skip
            receipts += 1
            stock[item.pk] = stock.get(item.pk, Decimal(0)) + quantity
            for elder in takers:
                if stock[item.pk] < each:
                    break
                note = f"{ROUNDS[festival.code]}入户慰问"
                partner_services.goods_distribute(actor=actor, item=item, elder=elder,
                                                  quantity=each, given_on=festival.date,
                                                  note=note)  # fmt: skip
                stock[item.pk] -= each
                given += 1
    return receipts, given
