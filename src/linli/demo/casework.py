"""Case work, partners, referrals, donated goods and service requests for a demo station.

Cases are spread over the last ten months and stand at every stage of the process (one close
request awaiting the head, one returned, a few stuck longer than the norm); they go through the
case services step by step, and the dates the services stamp as "now" are then set to the day
each step happened, so a given seed and today always give the same demo. The seed-like station
(zhuoda) is the richest; the others have fewer of everything (SCALE).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from linli.accounts.models import User
from linli.assessments.models import Assessment
from linli.cases import process
from linli.cases import services as case_services
from linli.cases.models import (
    AssessmentSummary,
    Case,
    CaseEvent,
    ClosingSummary,
    Goal,
    Intake,
    Note,
)
from linli.cases.selectors import cases_stuck
from linli.elders.models import Elder
from linli.lib.identifiers import age_on
from linli.partners.models import Agreement, Partner, PartnerPerson
from linli.partners.selectors import stock_levels

from . import cases as texts
from . import errands
from .cases import KINDS, CaseKind
from .partners import PartnerCounts, goods_create, moment, partner_of, partners_create
from .referrals import ReferralSlot, other_referrals, referral_counts, referral_make

SCALE = {"zhuoda": 1.0}
OTHER_SCALE = 0.4
# Final stage → cases of it at the seed-like station (requested/returned: in evaluation).
PLAN = (("intake", 3), ("assessment", 3), ("plan", 2), ("intervention", 7), ("evaluation", 3),
        ("requested", 1), ("returned", 1), ("referred", 2), ("referred_closed", 1),
        ("closed", 4), ("followup", 3))  # fmt: skip
STEPS = {"intake": 1, "assessment": 2, "plan": 3, "intervention": 4, "evaluation": 5}
# Days spent in a stage before leaving it (intervention is what remains), and days since the
# final stage was entered: (usual, stuck).
STAY = {"intake": (3, 10), "assessment": (7, 16), "plan": (4, 10), "intervention": (40, 110),
        "evaluation": (7, 15), "referred": (10, 25), "closed": (20, 40)}  # fmt: skip
SINCE = {"intake": ((1, 10), (24, 30)), "assessment": ((2, 15), (30, 40)),
         "plan": ((2, 10), (2, 10)), "intervention": ((10, 90), (135, 160)),
         "evaluation": ((3, 15), (3, 15)), "requested": ((2, 6), (2, 6)),
         "returned": ((5, 12), (5, 12)), "referred": ((3, 20), (3, 20)),
         "referred_closed": ((60, 180), (60, 180)), "closed": ((30, 200), (30, 200)),
         "followup": ((20, 150), (20, 150))}  # fmt: skip
OLDEST = 300  # days: cases opened in the last ten months
RISK_RANK = {"urgent": 4, "high": 3, "medium": 2, "low": 1, "": 0}


@dataclass
class CaseworkCounts:
    partners: PartnerCounts = field(default_factory=PartnerCounts)
    cases: dict[str, int] = field(default_factory=dict)  # by stage
    restricted: int = 0
    stuck: int = 0
    closing_requested: int = 0
    closing_returned: int = 0
    requests: dict[str, int] = field(default_factory=dict)  # by status
    requests_overdue: int = 0
    helpers: int = 0
    seconds: float = 0.0


@dataclass
class Candidate:
    """An active elder as the station's workers would think of them for a case or help."""

    elder: Elder
    codes: set[str]
    age: int
    priority: float


