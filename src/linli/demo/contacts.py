"""A year of contact history for the demo elders, so worklists, coverage and alerts look real.

Each elder's plans are played forward over the past year: their worker calls (or visits) around
each due date, a little early or late as people are, never at weekends; outcomes are drawn at
realistic rates and have the consequences `contact_log` gives them (no-answer streaks, alerts,
tasks, the next due date); migratory elders are only contacted in the months they are here; a
summer emergency had three days of daily check-ins. The plans are then left exactly as
`contact_log` would have left them.

Deterministic: one `random.Random` per station, seeded from the seed and the station's code,
with the elders taken in the order they were created. Plain data and unsaved rows, no database:
services.station_history_create reads the elders and plans and writes the result.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate

from django.utils import timezone

from linli.followups import cadence
from linli.followups.models import Alert, Emergency, Task

HISTORY_DAYS = 365
HARD_TO_REACH = 0.10  # hard of hearing, often out: most no-answer streaks are theirs
# fmt: off
CALL_OUTCOMES = (("reached", 87.5), ("no_answer", 5.5), ("wrong_number", 2), ("in_hospital", 2),
                 ("away", 3))
HARD_OUTCOMES = (("reached", 62), ("no_answer", 31), ("wrong_number", 2), ("in_hospital", 2),
                 ("away", 3))
VISIT_OUTCOMES = (("reached", 90), ("in_hospital", 2), ("away", 8))
CHECKIN_OUTCOMES = (("reached", 92), ("no_answer", 5), ("away", 3))
WELFARE_OUTCOMES = (("reached", 80), ("in_hospital", 10), ("away", 10))
# Days between the due date and the call: mostly on the day or a little ahead from the week.
LAG = (("0", 58), ("-1", 14), ("-2", 12), ("-3", 9), ("1", 4), ("2", 2), ("5", 1))
NEEDS = (("groceries", 25), ("medicine", 25), ("doctor", 15), ("escort", 10), ("repair", 15),
         ("company", 10))
EMERGENCIES = {  # station → (kind, month, day, title); three days of daily check-ins
    "zhuoda": ("typhoon", 8, 18, "台风防御：独居、失能老人每日问候"),
    "wangcheng": ("flood", 6, 22, "暴雨防汛：独居、失能老人每日问候"),
}
EMERGENCY_GROUPS = ["alone", "disabled", "dementia", "high_risk"]
NOTES = {
    "routine": ("身体状况良好，无特殊需求。", "老人精神不错，近期无异常。", "血压平稳，按时服药。",
                "子女上周来探望过。", "询问饮食起居，一切正常。", "提醒天气变化注意添衣。",
                "老人说想参加下次社区活动。", "睡眠还好，每天下楼散步。"),
    "health": ("近期血压偏高，已提醒按时服药并复查。", "上周摔了一跤，膝盖擦伤，已就医。",
               "感冒咳嗽几天，建议到社区卫生服务站就诊。", "视力下降明显，建议到医院检查。",
               "腿脚不便加重，出门需要搀扶。"),
    "low": ("老人情绪低落，说最近睡不好。", "老伴住院，老人心情不好，多聊了一会儿。",
            "子女很久没回来，老人觉得孤单。"),
    "distressed": ("老人在电话里哭了，说身体越来越差，已约定上门看望。",),
    "safety": ("燃气灶有漏气味道，已提醒关闭阀门并联系燃气公司。",
               "卫生间地滑，老人担心跌倒，建议安装扶手。", "电线老化，存在安全隐患。"),
    "in_hospital": ("老人住院中，家属接听，情况稳定。", "因肺炎住院，预计下周出院。",
                    "做白内障手术，住院三天。"),
    "no_answer": ("", "", "电话无人接听。", "响铃无人接。"),
    "away": ("老人回老家探亲，过段时间回来。", "家属说老人外出旅游了。", "去子女家小住几天。"),
    "not_home": ("上门未遇，邻居说老人去菜市场了。", "敲门无人应答，留了联系卡。"),
    "wrong_number": ("号码已停机。", "空号。", "接电话的人说打错了。"),
    "visit": ("上门探访，居家环境整洁。", "入户走访，老人身体尚可。",
              "上门看望，帮忙检查了门窗水电。"),
    "volunteer": ("志愿者上门陪老人聊天、读报。", "志愿者陪老人下楼散步。",
                  "志愿者帮忙打扫了卫生。"),
    "chance": ("在社区广场遇到老人，聊了几句，状态不错。", "在菜市场碰到老人，身体挺好。"),
    "welfare": ("连续三次电话未接通，上门查看：助听器没电，听不到电话，一切安好。",
                "上门查看，老人手机坏了，已提醒子女更换。",
                "上门查看，老人手机静音了，已帮忙调好。"),
    "corrected": ("此前欠费停机，家属已缴费，号码恢复正常。", "经子女核实，号码无误。"),
    "checkin": ("已储备食物和饮用水，门窗已加固。", "家中一切正常，不需要帮助。",
                "子女已来陪同，情况良好。"),
    "moved": ("家属告知老人已随子女搬离本社区。",),
    "deceased": ("家属告知老人已去世。",),
}
NEED_NOTES = {"groceries": "希望有人帮忙买菜。", "medicine": "需要帮忙到医院取药。",
              "doctor": "希望家庭医生上门看看。", "escort": "下周复诊需要有人陪同。",
              "repair": "家里水龙头漏水，需要维修。", "company": "希望志愿者多来陪伴聊天。"}
TASK_NOTES = {"visit": "连续三次电话未接通，请上门查看。",
              "correction": "电话号码有误，请核实并更正。"}
VERIFIABLE = ["address", "emergency_contacts", "living_arrangement", "phones"]
# fmt: on


@dataclass
class HistoryCounts:
    contacts: int = 0
    alerts_open: int = 0
    tasks_open: int = 0
    emergencies: int = 0
    days: dict[str, dict[str, int]] = field(default_factory=dict)  # each worker's day on load


@dataclass(slots=True)
class Made:
    """One contact of the simulated year, with the alerts and tasks it set off."""

    elder_id: int
    kind: str
    at: dt.datetime
    by_id: int | None
    outcome: str
    note: str = ""
    health_change: bool = False
    mood: str = ""
    new_need: str = ""
    safety_concern: bool = False
    verification: dict = field(default_factory=dict)
    emergency_id: int | None = None
    meals_secured: bool | None = None
    medicines_sufficient: bool | None = None
    spawned: list = field(default_factory=list)  # unsaved Alert and Task rows

    @property
    def reached(self) -> bool:
        return self.outcome in ("reached", "in_hospital")


@dataclass
class Track:
    """One plan while its year is played forward."""

    plan_id: int
    kind: str
    days: int
    due: dt.date
    next_try: dt.date = dt.date.min
    last_attempt: dt.datetime | None = None
    last_reached: dt.datetime | None = None
    streak: int = 0


@dataclass
class ElderFacts:
    pk: int
    worker_id: int | None
    phoned: bool
    migratory: bool
    months_present: list
    volunteer_id: int | None
    checkin_days: list[dt.date]

    def present(self, day: dt.date) -> bool:
        return cadence.present_on(day, migratory=self.migratory, months_present=self.months_present)


@cache
def _cumulative(table: tuple[tuple[str, float], ...]) -> tuple[list[str], list[float]]:
    return [value for value, _w in table], list(accumulate(w for _v, w in table))


def weighted(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    """places.weighted, with the cumulative weights worked out once per table."""
    values, cumulative = _cumulative(table)
    return rng.choices(values, cum_weights=cumulative)[0]


def workday(day: dt.date, *, back: bool = False) -> dt.date:
    """The day itself on a weekday; otherwise the Friday before or the Monday after."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=-1 if back else 1)
    return day


