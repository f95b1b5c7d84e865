"""The catalogue of indicator measures: what a project's figures count, and the records behind
each figure. Indicators name a measure by its code and add filters; no figure is typed in.

Rules shared by every measure:
- a period is two local (Asia/Shanghai) dates, both included; timestamps are compared with the
  first moment of the first day and the first moment of the day after the last;
- `stations` are the project's stations; tenancy is decided by the caller (the selectors);
- filters are a dict: `areas` (area ids), `categories` (elder category codes) and
  `activity_type`; a measure uses the filters it lists in `filters` and ignores the others;
- records made for an elder while they lived here count even when the elder later died or
  moved away: the service was delivered. Rates are shares of the elders still active at the
  end of the period (status active, or a status date after the end), since a funder asks
  "how many of the elders we serve now did you reach".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.activities import selectors as activity_selectors
from linli.activities.models import Activity, Attendance, Feedback
from linli.assessments.models import Assessment
from linli.cases import process
from linli.cases.models import Case, CaseEvent
from linli.elders.models import Elder
from linli.errands.models import ServiceRequest
from linli.followups.models import REACHED_OUTCOMES, Contact
from linli.groupwork.models import Group, Session
from linli.volunteers.models import HoursEntry, Volunteer

Value = int | Decimal | None
AREAS, CATEGORIES, TYPE = "areas", "categories", "activity_type"
ELDER_FILTERS = frozenset({AREAS, CATEGORIES})
DONE = (ServiceRequest.Status.DONE, ServiceRequest.Status.CONFIRMED)


@dataclass(frozen=True)
class Row:
    """One record behind a figure, as the records page shows it to staff."""

    on: dt.date | None
    what: str
    who: str


@dataclass(frozen=True)
class Measure:
    code: str
    label: object
    unit: object
    records: Callable[[Sequence, dt.date, dt.date, dict], QuerySet]
    compute: Callable[[Sequence, dt.date, dt.date, dict], Value]
    row: Callable[[object], Row]
    keys: tuple[str, ...] = ("pk",)  # keyset order of the records page (JSON-safe values)
    filters: frozenset[str] = frozenset()
    rate: bool = False
    # A level (a stock or a mean) is not projected at a pace: the projection is today's value.
    # Counts and coverage rates grow with the days of the period and are projected linearly.
    level: bool = False


# --- helpers -----------------------------------------------------------------------------------
def bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first local moment of `start` and of the day after `end`."""
    return activity_selectors.day_start(start), activity_selectors.day_start(
        end + dt.timedelta(days=1)
    )


def at_in(field: str, start: dt.date, end: dt.date) -> Q:
    since, until = bounds(start, end)
    return Q(**{f"{field}__gte": since, f"{field}__lt": until})


def while_active(day) -> Q:
    """Records made while the elder was still here: on or before the day they died or moved
    (the day itself counts; an unknown day counts everything)."""
    return (
        Q(elder__status=Elder.Status.ACTIVE)
        | Q(elder__status_date__isnull=True)
        | Q(elder__status_date__gte=day)
    )


def local_day(field: str) -> TruncDate:
    """The local (Asia/Shanghai) date of a timestamp field."""
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


def elder_q(filters: dict, prefix: str = "elder__") -> Q:
    """The filters on the elder a record is about (area, categories)."""
    q = Q()
    if filters.get(AREAS):
        q &= Q(**{f"{prefix}area_id__in": filters[AREAS]})
    if filters.get(CATEGORIES):
        tagged = Elder.categories.through.objects.filter(category__code__in=filters[CATEGORIES])
        q &= Q(**{f"{prefix}pk__in": tagged.values("elder_id")})
    return q


def active_at(end: dt.date) -> Q:
    """Elders active at the end of a period: still active, or gone only after it."""
    return Q(status=Elder.Status.ACTIVE) | Q(status_date__gt=end)


