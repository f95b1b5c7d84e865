"""Deterministic generation of the demo's elders as plain data, with no database.

One `random.Random` per station, seeded from the seed and the station's code, so the same seed
and the same `today` always give the same elders. Ages are exact: each band gets exactly its
number of active elders, aged between its bounds on `today`.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from linli.lib.identifiers import age_on, check_character

from . import household, names
from .community import (
    DEMENTIA_BY_BAND,
    DISABLED_BY_BAND,
    FEMALE_BY_BAND,
    ResidentKind,
    StationSpec,
)
from .places import (
    LOCAL_GUIYANG,
    LOCAL_SANYA,
    RELOCATION_ORIGINS,
    home_address,
    migrant_origin,
    weighted,
)

DEFAULT_SEED = 20261001
VOLUNTEER_PAIRS = 10
CARE_LIVING = (("carer", 70), ("institution", 30))


@dataclass
class ElderSeed:
    """One generated elder, ready to become an Elder row."""

    kind: str
    area: str
    name: str
    sex: str
    birth_date: dt.date
    id_number: str
    phones: list[str]
    address: str
    living: str
    categories: list[str]
    migratory: bool
    months_present: list[int]
    emergency_contacts: list[dict]
    worker: str | None
    consent: dict | None
    notes: str = ""
    status: str = "active"
    status_date: dt.date | None = None
    lunar_birthday: bool = False


@dataclass
class StationSeed:
    spec: StationSpec
    elders: list[ElderSeed] = field(default_factory=list)
    volunteer_pairs: list[int] = field(default_factory=list)  # indexes into elders


def generate_station(spec: StationSpec, *, seed: int, today: dt.date) -> StationSeed:
    """The station's active elders (exact age bands), then its moved-out and deceased ones."""
    rng = random.Random(f"linli-demo:{seed}:{spec.code}")
    maker = ElderMaker(spec, rng, today)
    elders = [maker.elder(age) for lo, hi, count in spec.bands for age in ages(rng, lo, hi, count)]
    rng.shuffle(elders)
    elders.extend(maker.former(status) for status in _former_statuses(spec))
    _mark_lunar_birthdays(elders, random.Random(f"linli-demo:{seed}:{spec.code}:lunar"))
    in_area = [
        i for i, e in enumerate(elders) if e.area == spec.volunteer_area and e.status == "active"
    ]
    pairs = sorted(rng.sample(in_area, min(VOLUNTEER_PAIRS, len(in_area))))
    return StationSeed(spec=spec, elders=elders, volunteer_pairs=pairs)


def lunar_birthday_rate(birth_year: int, village: bool) -> float:
    """A plausible share keeping the lunar birthday (an estimate, not a survey figure):
    the older the generation, the more; villages more than towns."""
    rate = 0.6 if birth_year < 1945 else 0.4 if birth_year < 1955 else 0.2
    return rate + (0.1 if village else 0.0)


def _mark_lunar_birthdays(elders: list[ElderSeed], rng: random.Random) -> None:
    """Its own random stream, so the rest of the generated community does not change."""
    for elder in elders:
        village = elder.area.endswith("村")
        elder.lunar_birthday = rng.random() < lunar_birthday_rate(elder.birth_date.year, village)


def _former_statuses(spec: StationSpec) -> list[str]:
    return ["moved"] * spec.moved + ["deceased"] * spec.deceased


def ages(rng: random.Random, lo: int, hi: int, count: int) -> list[int]:
    """`count` ages between lo and hi, fewer at each older year as survival falls."""
    span = list(range(lo, hi + 1))
    weights = [math.exp(-0.06 * (a - 60) - 0.12 * max(0, a - 85)) for a in span]
    return rng.choices(span, weights=weights, k=count)


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def birth_date_for_age(rng: random.Random, age: int, today: dt.date) -> dt.date:
    """A birth date of someone exactly `age` years old on `today`."""
    latest = years_before(today, age)
    earliest = years_before(today, age + 1) + dt.timedelta(days=1)
    while True:
        birth = earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))
        if age_on(birth, today) == age:
            return birth


