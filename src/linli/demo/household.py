"""The details around an elder: phones, emergency contacts, consent, months present, notes."""

from __future__ import annotations

import datetime as dt
import random

from linli.elders.vocabulary import CATEGORIES

from . import names
from .places import weighted

# fmt: off
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "166", "173", "176", "177", "180", "181", "182", "183",
    "185", "186", "187", "188", "189", "199",
)
CONTACT_RELATIONS = (
    ("儿子", 34), ("女儿", 34), ("儿媳", 6), ("女婿", 4), ("孙子", 5), ("孙女", 5),
    ("侄子", 4), ("外甥女", 2), ("邻居", 2), ("配偶", 8),
)
# fmt: on


# Relations that carry the family's surname (the father's, as the children do).
SAME_SURNAME = {"儿子", "女儿", "孙子", "孙女", "侄子"}
FEMALE_RELATIONS = {"女儿", "儿媳", "孙女", "外甥女"}
SENSITIVE = frozenset(code for code, *_rest, sensitive in CATEGORIES if sensitive)


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def landline(rng: random.Random, area_code: str, starts: tuple[str, ...]) -> str:
    return f"{area_code}-{rng.choice(starts)}{rng.randrange(10**6):06d}"


def phones(rng: random.Random, pattern: str, local: tuple[str, tuple[str, ...]]) -> list[str]:
    """Phone numbers for a pattern: none, mobile, mobile2, mobile_landline or landline."""
    if pattern == "none":
        return []
    if pattern == "landline":
        return [landline(rng, *local)]
    first = mobile(rng)
    if pattern == "mobile2":
        return [first, mobile(rng)]
    if pattern == "mobile_landline":
        return [first, landline(rng, *local)]
    return [first]


def emergency_contacts(
    rng: random.Random, *, surname: str, sex: str, birth_year: int, region: str
) -> list[dict]:
    """None (8%), one or two people to call: mostly children, sometimes the spouse."""
    roll = rng.random()
    if roll < 0.08:
        return []
    count = 1 if roll < 0.72 else 2
    family = surname if sex == "M" else names.surname(rng, region)
    contacts: list[dict] = []
    for _ in range(count):
        relation = weighted(rng, CONTACT_RELATIONS)
        if relation == "配偶":
            spouse_sex = "F" if sex == "M" else "M"
            name = names.surname(rng, region) + names.given_name(
                rng, sex=spouse_sex, birth_year=birth_year, region=region
            )
        else:
            kin = family if relation in SAME_SURNAME else names.surname(rng, region)
            kin_sex = (
                "F"
                if relation in FEMALE_RELATIONS or (relation == "邻居" and rng.random() < 0.6)
                else "M"
            )
            name = names.child_name(rng, family_surname=kin, sex=kin_sex)
        contacts.append({"name": name, "relation": relation, "phone": mobile(rng)})
    return contacts


def consent(
    rng: random.Random, *, name: str, categories: list[str], contacts: list[dict], today: dt.date
) -> dict | None:
    """A consent record for most elders; a guardian consents for an elder with dementia."""
    if rng.random() < 0.07:
        return None
    purposes = ["services", "contact"]
    if SENSITIVE.intersection(categories):
        purposes.append("sensitive")
    if rng.random() < 0.4:
        purposes.append("photos")
    if rng.random() < 0.3:
        purposes.append("sharing")
    given_by, relation = name, "self"
    if contacts and ("dementia" in categories or rng.random() < 0.08):
        given_by = contacts[0]["name"]
        relation = "guardian" if "dementia" in categories else "family"
    given_on = today - dt.timedelta(days=rng.randint(20, 3 * 365))
    return {"given_by": given_by, "relation": relation, "given_on": given_on, "purposes": purposes}


def winter_months(rng: random.Random) -> list[int]:
    """Months a migratory retiree spends in Sanya: from Oct–Dec to Mar–May."""
    arrive = weighted(rng, (("10", 25), ("11", 55), ("12", 20)))
    leave = weighted(rng, (("3", 35), ("4", 50), ("5", 15)))
    return [*range(1, int(leave) + 1), *range(int(arrive), 13)]


def notes(rng: random.Random, *, kind: str, place: str, months: list[int], categories) -> str:
    """A short free note of the kind workers write, for some elders."""
    roll = rng.random()
    if kind == "migrant" and roll < 0.3:
        arrive = min(m for m in months if m >= 10)
        leave = max(m for m in months if m <= 5)
        return f"{place}人，每年{arrive}月来三亚过冬，次年{leave}月返乡。"
    if kind == "relocated" and roll < 0.25:
        return f"{rng.randint(2016, 2020)}年易地扶贫搬迁入住。"
    if "left_behind" in categories and roll < 0.5:
        return rng.choice(("子女在外务工。", "子女在广东务工，春节回家。", "子女在浙江务工。"))
    if "disabled" in categories and roll < 0.5:
        return rng.choice(("行动不便，需上门服务。", "长期卧床，由家属照料。", "使用轮椅。"))
    return ""
