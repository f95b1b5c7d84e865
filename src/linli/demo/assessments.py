"""Assessment histories for the demo elders, so risk levels, needs and surveys look real.

Who is assessed follows practice: the ability assessment (GB/T 42195) for most elders aged 80+
and everyone who needs help with daily living (two rounds a year apart for a share, a little
worse the second time), Barthel and Lawton for some of them, social network and loneliness
for many living alone or in empty nests, depression screening for a sample, social support
for some; a needs survey campaign at zhuoda reaching about two thirds of its elders, whose
answers put medical care, spiritual comfort, daily-life care and recreation first (the seed
station's finding); satisfaction forms for a few hundred. Answers come from a few hidden
traits per elder (frailty, isolation, low mood) drawn from their age, living arrangement and
categories; rates are plausible, not measured.

Deterministic: one `random.Random` per station, elders in the order they were created. Results
come from the instrument engine and are stored as assessment_save stores them; rows and their
history are written as plain inserts. Risk levels are then derived for every elder (plans
follow), once before the year of contacts is played and once after it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from linli.accounts.models import User
from linli.assessments import definitions, risking
from linli.assessments.models import Assessment, Campaign
from linli.assessments.services import _apply_result, campaign_create
from linli.elders.models import Elder
from linli.followups import cadence
from linli.followups.models import REACHED_OUTCOMES, Contact, Plan
from linli.lib.identifiers import age_on

from .contacts import workday

HISTORY_REASON = "演示数据"
BATCH = 500
ROWS_BATCH = 5000
OLDEST = 537  # days: assessments reach back 18 months (a weekend moves back to a Friday)
SURVEYED = {"zhuoda"}  # stations that ran the needs survey
SATISFACTION = {"zhuoda": 320, "wangcheng": 120}
FRAILTY_BY_BAND = {60: 0.03, 70: 0.07, 80: 0.15, 90: 0.28}
ISOLATION_BY_LIVING = {"alone": 0.5, "spouse": 0.28, "children": 0.12, "relatives": 0.2,
                       "carer": 0.35, "institution": 0.3, "": 0.2}  # fmt: skip
SOCIAL = {"alone": 0.7, "lost_only_child": 0.7, "empty_nest": 0.2, "left_behind": 0.3}
URGENCY = (("low", 55), ("medium", 30), ("high", 15))
PRESSING = (("low", 30), ("medium", 40), ("high", 30))
RESPONDENTS = {"family": ("女儿", "儿子", "老伴", "儿媳"), "carer": ("保姆", "护工")}
SURVEY_NOTE = "入户或电话逐项询问需求及紧急程度；覆盖辖区全部在册老人。"
OTHER_NEEDS = ("希望社区多组织义诊。", "想学用智能手机。", "希望有老年食堂。", "希望加装电梯。",
               "想参加书法班。")  # fmt: skip
COMMENTS = ("工作人员很耐心。", "希望上门次数多一些。", "电话提醒很及时，谢谢。",
            "活动很丰富，希望继续办。")  # fmt: skip
SOURCES = ("spouse", "family", "relatives", "friends", "colleagues", "work_unit",
           "official_org", "unofficial_org", "other")  # fmt: skip
SOURCE_RATES = {"relatives": 0.4, "official_org": 0.3, "unofficial_org": 0.05, "work_unit": 0.1,
                "colleagues": 0.05, "other": 0.02}  # fmt: skip


@dataclass
class AssessmentCounts:
    assessments: int = 0
    by_instrument: dict[str, int] = field(default_factory=dict)
    survey_targets: int = 0
    surveyed: int = 0
    levels: dict[str, int] = field(default_factory=dict)  # active elders per risk level


@dataclass
class Traits:
    """One active elder as the assessors meet them."""

    elder: Elder
    age: int
    codes: set[str]
    frailty: float
    isolation: float
    mood: float


@cache
def _ladder(code: str, key: str) -> tuple:
    """An item's answers from the best to the worst."""
    item = definitions.builtin()[code].by_key[key]
    if code in ("lawton_iadl", "ucla3"):  # level 1 is the most able, or the least lonely
        return tuple(sorted(o.value for o in item.options))
    return tuple(o.value for o in sorted(item.options, key=lambda o: -o.score))