def band_of(age: int) -> int:
    return min(90, age // 10 * 10)


class ElderMaker:
    """Makes one elder at a time for a station, never repeating an ID number."""

    def __init__(self, spec: StationSpec, rng: random.Random, today: dt.date):
        self.spec, self.rng, self.today = spec, rng, today
        self.issued: set[str] = set()

    def elder(self, age: int) -> ElderSeed:
        rng, kind = self.rng, self._kind()
        sex = "F" if rng.random() < FEMALE_BY_BAND[band_of(age)] else "M"
        birth = birth_date_for_age(rng, age, self.today)
        code, place, region = self._origin(kind)
        surname = names.surname(rng, region)
        name = surname + names.given_name(rng, sex=sex, birth_year=birth.year, region=region)
        area = weighted(rng, kind.areas)
        living = weighted(rng, kind.living)
        categories = self._categories(kind, age, living)
        if {"disabled", "dementia"} & set(categories) and rng.random() < 0.25:
            living = weighted(rng, CARE_LIVING)
        months = household.winter_months(rng) if kind.name == "migrant" else []
        contacts = household.emergency_contacts(
            rng, surname=surname, sex=sex, birth_year=birth.year, region=region
        )
        return ElderSeed(
            kind=kind.name,
            area=area,
            name=name,
            sex=sex,
            birth_date=birth,
            id_number=self._id_number(code, birth, sex),
            phones=household.phones(rng, weighted(rng, kind.phones), self.spec.landline),
            address=home_address(rng, area),
            living=living,
            categories=categories,
            migratory=kind.name == "migrant",
            months_present=months,
            emergency_contacts=contacts,
            worker=self._worker(),
            consent=household.consent(
                rng, name=name, categories=categories, contacts=contacts, today=self.today
            ),
            notes=household.notes(
                rng, kind=kind.name, place=place, months=months, categories=categories
            ),
        )

    def former(self, status: str) -> ElderSeed:
        """An elder who moved out or died in the last two years; the record stays."""
        weights = (1, 2, 4, 2) if status == "deceased" else (4, 3, 1, 0.2)
        lo, hi, _count = self.rng.choices(self.spec.bands, weights=weights)[0]
        elder = self.elder(self.rng.randint(lo, hi))
        elder.status = status
        elder.status_date = self.today - dt.timedelta(days=self.rng.randint(10, 720))
        elder.notes = "已故。" if status == "deceased" else "已搬离本社区。"
        return elder

    def _kind(self) -> ResidentKind:
        kinds = self.spec.kinds
        return self.rng.choices(kinds, weights=[k.share for k in kinds])[0]

    def _origin(self, kind: ResidentKind) -> tuple[str, str, str]:
        """(area code of the ID number, place name, home region for surnames)."""
        if kind.origin == "migrant":
            return migrant_origin(self.rng)
        if kind.origin == "sanya":
            return weighted(self.rng, LOCAL_SANYA), "三亚", "hainan"
        table = RELOCATION_ORIGINS if kind.origin == "relocation" else LOCAL_GUIYANG
        return weighted(self.rng, table), "贵州", "guizhou"

    def _categories(self, kind: ResidentKind, age: int, living: str) -> list[str]:
        rng, band = self.rng, band_of(age)
        codes = [code for code, rate in kind.rates.items() if rng.random() < rate]
        if "left_behind" in codes and living not in ("alone", "spouse", "relatives"):
            codes.remove("left_behind")
        if rng.random() < DISABLED_BY_BAND[band]:
            codes.append("disabled")
        if rng.random() < DEMENTIA_BY_BAND[band]:
            codes.append("dementia")
        if "tekun" in codes and "dibao" in codes:
            codes.remove("dibao")  # extreme-hardship support replaces the allowance
        return codes

    def _worker(self) -> str | None:
        return None if self.rng.random() < 0.03 else self.rng.choice(("sw1", "sw2"))

    def _id_number(self, code: str, birth: dt.date, sex: str) -> str:
        """A valid number: odd sequence for men, even for women, correct check character."""
        while True:
            seq = 2 * self.rng.randrange(500) + 1 if sex == "M" else 2 * self.rng.randrange(1, 500)
            first17 = f"{code}{birth:%Y%m%d}{seq:03d}"
            number = first17 + check_character(first17)
            if number not in self.issued:
                self.issued.add(number)
                return number