def add_workdays(day: dt.date, count: int) -> dt.date:
    """`count` working days after (or, negative, before) a day; 0: the day or the next one."""
    day, step = workday(day, back=count < 0), -1 if count < 0 else 1
    for _ in range(abs(count)):
        day = workday(day + dt.timedelta(days=step), back=step < 0)
    return day


class History:
    """Plays one station's year forward, elder by elder, into a list of contacts."""

    def __init__(self, rng: random.Random, *, today: dt.date, station_id: int, head_id: int):
        self.rng, self.today, self.station_id, self.head_id = rng, today, station_id, head_id
        self.start = today - dt.timedelta(days=HISTORY_DAYS)
        self.tz = timezone.get_current_timezone()
        self.made: list[Made] = []
        self.emergency: Emergency | None = None
        self.last_at: dt.datetime | None = None

    def elder(self, facts: ElderFacts, tracks: list[Track]) -> None:
        """Every contact with one elder over the year, and their plans at the end of it."""
        self.facts, self.tracks, self.pending, self.alerts = facts, tracks, [], {}
        self.last_at = None
        self.outcomes = HARD_OUTCOMES if self.rng.random() < HARD_TO_REACH else CALL_OUTCOMES
        for track in tracks:
            track.due = self._present(
                self.start + dt.timedelta(days=self.rng.randrange(track.days))
            )
            track.next_try = self._try_day(track.due, moved=False)
        checkins = [day for day in facts.checkin_days if day < self.today]
        while True:
            track = min(tracks, key=lambda t: t.next_try, default=None)
            next_try = track.next_try if track else dt.date.max
            if checkins and checkins[0] <= next_try:
                self._checkin(checkins.pop(0))
            elif next_try < self.today:
                self._attempt(track)
            else:
                break

    # --- when ---------------------------------------------------------------------------------
    def _present(self, day: dt.date) -> dt.date:
        facts = self.facts
        return cadence.first_present_day(
            day, migratory=facts.migratory, months_present=facts.months_present
        )

    def _try_day(self, due: dt.date, *, moved: bool) -> dt.date:
        """When the worker gets to a due date: arrivals are spread over their first fortnight."""
        lag = self.rng.randrange(10) if moved else int(weighted(self.rng, LAG))
        return max(add_workdays(due, lag), workday(self.start))

    def _before_leaving(self, day: dt.date) -> dt.date | None:
        """The last working day they are here before `day`, if after their last contact."""
        while not self.facts.present(day):
            day -= dt.timedelta(days=1)
        day = workday(day, back=True)
        last = self.last_at.date() if self.last_at else self.start
        return day if day > last and self.facts.present(day) else None

    def _after(self, day: dt.date, lo: int, hi: int) -> dt.date:
        return add_workdays(day, self.rng.randint(lo, hi))

    def _at(self, day: dt.date, first_hour: int = 9, last_hour: int = 17) -> dt.datetime:
        """A time in working hours, after the elder's previous contact (they are in order)."""
        hour = self.rng.randint(first_hour, last_hour - 1)
        hour = hour + 2 if hour in (12, 13) else hour  # lunch and the midday rest
        at = dt.datetime.combine(day, dt.time(hour, self.rng.randrange(60)), self.tz)
        if self.last_at is not None and at <= self.last_at:
            at = self.last_at + dt.timedelta(minutes=self.rng.randint(20, 90))
        self.last_at = at
        return at

    # --- what happens -------------------------------------------------------------------------
    def _attempt(self, track: Track) -> None:
        day, rng, facts = track.next_try, self.rng, self.facts
        if not facts.present(day):  # leaving soon: call before they go, else when they are back
            back = self._try_day(self._present(day), moved=True)
            track.next_try = self._before_leaving(day) or back
            return
        welfare = track.kind == "call" and track.streak == 3 and self.pending
        by = facts.worker_id or self.head_id
        if welfare:
            made = self._record("visit", day, by, WELFARE_OUTCOMES, note="welfare")
        elif track.kind == "visit" or not facts.phoned:
            made = self._record("visit", day, by, VISIT_OUTCOMES, note="visit")
        elif facts.volunteer_id and rng.random() < 0.4:
            made = self._record("visit", day, facts.volunteer_id, VISIT_OUTCOMES, note="volunteer")
        else:
            made = self._record("call", day, by, self.outcomes)
        self._advance(made)
        self._consequences(made, track)

    def _record(self, kind: str, day: dt.date, by: int | None, outcomes, note: str = "") -> Made:
        outcome = weighted(self.rng, outcomes)
        made = Made(elder_id=self.facts.pk, kind=kind, at=self._at(day), by_id=by, outcome=outcome)
        if outcome == "reached":
            self._wellbeing(made, note)
        elif outcome == "away" and kind == "visit" and note != "welfare":
            made.note = self.rng.choice(NOTES["not_home"])
        else:
            made.note = self.rng.choice(NOTES[outcome])
            made.health_change = outcome == "in_hospital"
        if made.reached and made.kind == "call" and "wrong_number" in self._pending_kinds():
            made.note = self.rng.choice(NOTES["corrected"]) + made.note
            made.verification = {"checked": ["emergency_contacts", "phones"], "corrected": {}}
        self.made.append(made)
        return made

    def _wellbeing(self, made: Made, note: str) -> None:
        rng, notes = self.rng, []
        if made.kind == "call" and rng.random() < 0.045:
            made.kind, note = ("video", "") if rng.random() < 0.67 else ("chance", "chance")
        made.mood = "good" if rng.random() < 0.6 else ""
        if rng.random() < 0.05:
            made.health_change = True
            notes.append(rng.choice(NOTES["health"]))
        if rng.random() < 0.065:
            made.mood = "distressed" if rng.random() < 0.08 else "low"
            notes.append(rng.choice(NOTES[made.mood]))
        if rng.random() < 0.03:
            made.new_need = weighted(rng, NEEDS)
            notes.append(NEED_NOTES[made.new_need])
            self._task(made, "service", NEED_NOTES[made.new_need], done_in=(1, 6))
        if rng.random() < 0.005:
            made.safety_concern = True
            notes.append(rng.choice(NOTES["safety"]))
            self._alert(made, "safety", resolved_in=(2, 12))
        if note or (not notes and rng.random() < 0.3):
            notes.insert(0, rng.choice(NOTES[note or "routine"]))
        made.note = "".join(notes)
        if (made.kind == "visit" and rng.random() < 0.3) or rng.random() < 0.02:
            made.verification = {"checked": VERIFIABLE, "corrected": {}}

    def _advance(self, made: Made) -> None:
        """What contact_log does to the plans: a visit counts as a call too."""
        for track in self.tracks:
            if track.kind != "call" and made.kind != "visit":
                continue
            track.last_attempt = made.at
            if made.reached:
                track.last_reached, track.streak = made.at, 0
                due = made.at.date() + dt.timedelta(days=track.days)  # `at` is local time
                track.due = self._present(due)
                track.next_try = max(self._try_day(track.due, moved=track.due != due),
                                     made.at.date() + dt.timedelta(days=1))  # fmt: skip
            elif made.outcome == "no_answer" and track.kind == "call":
                track.streak += 1

    def _consequences(self, made: Made, track: Track) -> None:
        day = made.at.date()
        if made.reached:
            self._resolve(made)
            return
        if made.outcome == "wrong_number":
            self._pending(made, "wrong_number", "correction")
            track.next_try = self._after(day, 1, 3)
        elif made.outcome == "no_answer" and track.kind == "call" and track.streak == 3:
            self._pending(made, "no_answer", "visit")
            track.next_try = self._after(day, 1, 4)
        elif made.outcome == "no_answer":
            track.next_try = self._after(day, 1, 2)
        else:  # away, or not at home
            track.next_try = self._after(day, 2, 5)

    def _checkin(self, day: dt.date) -> None:
        """An emergency's daily check-in: meals, medicines and any urgent need."""
        kind = "call" if self.facts.phoned else "visit"
        made = Made(elder_id=self.facts.pk, kind=kind, at=self._at(day, 8, 12),
                    by_id=self.facts.worker_id or self.head_id,
                    outcome=weighted(self.rng, CHECKIN_OUTCOMES),
                    emergency_id=self.emergency.pk)  # fmt: skip
        if made.reached:
            made.meals_secured = self.rng.random() < 0.98
            made.medicines_sufficient = self.rng.random() < 0.97
            made.note = self.rng.choice(NOTES["checkin"])
            if not (made.meals_secured and made.medicines_sufficient) or self.rng.random() < 0.01:
                made.new_need = "groceries" if not made.meals_secured else "medicine"
                made.note = NEED_NOTES[made.new_need]
                self._task(made, "service", f"{self.emergency.title}：{made.note}", done_in=(0, 1))
                self._alert(made, "urgent_need", resolved_in=(0, 1))
        else:
            made.note = self.rng.choice(NOTES[made.outcome])
        self.made.append(made)
        self._advance(made)
        call = next((t for t in self.tracks if t.kind == "call"), None)
        if made.reached:
            self._resolve(made)
        elif made.outcome == "no_answer" and call is not None and call.streak == 3:
            self._pending(made, "no_answer", "visit")
            call.next_try = self._after(day, 1, 4)

    # --- alerts and tasks ---------------------------------------------------------------------
    def _pending(self, made: Made, alert_kind: str, task_kind: str) -> None:
        """An alert and a task that stay open until the elder is reached."""
        alert = self._alert(made, alert_kind, resolved_in=None)
        if alert is not None:
            task = self._task(made, task_kind, TASK_NOTES[task_kind], done_in=None)
            self.pending.append((alert, task))

    def _pending_kinds(self) -> set[str]:
        return {alert.kind for alert, _task in self.pending}

    def _resolve(self, made: Made) -> None:
        """The elder is reached: their pending alerts and tasks are done."""
        for alert, task in self.pending:
            alert.resolved_at, alert.resolved_by_id = made.at, made.by_id
            task.status, task.done_at = Task.Status.DONE, made.at
        self.pending = []

    def _alert(self, made: Made, kind: str, resolved_in) -> Alert | None:
        """Raise an alert unless one of its kind is still open for the elder (alert_raise)."""
        last = self.alerts.get(kind)
        if last is not None and (last.resolved_at is None or last.resolved_at > made.at):
            return None
        alert = Alert(elder_id=made.elder_id, station_id=self.station_id, kind=kind,
                      created_at=made.at, resolved_at=self._later(made, resolved_in),
                      resolved_by_id=made.by_id)  # fmt: skip
        if alert.resolved_at is None:
            alert.resolved_by_id = None
        self.alerts[kind] = alert
        made.spawned.append(alert)
        return alert

    def _task(self, made: Made, kind: str, note: str, done_in) -> Task:
        done_at = self._later(made, done_in)
        task = Task(elder_id=made.elder_id, station_id=self.station_id, kind=kind, note=note,
                    due_on=workday(made.at.date() + dt.timedelta(days=1)),
                    assigned_to_id=self.facts.worker_id or self.head_id,
                    status=Task.Status.DONE if done_at else Task.Status.OPEN,
                    created_by_id=made.by_id, created_at=made.at, done_at=done_at)  # fmt: skip
        made.spawned.append(task)
        return task

    def _later(self, made: Made, within: tuple[int, int] | None) -> dt.datetime | None:
        """A moment some days after the contact, or None if that is still to come."""
        if within is None:
            return None
        later = made.at + dt.timedelta(days=self.rng.randint(*within), hours=2)
        return later if later.date() < self.today else None

    def former(self, elder_id: int, status: str, on: dt.date, by: int | None) -> None:
        """The call on which the station learned that an elder moved out or died."""
        day, self.last_at = workday(on), None
        if self.start <= day < self.today:
            self.made.append(Made(elder_id=elder_id, kind="call", at=self._at(day),
                                  by_id=by or self.head_id, outcome=status,
                                  note=self.rng.choice(NOTES[status])))  # fmt: skip