def share(hits: int, total: int) -> Decimal | None:
    """A percentage with one decimal, or None when there is nothing to divide by."""
    if not total:
        return None
    return (Decimal(100 * hits) / Decimal(total)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def count(records: Callable) -> Callable:
    return lambda stations, start, end, filters: records(stations, start, end, filters).count()


def rate_of(records: Callable) -> Callable:
    """Share of the records (annotated `hit`) that are hits."""

    def compute(stations, start, end, filters) -> Decimal | None:
        found = records(stations, start, end, filters).order_by()
        return share(found.filter(hit=True).count(), found.count())

    return compute


def _is(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _name(elder) -> str:
    return elder.name if elder is not None else ""


# --- cases -------------------------------------------------------------------------------------
def cases_opened(stations, start, end, filters) -> QuerySet:
    """Cases opened (接案) on a date of the period, while the elder was still here. A closed
    case never reopens in Linli: help for the same elder later is a new case, so it counts as
    another case opened."""
    qs = Case.objects.filter(station__in=stations, opened_on__range=(start, end))
    return qs.filter(elder_q(filters), while_active(F("opened_on")))


def cases_closed(stations, start, end, filters) -> QuerySet:
    """Cases that entered the closed stage (结案 approved by the head) during the period; a case
    closed after the elder died or moved counts (closing is how such a case ends)."""
    closing = CaseEvent.objects.filter(case=OuterRef("pk"), to_stage=process.CLOSED).filter(
        at_in("at", start, end)
    )
    return Case.objects.filter(station__in=stations).filter(Exists(closing), elder_q(filters))


def _case_row(case) -> Row:
    who = "" if case.restricted else _name(case.elder)
    return Row(case.opened_on, str(case.get_stage_display()), who)


# --- groups and activities ---------------------------------------------------------------------
def group_sessions(stations, start, end, filters) -> QuerySet:
    """Group sessions held on a date of the period."""
    return Session.objects.filter(group__station__in=stations, held_on__range=(start, end))


def groups_run(stations, start, end, filters) -> QuerySet:
    """Groups with at least one session held in the period (planned sessions do not count)."""
    held = Session.objects.filter(group=OuterRef("pk"), held_on__range=(start, end))
    return Group.objects.filter(station__in=stations).filter(Exists(held))


def activities_held(stations, start, end, filters) -> QuerySet:
    """Activities marked held that start on a date of the period; planned and cancelled ones
    count nothing."""
    qs = Activity.objects.filter(station__in=stations, status=Activity.Status.HELD)
    qs = qs.filter(activity_selectors.period_q(start, end))
    if filters.get(AREAS):
        qs = qs.filter(area_id__in=filters[AREAS])
    return qs.filter(type=filters[TYPE]) if filters.get(TYPE) else qs


def attendance(stations, start, end, filters) -> QuerySet:
    """The attendance rows person-times and unique persons count, with the activities app's
    own selection (cancelled activities excluded, the activity's local start date)."""
    qs = None
    for station in stations:
        # the activities app's own selection, so that the rows are exactly what it counts
        rows = activity_selectors._attendance_in(station, start, end, filters.get(TYPE) or None)
        qs = rows if qs is None else qs | rows
    return qs if qs is not None else Attendance.objects.none()


def person_times(stations, start, end, filters) -> int:
    """Person-times (人次): the activities app's `person_times`, summed over the stations.
    Walk-ins count, an anonymous group by its head count; cancelled activities count nothing."""
    return sum(
        activity_selectors.person_times(station=s, start=start, end=end, type=filters.get(TYPE))
        for s in stations
    )


def unique_persons(stations, start, end, filters) -> int:
    """Unique named persons (人数): the activities app's `unique_persons`, summed over the
    stations (elders belong to one station; the same walk-in name at two stations is two)."""
    return sum(
        activity_selectors.unique_persons(station=s, start=start, end=end, type=filters.get(TYPE))
        for s in stations
    )


def _attendance_row(row) -> Row:
    who = _name(row.elder) or row.walk_in_name or str(_("anonymous walk-ins"))
    what = f"{row.activity.title} ×{row.count}"
    return Row(timezone_date(row.activity.starts_at), what, who)


def timezone_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


# --- keeping in touch --------------------------------------------------------------------------
def followup_coverage(stations, start, end, filters) -> QuerySet:
    """Elders active at the end of the period, each marked `hit` when a contact of any kind
    reached them (the follow-up app's reached outcomes) during the period. Elders without a
    follow-up plan count in the denominator: a project asks about every elder it serves.

    The follow-up app's own coverage counts plans due in one calendar month; a project period
    spans many months and plans change, so a project asks the simpler question: of the elders
    we serve, how many did we actually reach in the period."""
    # "reached" as the follow-up app counts it: an answer, or the elder found in hospital
    reached = Contact.objects.filter(elder=OuterRef("pk"), outcome__in=REACHED_OUTCOMES).filter(
        at_in("at", start, end)
    )
    elders = Elder.objects.filter(station__in=stations).filter(active_at(end), elder_q(filters, ""))
    return elders.annotate(hit=Exists(reached))


def home_visits(stations, start, end, filters) -> QuerySet:
    """Home visits (上门探访) made in the period, reached or not: a visit to a closed door is
    still a trip a worker made and records. Visits that found the elder moved or deceased are
    left out, since nobody was visited, and so are visits dated after the elder died or moved."""
    gone = (Contact.Outcome.MOVED, Contact.Outcome.DECEASED)
    qs = Contact.objects.filter(station__in=stations, kind=Contact.Kind.VISIT)
    qs = qs.filter(at_in("at", start, end), elder_q(filters), while_active(local_day("at")))
    return qs.exclude(outcome__in=gone)


def _elder_row(elder) -> Row:
    return Row(None, str(_("reached")) if elder.hit else str(_("not reached")), elder.name)


def _contact_row(contact) -> Row:
    return Row(timezone_date(contact.at), str(contact.get_outcome_display()), _name(contact.elder))


# --- volunteers --------------------------------------------------------------------------------
def volunteers_registered(stations, start, end, filters) -> QuerySet:
    """Volunteers who joined on or before the end of the period and are active (a volunteer
    who left is no longer counted, whenever they left: the registry keeps no leaving date)."""
    qs = Volunteer.objects.filter(station__in=stations, active=True, joined_on__lte=end)
    return qs.filter(area_id__in=filters[AREAS]) if filters.get(AREAS) else qs


def volunteer_hours_entries(stations, start, end, filters) -> QuerySet:
    """Confirmed hours entries dated (`on`) in the period; unconfirmed hours do not count."""
    qs = HoursEntry.objects.filter(station__in=stations, confirmed_at__isnull=False)
    qs = qs.filter(on__range=(start, end))
    return qs.filter(volunteer__area_id__in=filters[AREAS]) if filters.get(AREAS) else qs


def volunteer_hours(stations, start, end, filters) -> Decimal:
    total = volunteer_hours_entries(stations, start, end, filters).aggregate(n=Sum("hours"))["n"]
    return total or Decimal("0.00")


# --- service requests and satisfaction ---------------------------------------------------------
def requests_completed(stations, start, end, filters) -> QuerySet:
    """Service requests done (or done and confirmed by the elder) with `done_at` in the period,
    while the elder was still here."""
    qs = ServiceRequest.objects.filter(station__in=stations, status__in=DONE)
    qs = qs.filter(at_in("done_at", start, end), elder_q(filters))
    return qs.filter(while_active(local_day("done_at")))


def feedback(stations, start, end, filters) -> QuerySet:
    """Activity feedback forms of activities in the period (not cancelled), `hit` = satisfied.

    Only activity feedback counts: a service request's yes/no is a different question, and is
    its own measure (request_satisfaction_rate), so the two are never mixed in one rate."""
    qs = Feedback.objects.filter(station__in=stations).exclude(
        activity__status=Activity.Status.CANCELLED
    )
    qs = qs.filter(activity_selectors.period_q(start, end, "activity__"))
    if filters.get(AREAS):
        qs = qs.filter(activity__area_id__in=filters[AREAS])
    qs = qs.filter(activity__type=filters[TYPE]) if filters.get(TYPE) else qs
    return qs.annotate(hit=_is(Q(satisfied=True)))


def request_satisfaction(stations, start, end, filters) -> QuerySet:
    """Requests completed in the period whose elder said whether they were satisfied."""
    found = requests_completed(stations, start, end, filters).filter(satisfied__isnull=False)
    return found.annotate(hit=_is(Q(satisfied=True)))


def _request_row(request) -> Row:
    what = str(request.get_type_display())
    return Row(timezone_date(request.done_at), what, _name(request.elder))


def _feedback_row(form) -> Row:
    verdict = _("satisfied") if form.satisfied else _("not satisfied")
    return Row(timezone_date(form.activity.starts_at), f"{form.activity.title} · {verdict}", "")


# --- assessments -------------------------------------------------------------------------------
def year_before(end: dt.date) -> dt.date:
    """The day twelve months before `end` (28 February for a 29 February)."""
    try:
        return end.replace(year=end.year - 1)
    except ValueError:
        return end.replace(year=end.year - 1, day=28)


def needs_survey_coverage(stations, start, end, filters) -> QuerySet:
    """Elders active at the end, `hit` when a complete survey assessment (one taken in a survey
    campaign) is dated in the period. A project spans campaigns whose targets differ, so the
    base is every active elder the filters select."""
    surveyed = Assessment.objects.filter(
        elder=OuterRef("pk"), status=Assessment.Status.COMPLETE, campaign__isnull=False,
        assessed_on__range=(start, end),
    )  # fmt: skip
    elders = Elder.objects.filter(station__in=stations).filter(active_at(end), elder_q(filters, ""))
    return elders.annotate(hit=Exists(surveyed))


def elders_assessed(stations, start, end, filters) -> QuerySet:
    """Elders active at the end with a current assessment: a complete assessment of any
    instrument dated after the day twelve months before the end, up to the end."""
    current = Assessment.objects.filter(
        elder=OuterRef("pk"), status=Assessment.Status.COMPLETE,
        assessed_on__gt=year_before(end), assessed_on__lte=end,
    )  # fmt: skip
    elders = Elder.objects.filter(station__in=stations).filter(active_at(end), elder_q(filters, ""))
    return elders.filter(Exists(current))


def _plain_elder_row(elder) -> Row:
    return Row(None, elder.area.name if elder.area_id else "", elder.name)


# --- the catalogue -----------------------------------------------------------------------------
def _measure(code, label, unit, records, row, *, compute=None, keys=("pk",), filters=(),
             rate=False, level=False):  # fmt: skip
    compute = compute or (rate_of(records) if rate else count(records))
    return code, Measure(code, label, unit, records, compute, row, keys, frozenset(filters), rate,
                         level)  # fmt: skip


ACTIVITY_FILTERS = (AREAS, TYPE)


CATALOGUE: dict[str, Measure] = dict(
    [
        _measure(
            "cases_opened",
            _("cases opened"),
            pgettext_lazy("unit", "cases"),
            cases_opened,
            _case_row,
            filters=ELDER_FILTERS,
        ),
        _measure(
            "cases_closed",
            _("cases closed"),
            pgettext_lazy("unit", "cases"),
            cases_closed,
            _case_row,
            filters=ELDER_FILTERS,
        ),
        _measure(
            "groups_run",
            _("groups run"),
            pgettext_lazy("unit", "groups"),
            groups_run,
            lambda g: Row(g.starts_on, str(g.get_type_display()), g.name),
        ),
        _measure(
            "group_sessions",
            _("group sessions held"),
            pgettext_lazy("unit", "sessions"),
            group_sessions,
            lambda s: Row(s.held_on, s.theme, s.group.name),
        ),
        _measure(
            "activities_held",
            _("activities held"),
            pgettext_lazy("unit", "activities"),
            activities_held,
            lambda a: Row(timezone_date(a.starts_at), str(a.get_type_display()), a.title),
            filters=ACTIVITY_FILTERS,
        ),
        _measure(
            "person_times",
            _("person-times"),
            pgettext_lazy("unit", "person-times"),
            attendance,
            _attendance_row,
            compute=person_times,
            filters=(TYPE,),
        ),
        _measure(
            "unique_persons",
            _("unique persons served"),
            pgettext_lazy("unit", "persons"),
            attendance,
            _attendance_row,
            compute=unique_persons,
            filters=(TYPE,),
        ),
        _measure(
            "followup_coverage_rate",
            _("follow-up coverage rate"),
            "%",
            followup_coverage,
            _elder_row,
            filters=ELDER_FILTERS,
            rate=True,
        ),
        _measure(
            "home_visits",
            _("home visits"),
            pgettext_lazy("unit", "visits"),
            home_visits,
            _contact_row,
            filters=ELDER_FILTERS,
        ),
        _measure(
            "volunteers_registered",
            _("volunteers registered"),
            pgettext_lazy("unit", "volunteers"),
            volunteers_registered,
            lambda v: Row(v.joined_on, "", v.name),
            filters=(AREAS,),
            level=True,
        ),
        _measure(
            "volunteer_hours",
            _("volunteer hours"),
            pgettext_lazy("unit", "hours"),
            volunteer_hours_entries,
            lambda h: Row(h.on, f"{h.description} · {h.hours}", h.volunteer.name),
            compute=volunteer_hours,
            filters=(AREAS,),
        ),
        _measure(
            "requests_completed",
            _("service requests completed"),
            pgettext_lazy("unit", "requests"),
            requests_completed,
            _request_row,
            filters=ELDER_FILTERS,
        ),
        _measure(
            "satisfaction_rate",
            _("satisfaction rate"),
            "%",
            feedback,
            _feedback_row,
            filters=ACTIVITY_FILTERS,
            rate=True,
            level=True,
        ),
        _measure(
            "request_satisfaction_rate",
            _("service request satisfaction rate"),
            "%",
            request_satisfaction,
            _request_row,
            filters=ELDER_FILTERS,
            rate=True,
            level=True,
        ),
        _measure(
            "needs_survey_coverage",
            _("needs-survey coverage"),
            "%",
            needs_survey_coverage,
            _elder_row,
            filters=ELDER_FILTERS,
            rate=True,
        ),
        _measure(
            "elders_assessed",
            _("elders with a current assessment"),
            pgettext_lazy("unit", "elders"),
            elders_assessed,
            _plain_elder_row,
            filters=ELDER_FILTERS,
            level=True,
        ),
    ]
)

# What each records page loads with the rows, so that a page is a fixed number of queries.
RELATED: dict[str, tuple[str, ...]] = {
    "cases_opened": ("elder",), "cases_closed": ("elder",), "group_sessions": ("group",),
    "person_times": ("elder", "activity"), "unique_persons": ("elder", "activity"),
    "home_visits": ("elder",), "volunteer_hours": ("volunteer",),
    "requests_completed": ("elder",), "request_satisfaction_rate": ("elder",),
    "satisfaction_rate": ("activity",), "elders_assessed": ("area",),
}  # fmt: skip


def measure_choices() -> list[tuple[str, str]]:
    return [(code, str(m.label)) for code, m in CATALOGUE.items()]


def clean_filters(code: str, filters: dict | None) -> dict:
    """The filters the measure uses, with empty values dropped."""
    measure = CATALOGUE[code]
    return {k: v for k, v in (filters or {}).items() if k in measure.filters and v}


def value_of(code: str, *, stations, start: dt.date, end: dt.date, filters: dict) -> Value:
    """The measure's figure for the stations and period."""
    return CATALOGUE[code].compute(list(stations), start, end, clean_filters(code, filters))


def records_of(code: str, *, stations, start: dt.date, end: dt.date, filters: dict) -> QuerySet:
    """The records behind the figure (for rates: the base population, marked `hit`)."""
    qs = CATALOGUE[code].records(list(stations), start, end, clean_filters(code, filters))
    related = RELATED.get(code)
    return qs.select_related(*related) if related else qs