@transaction.atomic
def station_casework_create(*, station, seed: int, today: dt.date) -> CaseworkCounts:
    """Partners, service requests, cases, referrals and donated goods for one station."""
    started = time.perf_counter()
    rng = random.Random(f"linli-demo-casework:{seed}:{station.code}")
    scale = SCALE.get(station.code, OTHER_SCALE)
    staff = {u.username.removeprefix(f"{station.code}-"): u
             for u in User.objects.filter(username__startswith=f"{station.code}-")}  # fmt: skip
    pool = elder_pool(station, today, rng)
    counts = CaseworkCounts()
    partners = partners_create(station=station, rng=rng, today=today, head=staff["head"])
    requests = errands.requests_create(station=station, rng=rng, today=today, staff=staff,
                                       pool=pool, scale=scale)  # fmt: skip
    desk = CaseDesk(station, rng, today, staff, partners)
    desk.play_all(pool, scale)
    other_referrals(desk, requests, scale)
    poor = sorted(pool, key=lambda c: (-_need_rank(c.codes), -c.priority, c.elder.pk))
    receipts, given = goods_create(station=station, rng=rng, today=today, partners=partners,
                                   elders=[c.elder for c in poor], actor=staff["head"],
                                   scale=scale)  # fmt: skip
    _count(counts, station, today, staff["head"], partners, receipts, given)
    counts.requests, counts.requests_overdue, counts.helpers = errands.request_counts(
        station, today
    )
    counts.seconds = time.perf_counter() - started
    return counts