def _clip(value: float, low: float = 0.0, high: float = 0.95) -> float:
    return min(high, max(low, value))


class Assessor:
    """Draws one station's assessments as unsaved rows."""

    def __init__(self, rng: random.Random, *, today: dt.date, workers: list[int]):
        self.rng, self.today, self.workers = rng, today, workers
        self.rows: list[Assessment] = []

    def traits(self, elder: Elder) -> Traits:
        rng, age = self.rng, age_on(elder.birth_date, self.today)
        codes = set(elder.category_codes(self.today))
        disabled = "disabled" in codes
        frailty = FRAILTY_BY_BAND[min(90, age // 10 * 10)] + 0.004 * (age % 10)
        frailty += 0.65 * disabled + 0.2 * ("dementia" in codes) + 0.1 * ("disability" in codes)
        frailty += rng.gauss(0, 0.1 if disabled else 0.05)
        isolation = ISOLATION_BY_LIVING[elder.living_arrangement] + 0.1 * elder.migratory
        isolation += 0.25 * ("lost_only_child" in codes) + 0.12 * ("left_behind" in codes)
        isolation = _clip(isolation + rng.gauss(0, 0.15), high=1.0)
        mood = _clip(0.05 + 0.35 * isolation + 0.35 * frailty + rng.gauss(0, 0.15), high=1.0)
        return Traits(elder, age, codes, _clip(frailty), isolation, mood)

    def elder(self, t: Traits) -> None:
        """Every assessment one elder had in the last 18 months."""
        rng, codes, disabled = self.rng, t.codes, "disabled" in t.codes
        days = []
        if disabled or rng.random() < _ability_rate(t):
            days = self._ability_rounds(t)
        if rng.random() < (0.6 if disabled else 0.3 if t.age >= 80 else 0):
            on = days[-1] if days and rng.random() < 0.7 else self.day(5, OLDEST, t.elder)
            self.add(t, "barthel", on, self.graded("barthel", t.frailty))
            if rng.random() < 0.5:
                self.add(t, "lawton_iadl", on, self.graded("lawton_iadl", t.frailty + 0.05))
        if rng.random() < max([0.03, *(SOCIAL[c] for c in codes if c in SOCIAL)]):
            on = self.day(5, OLDEST, t.elder)
            self.add(t, "lsns6", on, self.network(t))
            if rng.random() < 0.8:
                self.add(t, "ucla3", on, self.graded("ucla3", 0.15 + 0.6 * t.isolation))
        screen = 0.06 + 0.15 * ("alone" in codes) + 0.2 * disabled + 0.05 * (t.age >= 80)
        if rng.random() < screen + 0.3 * ("lost_only_child" in codes):
            self.add(t, "gds15", self.day(5, OLDEST, t.elder), self.depression(t))
        support = 0.04 + 0.12 * ("alone" in codes) + 0.15 * bool({"dibao", "tekun"} & codes)
        if rng.random() < support:
            self.add(t, "ssrs", self.day(5, OLDEST, t.elder), self.support(t))

    def _ability_rounds(self, t: Traits) -> list[dt.date]:
        """One assessment, or two a year apart for a share (a little worse the second time)."""
        rng = self.rng
        if t.age >= 75 and rng.random() < 0.35:
            latest = self.day(5, 170, t.elder)
            first = workday(latest - dt.timedelta(days=rng.randint(350, 366)), back=True)
            for _step in range(366):  # a year on from a month they were here
                if _here(t.elder, first):
                    break
                first = workday(first + dt.timedelta(days=1))
            earlier = t.frailty - 0.03 - 0.004 * max(0, t.age - 75)
            self.add(t, "gbt42195", first, self.ability(t, earlier))
            days = [first, latest]
        else:
            due = "disabled" not in t.codes and rng.random() < 0.15  # due again, not done yet
            days = [self.day(366, OLDEST, t.elder) if due else self.day(5, 330, t.elder)]
        self.add(t, "gbt42195", days[-1], self.ability(t, t.frailty))
        return days

    # --- answers ------------------------------------------------------------------------------
    def step(self, ladder: tuple, p: float):
        """The best answer, then one worse with probability p, and so on."""
        drop = 0
        while drop < len(ladder) - 1 and self.rng.random() < p:
            drop += 1
        return ladder[drop]

    def graded(self, code: str, p: float) -> dict:
        """Every single-choice item of an instrument, each a step or more below the best."""
        keys = [i.key for i in definitions.builtin()[code].items if i.type == "choice"]
        return {key: self.step(_ladder(code, key), _clip(p)) for key in keys}

    def ability(self, t: Traits, frailty: float) -> dict:
        rng, demented = self.rng, "dementia" in t.codes
        weights = {"b1": 1.0, "b2": 1.1, "b3": 1.2 if demented else 0.3, "b4": 0.9}
        answers = {}
        for item in definitions.builtin()["gbt42195"].items:
            if item.type == "choice":
                p = _clip(frailty) * weights[item.key[:2]] * (1.3 if item.key == "b2_4" else 1)
                answers[item.key] = self.step(_ladder("gbt42195", item.key), _clip(p))
        answers["b3_7"] = 0 if demented and rng.random() < 0.1 else 1  # aggression: 0 present
        answers["b3_8"] = 0 if rng.random() < t.mood * 0.5 else 1
        events = 2 if frailty > 0.5 and rng.random() < 0.06 else int(rng.random() < 0.05)
        return {**answers, "dementia": demented, "risk_events_30d": events}

    def network(self, t: Traits) -> dict:
        family = 3.4 - 2.6 * t.isolation - 1.5 * ("lost_only_child" in t.codes)
        friends = 3.0 - 2.4 * t.isolation - 0.6 * t.frailty
        means = [family] * 3 + [friends] * 3
        return {f"q{i}": max(0, min(5, round(self.rng.gauss(mean, 0.9))))
                for i, mean in enumerate(means, start=1)}  # fmt: skip

    def depression(self, t: Traits) -> dict:
        p = _clip(0.03 + 1.1 * t.mood**1.6)
        reverse = (1, 5, 7, 11, 13)  # a depressive answer to these is "no"
        answers = {}
        for i in range(1, 16):
            down = self.rng.random() < p
            answers[f"q{i}"] = "yes" if down != (i in reverse) else "no"
        return answers

    def support(self, t: Traits) -> dict:
        rng, s, living, codes = self.rng, t.isolation, t.elder.living_arrangement, t.codes
        bereaved = "lost_only_child" in codes
        answers = self.graded("ssrs", 0.25 + 0.7 * s)
        answers["q2"] = {"alone": 1, "institution": 3, "carer": 3}.get(living, 4)
        married = living == "spouse" or (living in ("children", "carer") and rng.random() < 0.5)
        answers["q5a"] = self.step((4, 3, 2), 0.2) if married else 1
        answers["q5b"] = 2 if t.age < 65 and rng.random() < 0.2 else 1  # parents mostly gone
        answers["q5c"] = 1 if bereaved else self.step((4, 3, 2, 1), 0.2 + 0.4 * s)
        chances = dict(SOURCE_RATES, spouse=0.9 * married, family=0.8 - 0.6 * bereaved,
                       friends=0.5 - 0.3 * s)  # fmt: skip
        for key in ("q6", "q7"):
            answers[key] = [c for c in SOURCES if rng.random() < chances[c] * (1 - 0.8 * s)]
        return answers

    def needs(self, t: Traits) -> dict:
        """Whether each need is felt, and how urgently (more so for the frail and the cared)."""
        rng, codes, f, age = self.rng, t.codes, t.frailty, t.age
        cared, alone = bool({"disabled", "dementia"} & codes), "alone" in codes
        chances = {
            "medical": 0.48 + 0.12 * (age >= 70) + 0.12 * (age >= 80) + 0.2 * cared + 0.2 * f,
            "companionship": 0.2 + 0.45 * t.isolation + 0.15 * ("lost_only_child" in codes),
            "daily_care": 0.12 + 0.2 * (age >= 80) + 0.3 * cared + 0.1 * alone,
            "recreation": 0.5 - 0.012 * max(0, age - 65) - 0.3 * cared + 0.08 * t.elder.migratory,
            "legal": 0.04 + 0.04 * alone,
            "home_safety": 0.04 + 0.08 * alone + 0.06 * (age >= 80),
            "financial": 0.03 + 0.35 * bool({"dibao", "tekun"} & codes),
        }
        answers = {}
        for key, chance in chances.items():
            pressing = (key == "medical" and f > 0.4) or (key == "daily_care" and cared)
            urgency = _weighted(rng, PRESSING if pressing else URGENCY)
            answers[key] = urgency if rng.random() < chance else "none"
        if rng.random() < 0.04:
            answers["other"] = rng.choice(OTHER_NEEDS)
        return answers

    def satisfaction(self) -> dict:
        rng = self.rng
        overall = int(_weighted(rng, (("5", 45), ("4", 40), ("3", 12), ("2", 2.5), ("1", 0.5))))
        keys = ("attitude", "timeliness", "usefulness", "information")
        answers = {k: max(1, min(5, overall + rng.choice((-1, 0, 0, 0, 1)))) for k in keys}
        answers["overall"] = overall
        if rng.random() < 0.2:
            answers["comment"] = rng.choice(COMMENTS)
        return answers

    # --- rows ---------------------------------------------------------------------------------
    def day(self, newest: int, oldest: int, elder: Elder) -> dt.date:
        """A working day between `newest` and `oldest` days ago when the elder is here (for
        migratory elders: a few draws, then the latest day of the span they were here)."""
        for _try in range(12):
            ago = dt.timedelta(days=self.rng.randint(newest, oldest))
            on = workday(self.today - ago, back=True)
            if _here(elder, on):
                return on
        for ago in range(newest, oldest + 1):
            day = self.today - dt.timedelta(days=ago)
            if day.weekday() < 5 and _here(elder, day):
                return day
        return on  # never here: add() leaves it out

    def add(self, t: Traits, code: str, on: dt.date, answers: dict, campaign=None) -> bool:
        """A complete assessment scored by the engine, as assessment_save stores it."""
        elder, rng = t.elder, self.rng
        if not _here(elder, on):
            return False  # away that month: the assessor did not see them
        definition = definitions.builtin()[code]
        result = definition.score(answers)
        if not result.complete:  # the generator makes valid answers; anything else is a bug
            raise ValueError(f"demo {code} answers do not score: {result.as_dict()}")
        worker = elder.assigned_worker_id
        row = Assessment(
            elder_id=elder.pk, station_id=elder.station_id, instrument=code,
            instrument_version=definition.version, campaign=campaign, assessed_on=on,
            assessor_id=worker if worker in self.workers else rng.choice(self.workers),
            respondent=self.respondent(t, code), answers=answers,
        )  # fmt: skip
        if row.respondent in (Assessment.Respondent.FAMILY, Assessment.Respondent.CARER):
            row.respondent_note = rng.choice(RESPONDENTS[row.respondent])
        _apply_result(row, definition, result)
        at = dt.time(rng.randint(9, 16), rng.randrange(60))
        row.completed_at = dt.datetime.combine(on, at, timezone.get_current_timezone())
        self.rows.append(row)
        return True

    def respondent(self, t: Traits, code: str) -> str:
        """Family or a carer answer for elders who cannot; the GB/T assessor observes them."""
        if "dementia" not in t.codes and t.frailty <= 0.7:
            return Assessment.Respondent.SELF
        if code == "gbt42195":
            return Assessment.Respondent.ASSESSOR
        if t.elder.living_arrangement in ("carer", "institution"):
            return Assessment.Respondent.CARER
        return Assessment.Respondent.FAMILY


def _ability_rate(t: Traits) -> float:
    """Who has the ability assessment besides everyone needing help with daily living."""
    if t.age >= 80:
        return 0.75
    return 0.8 if "dementia" in t.codes else 0.03 if t.age >= 70 else 0.0


def _here(elder: Elder, day: dt.date) -> bool:
    return cadence.present_on(day, migratory=elder.migratory, months_present=elder.months_present)


def _weighted(rng: random.Random, table) -> str:
    return rng.choices([v for v, _w in table], weights=[w for _v, w in table])[0]


# --- writing ----------------------------------------------------------------------------------
@transaction.atomic
def station_assessments_create(
    *, station, seed: int, today: dt.date
) -> tuple[AssessmentCounts, list[Elder]]:
    """A station's assessments and needs survey, then every active elder's risk level derived
    (plans follow). Returns the counts and the elders, for station_risk_derive."""
    rng = random.Random(f"linli-demo-assessments:{seed}:{station.code}")
    staff = {u.username.removeprefix(f"{station.code}-"): u
             for u in User.objects.filter(username__startswith=f"{station.code}-")}  # fmt: skip
    elders = sorted(risking.station_elders(station), key=lambda elder: elder.pk)
    assessor = Assessor(rng, today=today, workers=[staff["sw1"].pk, staff["sw2"].pk])
    traits = [assessor.traits(elder) for elder in elders]
    for t in traits:
        assessor.elder(t)
    counts = AssessmentCounts()
    if station.code in SURVEYED:
        counts.survey_targets = len(traits)
        counts.surveyed = _needs_survey(assessor, traits, station, staff["head"])
    for t in rng.sample(traits, min(SATISFACTION.get(station.code, 0), len(traits))):
        assessor.add(t, "satisfaction", assessor.day(5, 270, t.elder), assessor.satisfaction())
    _assessments_write(station, assessor.rows)
    counts.assessments = len(assessor.rows)
    counts.by_instrument = dict(Counter(row.instrument for row in assessor.rows))
    risking.risk_refresh_elders(elders=elders, today=today)
    return counts, elders


def _needs_survey(assessor: Assessor, traits: list[Traits], station, head) -> int:
    """This year's needs survey (from March), reaching about two thirds of the elders."""
    today, rng = assessor.today, assessor.rng
    year = today.year if today >= dt.date(today.year, 3, 16) else today.year - 1
    starts, ends = workday(dt.date(year, 3, 2)), dt.date(year, 12, 31)
    campaign = campaign_create(actor=head, station=station, data={
        "title": f"{year} 年老年人服务需求调查", "instrument": "needs", "starts_on": starts,
        "ends_on": ends, "note": SURVEY_NOTE,
    })  # fmt: skip
    opened = dt.datetime.combine(starts - dt.timedelta(days=7), dt.time(10),
                                 timezone.get_current_timezone())  # fmt: skip
    status = Campaign.Status.OPEN if today <= ends else Campaign.Status.CLOSED
    Campaign.objects.filter(pk=campaign.pk).update(created_at=opened, status=status)
    span = (min(ends, today - dt.timedelta(days=1)) - starts).days
    villages = set(station.areas.filter(kind="village").values_list("pk", flat=True))
    surveyed = 0
    for t in traits:
        reach = 0.66 if t.elder.migratory else 0.72 + 0.08 * (t.elder.area_id in villages)
        if rng.random() >= reach:
            continue
        for _try in range(4):  # most were surveyed in the first months; migrants before leaving
            on = workday(starts + dt.timedelta(days=int(span * rng.random() ** 1.6)))
            if on < today and assessor.add(t, "needs", on, assessor.needs(t), campaign=campaign):
                surveyed += 1
                break
    return surveyed


def _assessments_write(station, rows: list[Assessment]) -> None:
    """The rows and their first history rows as plain INSERTs (bulk_create_with_history builds
    and compiles a model instance per row and per history row: 5 s for the demo's 12,000
    assessments, against 1 s). The station had none before, so their ids come back in the
    order they were written."""
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the per-thread proxy
    fields = [f for f in Assessment._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    prepared = []
    for row in rows:
        row.created_at = row.updated_at = now
        prepared.append({f.attname: f.get_db_prep_save(getattr(row, f.attname), db)
                         for f in fields})  # fmt: skip
    _insert(db, Assessment, fields, [[values[f.attname] for f in fields] for values in prepared])
    ids = Assessment.objects.filter(station=station).order_by("pk").values_list("pk", flat=True)
    if len(ids) != len(rows):
        raise ValueError("the demo station had assessments already")
    historical = Assessment.history.model
    columns = [f for f in historical._meta.concrete_fields if f.attname != "history_id"]
    fixed = {"history_change_reason": HISTORY_REASON, "history_type": "+"}
    taken = {"history_date": "completed_at", "history_user_id": "assessor_id"}
    history = []
    for pk, values in zip(ids, prepared, strict=True):
        values = {**values, **fixed, "id": pk}
        history.append([values[taken.get(f.attname, f.attname)] for f in columns])
    _insert(db, historical, columns, history)


def _insert(db, model, fields: list, rows: list[list]) -> None:
    """Rows of values already prepared for the database."""
    ops = db.ops
    names = ", ".join(ops.quote_name(f.column) for f in fields)
    sql = (f"INSERT INTO {ops.quote_name(model._meta.db_table)} ({names}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")  # fmt: skip
    with db.cursor() as cursor:
        for start in range(0, len(rows), ROWS_BATCH):
            cursor.executemany(sql, rows[start : start + ROWS_BATCH])


@transaction.atomic
def station_risk_derive(*, station, elders: list[Elder], today: dt.date) -> dict[str, int]:
    """Derive the levels again after the year of contacts (hospital stays, changes in health),
    with plans following; returns the active elders per level."""
    risking.risk_refresh_elders(elders=elders, today=today)
    _new_plans_catch_up(station, today)
    levels = Counter(elder.risk_level for elder in elders)
    return {level: levels[level] for level in ("low", "medium", "high", "urgent")}


def _new_plans_catch_up(station, today: dt.date) -> None:
    """A plan made just now (a hospital stay seen on a home visit brings weekly calls) gets
    the contacts it would have counted had contact_log made it (a visit counts as a call)."""
    plans = list(
        Plan.objects.filter(station=station, last_attempt_at__isnull=True).select_related("elder")
    )
    contacts: dict[int, list] = {}
    rows = Contact.objects.filter(elder_id__in=[p.elder_id for p in plans]).order_by("at")
    for elder_id, kind, at, outcome in rows.values_list("elder_id", "kind", "at", "outcome"):
        contacts.setdefault(elder_id, []).append((kind, at, outcome))
    changed = []
    for plan in plans:
        counted = [c for c in contacts.get(plan.elder_id, ()) if plan.kind == "call" or
                   c[0] == "visit"]  # fmt: skip
        reached = [at for _kind, at, outcome in counted if outcome in REACHED_OUTCOMES]
        if not reached:
            continue
        since = [c for c in counted if c[1] > reached[-1] and c[2] == "no_answer"]
        plan.last_attempt_at, plan.last_reached_at = counted[-1][1], reached[-1]
        plan.no_answer_streak = len(since) if plan.kind == "call" else 0
        elder = plan.elder
        plan.next_due = cadence.next_due(
            last_reached=timezone.localdate(reached[-1]), days=plan.interval_days, today=today,
            migratory=elder.migratory, months_present=elder.months_present,
        )  # fmt: skip
        changed.append(plan)
    fields = ["last_attempt_at", "last_reached_at", "no_answer_streak", "next_due"]
    Plan.objects.bulk_update(changed, fields, batch_size=BATCH)