def elder_pool(station, today: dt.date, rng: random.Random) -> list[Candidate]:
    """The station's active elders most likely to need a case or help, most likely first."""
    rows = Elder.objects.filter(station=station, status=Elder.Status.ACTIVE).values_list(
        "pk", "birth_date", "living_arrangement", "risk_level"
    )
    typed: dict[int, set[str]] = {}
    through = Elder.categories.through.objects.filter(elder__station=station)
    for elder_id, code in through.values_list("elder_id", "category__code"):
        typed.setdefault(elder_id, set()).add(code)
    scored = []
    for pk, birth, living, risk in rows.order_by("pk"):
        age = age_on(birth, today) if birth else 70
        codes = typed.get(pk, set()) | {living or "unknown"}
        codes |= {"aged80"} if age >= 80 else set()
        priority = 2 * RISK_RANK[risk] + 2 * (living == "alone") + (age >= 80) + rng.random()
        priority += 2 * bool(codes & {"lost_only_child", "tekun", "disabled", "dementia"})
        scored.append((priority, pk, codes, age))
    scored.sort(key=lambda row: (-row[0], row[1]))
    needy = sorted(scored, key=lambda row: (-_need_rank(row[2]), -row[0], row[1]))[:100]
    top = scored[: max(60, len(scored) // 12)]
    taken = {row[1] for row in top}
    chosen = top + [row for row in needy if row[1] not in taken]  # the needy get goods first
    elders = Elder.objects.select_related("station", "area").in_bulk([r[1] for r in chosen])
    return [Candidate(elders[pk], codes, age, p) for p, pk, codes, age in chosen]


def _need_rank(codes: set[str]) -> int:
    """Who gets donated goods first: 特困, then 低保, then those living alone."""
    return 3 * ("tekun" in codes) + 2 * ("dibao" in codes) + ("alone" in codes)


class CaseDesk:
    """Plays one station's cases through the services."""

    def __init__(self, station, rng, today: dt.date, staff: dict, partners: list[Partner]):
        self.station, self.rng, self.today, self.staff = station, rng, today, staff
        self.partners = partners
        self.workers = [staff["sw1"], staff["sw2"]]
        self.made: list[tuple[Case, CaseKind, str, dict[str, dt.date]]] = []

    def play_all(self, pool: list[Candidate], scale: float) -> None:
        finals = [final for final, n in PLAN for _ in range(max(1, round(n * scale)))]
        plain = [k for k in KINDS if not k.restricted]
        self.rng.shuffle(plain)
        sequence = [plain[i % len(plain)] for i in range(len(finals))]
        restricted = [k for k in KINDS if k.restricted]  # one of each, at different stages
        for n, kind in enumerate(restricted):
            sequence[n * len(finals) // len(restricted) + 1] = kind
        used: set[int] = set()
        seen: set[str] = set()
        for final, kind in zip(finals, sequence, strict=True):
            candidate = self._elder(pool, kind, used)
            stuck = final in ("intake", "assessment", "intervention") and final not in seen
            seen.add(final)
            self.play(candidate, kind, final, stuck=stuck)

    def _elder(self, pool: list[Candidate], kind: CaseKind, used: set[int]) -> Candidate:
        free = [c for c in pool if c.elder.pk not in used]
        fitting = [c for c in free if not kind.wants or c.codes & set(kind.wants)] or free
        candidate = self.rng.choice(fitting[:12])
        used.add(candidate.elder.pk)
        return candidate

    def timeline(self, final: str, stuck: bool) -> list[tuple[str, dt.date]]:
        """The stages the case went through, each with the day it was entered."""
        rng = self.rng
        base = {"requested": "evaluation", "returned": "evaluation",
                "referred_closed": "closed"}.get(final, final)  # fmt: skip
        if base == "referred":
            path = process.STAGES[: rng.choice((2, 4))] + (process.REFERRED,)
        elif final == "referred_closed":
            path = process.STAGES[:4] + (process.REFERRED, process.CLOSED)
        else:
            path = process.STAGES[: STEPS.get(base, 5)] + {
                "closed": (process.CLOSED,), "followup": (process.CLOSED, process.FOLLOWUP)
            }.get(base, ())  # fmt: skip
        since = rng.randint(*SINCE[final][stuck])
        stays = [rng.randint(*STAY[stage]) for stage in path[:-1]]
        if process.INTERVENTION in path[:-1]:  # shorter work if it would start too long ago
            i = path.index(process.INTERVENTION)
            room = OLDEST - rng.randint(0, 20) - since - (sum(stays) - stays[i])
            stays[i] = max(20, min(stays[i], room))
        since = min(since, OLDEST - sum(stays))
        day = self.today - dt.timedelta(days=since + sum(stays))
        entered = []
        for stage, stay in zip(path, [*stays, 0], strict=True):
            entered.append((stage, day))
            day += dt.timedelta(days=stay)
        return entered

    def play(self, candidate: Candidate, kind: CaseKind, final: str, *, stuck: bool) -> Case:
        elder, rng = candidate.elder, self.rng
        worker = next((w for w in self.workers if w.pk == elder.assigned_worker_id),
                      self.workers[len(self.made) % 2])  # fmt: skip
        entered = self.timeline(final, stuck)
        opened = entered[0][1]
        others = [self.staff["vol1"], *[w for w in self.workers if w != worker]]
        co_workers = [] if kind.restricted else rng.sample(others, rng.randint(0, 2))
        case = case_services.case_open(
            actor=worker, elder=elder, title=kind.title, lead_worker=worker, source=kind.source,
            problem=kind.problem, consent_given=True,
            consent_by=texts.CONSENT_BY.get(kind.source, ""),
            restricted_reason=kind.restricted, co_workers=co_workers, opened_on=opened,
        )  # fmt: skip
        moments = [moment(opened, 9, rng.randrange(60))]
        dates = dict(entered)
        for (stage, day), (to, move_day) in zip(entered, entered[1:], strict=False):
            self._records(case, kind, stage, day, move_day, leaving=True, to=to)
            moments.append(self._move(case, to, move_day, worker, kind))
        last, day = entered[-1]
        self._records(case, kind, last, day, self.today, leaving=False, final=final, stuck=stuck)
        self._supervise(case, kind, opened, stuck)
        events = list(CaseEvent.objects.filter(case=case).order_by("id"))
        for event, at in zip(events, moments, strict=True):
            event.at = at
        CaseEvent.objects.bulk_update(events, ["at"])
        Case.objects.filter(pk=case.pk).update(created_at=moments[0], stage_entered_on=day)
        Intake.objects.filter(case=case).update(recorded_at=moments[0])
        self.made.append((case, kind, final, dates))
        return case

    def _move(self, case: Case, to: str, day: dt.date, worker, kind: CaseKind) -> dt.datetime:
        """One move through the services; returns when it happened."""
        at = moment(day, 11, self.rng.randrange(60))
        if to == process.REFERRED:
            partner = partner_of(self.partners, kind.refer_to, self.rng, case.elder.area.name
                                 if case.elder.area_id else "")  # fmt: skip
            case_services.case_refer_out(actor=worker, case=case, referred_to=partner.name,
                                         reason=f"需要{partner.name}的专业服务")  # fmt: skip
            status = "done" if (self.today - day).days > 20 else "accepted"
            referral_make(ReferralSlot(case.elder, partner, day, status, case=case),
                          actor=worker, rng=self.rng, today=self.today)  # fmt: skip
        elif to == process.CLOSED:
            self._close(case, worker, day, at)
        else:
            case_services.case_move(actor=worker, case=case, to=to)
        return at

    def _close(self, case: Case, worker, day: dt.date, at: dt.datetime) -> None:
        referred = case.stage == process.REFERRED
        requested = self._request_close(case, worker, day - dt.timedelta(days=2), referred)
        case_services.case_approve_close(actor=self.staff["head"], case=case)
        ClosingSummary.objects.filter(pk=requested.pk).update(decided_at=at)

    def _request_close(self, case: Case, worker, day: dt.date, referred: bool = False):
        summary = case_services.case_request_close(
            actor=worker, case=case, reason="referred" if referred else "goals_met",
            text=texts.REFERRED_CLOSING if referred else texts.CLOSING,
        )  # fmt: skip
        ClosingSummary.objects.filter(pk=summary.pk).update(requested_at=moment(day, 16))
        return summary

    def _records(self, case, kind, stage, day, until, *, leaving, to="", final="", stuck=False):
        """The records a stage leaves behind: made before leaving it, or so far if still in it."""
        worker, rng = case.lead_worker, self.rng
        if stage == process.ASSESSMENT and leaving:
            self._assess(case, kind, until - dt.timedelta(days=1))
        elif stage == process.PLAN and (leaving or rng.random() < 0.5):
            goals = [{"description": g, "indicator": i, "baseline": b, "target": t,
                      "target_date": day + dt.timedelta(days=rng.randint(60, 120))}
                     for g, i, b, t in kind.goals]  # fmt: skip
            made = case_services.case_set_plan(actor=worker, case=case, goals=goals)
            planned = moment(min(until - dt.timedelta(days=1), day + dt.timedelta(days=2)), 15)
            Goal.history.filter(id__in=[g.pk for g in made], history_type="+").update(
                history_date=planned
            )
        elif stage == process.INTERVENTION:
            stop = until - dt.timedelta(days=45 if stuck else 1)
            self._notes(case, kind, day + dt.timedelta(days=rng.randint(2, 6)), stop)
        elif stage == process.EVALUATION and leaving:
            self._evaluate(case, case.goals.all(), until - dt.timedelta(days=3))
        elif stage == process.EVALUATION and final in ("requested", "returned"):
            self._evaluate(case, case.goals.all(), day + dt.timedelta(days=1))
            self._request_close(case, worker, day + dt.timedelta(days=2))
            if final == "returned":
                case_services.case_return(actor=self.staff["head"], case=case, note=texts.RETURNED)
                decided = moment(day + dt.timedelta(days=3), 17)
                ClosingSummary.objects.filter(case=case).update(decided_at=decided)
        elif stage == process.EVALUATION:
            self._evaluate(case, case.goals.all()[:1], until - dt.timedelta(days=1))
        elif stage == process.FOLLOWUP:
            on = min(self.today, day + dt.timedelta(days=rng.randint(2, 5)))
            self._note(case, texts.FOLLOWUP, on, "")

    def _assess(self, case: Case, kind: CaseKind, day: dt.date) -> None:
        latest: dict[str, Assessment] = {}
        done = Assessment.objects.filter(elder=case.elder, assessed_on__lte=day)
        for assessment in done.order_by("-assessed_on", "-id")[:12]:
            latest.setdefault(assessment.instrument, assessment)
        summary = case_services.case_record_assessment(
            actor=case.lead_worker, case=case, text=kind.summary,
            assessments=list(latest.values())[:3],
        )  # fmt: skip
        AssessmentSummary.objects.filter(pk=summary.pk).update(recorded_at=moment(day, 15))

    def _notes(self, case: Case, kind: CaseKind, start: dt.date, stop: dt.date) -> None:
        """Process notes every two to four weeks (at least one), each with the next step."""
        day, index = start, 0
        while index == 0 or day <= stop:
            text = kind.notes[index % len(kind.notes)]
            self._note(case, text, min(day, self.today), self.rng.choice(texts.NEXT_STEPS))
            day += dt.timedelta(days=self.rng.randint(14, 28))
            index += 1

    def _note(self, case: Case, text: str, day: dt.date, next_step: str) -> None:
        note = case_services.case_add_note(
            actor=case.lead_worker, case=case, text=text, written_on=day, next_step=next_step,
            next_step_on=day + dt.timedelta(days=14) if next_step else None,
        )  # fmt: skip
        Note.objects.filter(pk=note.pk).update(created_at=moment(day, 17))

    def _evaluate(self, case: Case, goals, day: dt.date) -> None:
        for goal in goals:
            roll = self.rng.random()
            attainment, score = (("attained", self.rng.choice((0, 1, 1, 2))) if roll < 0.6 else
                                 ("partly", -1) if roll < 0.9 else ("not", -2))  # fmt: skip
            case_services.case_evaluate_goal(actor=case.lead_worker, goal=goal,
                                             attainment=attainment, score=score)  # fmt: skip
            Goal.objects.filter(pk=goal.pk).update(evaluated_at=moment(day, 16))

    def _supervise(self, case: Case, kind: CaseKind, opened: dt.date, stuck: bool) -> None:
        """The head's supervision: monthly case conferences reach most cases once or twice."""
        head, rng = self.staff["head"], self.rng
        span = max(1, (self.today - opened).days - 1)
        some_day = opened + dt.timedelta(days=rng.randint(1, span))
        lately = self.today - dt.timedelta(days=rng.randint(1, 6))
        notes = [(texts.RESTRICTED_SUPERVISION, opened + dt.timedelta(days=1))] * bool(
            kind.restricted
        )
        notes += [(texts.STUCK_SUPERVISION, lately)] * stuck
        notes += [(rng.choice(texts.SUPERVISION), some_day)] * ((self.today - opened).days > 30)
        for text, day in notes:
            note = case_services.case_add_supervision(actor=head, case=case, text=text,
                                                      written_on=day)  # fmt: skip
            Note.objects.filter(pk=note.pk).update(created_at=moment(day, 16))


def _count(counts, station, today, head, partners, receipts: int, given: int) -> None:
    p = counts.partners
    p.partners, p.receipts, p.distributions = len(partners), receipts, given
    p.people = PartnerPerson.objects.filter(partner__station=station).count()
    agreements = Agreement.objects.filter(partner__station=station)
    p.agreements, p.expired = agreements.count(), agreements.filter(valid_until__lt=today).count()
    p.referrals, p.awaiting = referral_counts(station, today)
    p.stock = {i.name: f"{i.stock.normalize():f} {i.unit}"
               for i in stock_levels(actor=head, station=station)}  # fmt: skip
    by_stage = Counter(Case.objects.filter(station=station).values_list("stage", flat=True))
    counts.cases = {stage: by_stage[stage] for stage in process.STAGES}
    counts.restricted = Case.objects.filter(station=station, restricted=True).count()
    counts.stuck = len(cases_stuck(actor=head, station=station, today=today))
    closings = Counter(ClosingSummary.objects.filter(case__station=station)
                       .values_list("status", flat=True))  # fmt: skip
    counts.closing_requested, counts.closing_returned = closings["requested"], closings["returned"]
