"""Survey analysis: frequencies, the ranking of needs, cross-tabulations with a chi-square test.

The reads are two queries (each elder's latest complete assessment with the elder's facts, then
the elders' recorded categories), never one per elder. Everything after that works on plain
`Respondent` rows, so the arithmetic is tested without a database.

A chi-square test of independence is made only where the table allows it: at least two rows and
two columns with answers (empty rows and columns are left out), and Cochran's rule on the
expected counts — none below 1 and at most 20% below 5. 2×2 tables use Yates' continuity
correction (scipy's default); larger tables none (scipy corrects only when df = 1).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _
from scipy.stats import chi2_contingency

from linli.elders.models import Elder
from linli.elders.vocabulary import CATEGORY_ORDER, category_label, derived_codes
from linli.lib.identifiers import age_on
from linli.stations.selectors import stations_in_regions

from .engine import Instrument, Item
from .models import Assessment
from .surveys import AGE_BANDS, UNDER_60, age_band_label, age_band_of

NEEDS = "needs"
TABULATED = ("choice", "multi", "bool")
DIMENSIONS = ("age_band", "sex", "living", "area", "category")


# --- reading -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Respondent:
    """One elder's answers with the facts the answers are cross-tabulated by."""

    answers: dict
    assessed_on: dt.date
    sex: str = ""
    birth_date: dt.date | None = None
    living: str = ""
    area: str = ""
    categories: frozenset[str] = frozenset()

    @property
    def age_band(self) -> str:
        """The age band on the day of the assessment ("" when the birth date is not known)."""
        return age_band_of(age_on(self.birth_date, self.assessed_on) if self.birth_date else None)


_FIELDS = ("elder_id", "answers", "assessed_on", "elder__sex", "elder__birth_date",
           "elder__living_arrangement", "elder__area__name", "elder__migratory")  # fmt: skip


def _latest_per_elder(assessments: QuerySet[Assessment]) -> list[Respondent]:
    """Each elder's latest of `assessments`, with their facts: two queries in all."""
    latest = Window(RowNumber(), partition_by=[F("elder_id")],
                    order_by=[F("assessed_on").desc(), F("id").desc()])  # fmt: skip
    rows = assessments.annotate(recency=latest).filter(recency=1).values_list(*_FIELDS)
    typed: dict[int, set[str]] = defaultdict(set)
    links = Elder.categories.through.objects.filter(
        elder_id__in=assessments.order_by().values("elder_id")
    )
    for elder_id, code in links.values_list("elder_id", "category__code"):
        typed[elder_id].add(code)
    found = []
    for elder_id, answers, day, sex, birth, living, area, migratory in rows.order_by("elder_id"):
        facts = SimpleNamespace(birth_date=birth, living_arrangement=living, migratory=migratory)
        codes = frozenset(typed[elder_id] | derived_codes(facts, day))
        found.append(Respondent(answers if isinstance(answers, dict) else {}, day, sex or "",
                                birth, living or "", area or "", codes))  # fmt: skip
    return found


def campaign_respondents(*, actor, campaign) -> list[Respondent]:
    """The campaign's respondents: each elder's latest complete assessment of the campaign."""
    return _latest_per_elder(
        Assessment.objects.visible_to(actor).filter(
            campaign=campaign, status=Assessment.Status.COMPLETE
        )
    )


def _needs_profile(elders: QuerySet[Elder], assessments: QuerySet[Assessment], station):
    active = elders.filter(station=station, status=Elder.Status.ACTIVE)
    latest = assessments.filter(station=station, instrument=NEEDS,
                                status=Assessment.Status.COMPLETE,
                                elder__status=Elder.Status.ACTIVE)  # fmt: skip
    return _latest_per_elder(latest), active.count()


def station_needs(*, actor, station) -> tuple[list[Respondent], int]:
    """The latest complete needs checklist of each active elder, and how many elders are active."""
    return _needs_profile(Elder.objects.visible_to(actor), Assessment.objects.visible_to(actor),
                          station)  # fmt: skip


def region_needs(*, actor, station) -> tuple[list[Respondent], int]:
    """The same for a region viewer of the station, who is shown aggregates only."""
    if not stations_in_regions(actor).filter(pk=station.pk).exists():
        return [], 0
    return _needs_profile(Elder.objects.all(), Assessment.objects.all(), station)


# --- frequencies and the ranking of needs ------------------------------------------------------
@dataclass
class Tally:
    label: str
    count: int
    share: float | None  # per cent of those who answered the item


def percent(count: int, base: int) -> float | None:
    return round(100 * count / base, 1) if base else None


def _choices(item: Item) -> list[str]:
    if item.type == "bool":
        return [_("yes"), _("no")]
    return [str(option.label) for option in item.options]


def _picked(item: Item, raw) -> list[int] | None:
    """Which of the item's choices an answer picks (by position); None when not answered."""
    if item.type == "bool":
        return [0 if raw else 1] if isinstance(raw, bool) else None
    if item.type == "multi":
        if not isinstance(raw, list):
            return None
        return [i for i, option in enumerate(item.options) if any(_same(v, option) for v in raw)]
    index = next((i for i, option in enumerate(item.options) if _same(raw, option)), None)
    return None if index is None else [index]


def distinct_answers(item: Item, respondents: Sequence[Respondent]) -> list[tuple[object, int]]:
    """Each different answer to an item with how many gave it, so that thousands of answers are
    interpreted once per distinct value (True and 1 are kept apart: the type is in the key)."""
    counts = Counter(_answer_key(r.answers.get(item.key)) for r in respondents)
    return [(list(raw) if kind is list else raw, n) for (kind, raw), n in counts.items()]


def _answer_key(raw) -> tuple:
    """A hashable key for an answer that keeps its type (True and 1 apart)."""
    if isinstance(raw, dict):  # never valid; counted as not answered
        raw = None
    return (type(raw), tuple(raw) if isinstance(raw, list) else raw)


def _same(raw, option) -> bool:
    # bool is an int in Python; an answer of true is never the option 1.
    return type(raw) is type(option.value) and raw == option.value


@dataclass
class Frequency:
    key: str
    label: str
    kind: str
    answered: int
    missing: int
    tallies: list[Tally]


def frequencies(instrument: Instrument, respondents: Sequence[Respondent]) -> list[Frequency]:
    """Count and per cent of each answer to each choice, multiple-choice and yes/no item."""
    found = []
    for item in instrument.items:
        if item.type not in TABULATED:
            continue
        labels = _choices(item)
        counts, answered = [0] * len(labels), 0
        for raw, n in distinct_answers(item, respondents):
            picked = _picked(item, raw)
            if picked is None:
                continue
            answered += n
            for index in picked:
                counts[index] += n
        tallies = [Tally(lb, n, percent(n, answered)) for lb, n in zip(labels, counts, strict=True)]
        found.append(Frequency(item.key, str(item.text), item.type, answered,
                               len(respondents) - answered, tallies))  # fmt: skip
    return found


def _levels(item: Item) -> list[int]:
    """Positions of the options that report a need (a score above 0): the urgency levels."""
    if item.type != "choice":
        return []
    return [i for i, option in enumerate(item.options) if option.score > 0]


def need_state(item: Item, raw) -> tuple[bool, bool, int | None]:
    """(answered, reports a need, position of the urgency level chosen) for one answer."""
    if item.type == "number":
        if isinstance(raw, bool) or not isinstance(raw, int):
            return False, False, None
        return True, raw > 0, None
    picked = _picked(item, raw)
    if picked is None:
        return False, False, None
    if item.type == "bool":
        return True, picked == [0], None
    reports = any(item.options[i].score > 0 for i in picked)
    level = picked[0] if item.type == "choice" and reports else None
    return True, reports, level


@dataclass
class NeedShare:
    key: str
    label: str
    answered: int
    reporting: int
    share: float | None
    levels: list[Tally] = field(default_factory=list)
    level_keys: list[str] = field(default_factory=list)  # option values, to line up the series


def needs_ranking(instrument: Instrument, respondents: Sequence[Respondent]) -> list[NeedShare]:
    """Items flagged `need`, most often reported first (then the most urgent), split by urgency."""
    ranked = []
    for order, item in enumerate(i for i in instrument.items if i.need):
        levels = _levels(item)
        by_level = dict.fromkeys(levels, 0)
        answered = reporting = 0
        for raw, n in distinct_answers(item, respondents):
            was_answered, reports, level = need_state(item, raw)
            answered += was_answered * n
            reporting += reports * n
            if level is not None:
                by_level[level] += n
        tallies = [Tally(str(item.options[i].label), n, percent(n, answered))
                   for i, n in by_level.items()]  # fmt: skip
        share = NeedShare(item.key, str(item.text), answered, reporting,
                          percent(reporting, answered), tallies,
                          [str(item.options[i].value) for i in levels])  # fmt: skip
        ranked.append((order, share))
    ranked.sort(key=lambda pair: _rank_key(*pair))
    return [share for _order, share in ranked]


def _rank_key(order: int, share: NeedShare) -> tuple:
    most_urgent = share.levels[-1].count if share.levels else 0
    return (-(share.share or 0), -most_urgent, order)


# --- cross-tabulation --------------------------------------------------------------------------
@dataclass(frozen=True)
class Variable:
    """What a cross-table counts: a need reported or not, or the answers to one item."""

    item: Item
    columns: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.item.key

    @property
    def label(self) -> str:
        return str(self.item.text)

    def column_of(self, answers: dict) -> int | None:
        raw = answers.get(self.item.key)
        if self.item.need:
            answered, reports, _level = need_state(self.item, raw)
            return (0 if reports else 1) if answered else None
        picked = _picked(self.item, raw)
        return picked[0] if picked else None


def variables_for(instrument: Instrument) -> list[Variable]:
    """Need items (reports a need: yes / no) first, then the other choice and yes/no items."""
    needs = [Variable(i, (_("reports a need"), _("no need"))) for i in instrument.items if i.need]
    others = [
        Variable(i, tuple(_choices(i)))
        for i in instrument.items
        if not i.need and i.type in ("choice", "bool")
    ]
    return needs + others


def dimension_label(dimension: str) -> str:
    return {"age_band": _("Age band"), "sex": _("Sex"), "living": _("Living arrangement"),
            "area": _("Area"), "category": _("Category")}[dimension]  # fmt: skip


def _groups_of(dimension: str, respondent: Respondent) -> list[str]:
    if dimension == "category":
        return sorted(respondent.categories) or [""]
    value = {"age_band": respondent.age_band, "sex": respondent.sex,
             "living": respondent.living, "area": respondent.area}[dimension]  # fmt: skip
    return [value]


def _group_order(dimension: str, keys: set[str]) -> list[tuple[str, str]]:
    """(key, label) of the groups present, in the dimension's natural order, unknown last."""
    if dimension == "age_band":
        known = [(k, age_band_label(k)) for k in [UNDER_60, *(b[0] for b in AGE_BANDS)]]
    elif dimension == "sex":
        known = list(Elder.Sex.choices)
    elif dimension == "living":
        known = list(Elder.Living.choices)
    elif dimension == "category":
        codes = sorted((k for k in keys if k), key=lambda c: CATEGORY_ORDER.get(c, 999))
        known = [(c, category_label(c)) for c in codes]
    else:
        known = [(k, k) for k in sorted(k for k in keys if k)]
    unknown = {"area": _("No area"), "category": _("None of the categories")}.get(
        dimension, _("Not recorded")
    )
    found = [(k, str(label)) for k, label in known if k in keys]
    return found + ([("", unknown)] if "" in keys else [])


@dataclass
class CrossRow:
    key: str
    label: str
    counts: list[int]
    tested: bool = True

    @property
    def n(self) -> int:
        return sum(self.counts)

    @property
    def cells(self) -> list[Tally]:
        return [Tally("", count, percent(count, self.n)) for count in self.counts]


@dataclass
class CrossTab:
    dimension: str
    variable: Variable
    rows: list[CrossRow]
    total: CrossRow
    test: ChiSquare | None
    note: str = ""

    @property
    def label(self) -> str:
        return dimension_label(self.dimension)


def crosstab(variable: Variable, dimension: str, respondents: Sequence[Respondent]) -> CrossTab:
    """Counts (and row per cents) of the variable's columns in each group of the dimension."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(variable.columns))
    total = [0] * len(variable.columns)
    columns: dict = {}  # each distinct answer is interpreted once
    for respondent in respondents:
        key = _answer_key(respondent.answers.get(variable.key))
        if key not in columns:
            columns[key] = variable.column_of(respondent.answers)
        column = columns[key]
        if column is None:
            continue
        total[column] += 1
        for key in _groups_of(dimension, respondent):
            counts[key][column] += 1
    rows = [CrossRow(key, label, counts[key], tested=bool(key) and dimension != "category")
            for key, label in _group_order(dimension, set(counts))]  # fmt: skip
    note = ""
    if dimension == "category":
        test = None
        note = _("An elder can be in several categories or in none, so these rows overlap: "
                 "per cents are within each category, and no chi-square test is made.")  # fmt: skip
    else:
        test = chi_square([row.counts for row in rows if row.tested])
        if any(not row.tested for row in rows):
            note = _("Elders whose %(what)s is not recorded are left out of the test.") % {
                "what": dimension_label(dimension).lower()
            }
    return CrossTab(dimension, variable, rows, CrossRow("", _("All"), total, False), test, note)


# --- chi-square --------------------------------------------------------------------------------
@dataclass(frozen=True)
class ChiSquare:
    """A chi-square test of independence, or the reason none was made."""

    statistic: float | None = None
    df: int | None = None
    p: float | None = None
    corrected: bool = False
    reason: str = ""

    @property
    def applicable(self) -> bool:
        return self.statistic is not None

    @property
    def p_text(self) -> str:
        if self.p is None:
            return ""
        return "< 0.001" if self.p < 0.001 else f"= {self.p:.3f}"

    @property
    def significant(self) -> bool:
        return self.p is not None and self.p < 0.05


def expected_counts(table: Sequence[Sequence[int]]) -> list[list[float]]:
    """Row total × column total / grand total, for each cell."""
    rows = [sum(row) for row in table]
    columns = [sum(column) for column in zip(*table, strict=True)]
    grand = sum(rows)
    return [[r * c / grand for c in columns] for r in rows]


def chi_square(observed: Sequence[Sequence[int]]) -> ChiSquare:
    """Pearson's chi-square test of independence where the table allows it (see the module)."""
    rows = [list(row) for row in observed if sum(row) > 0]
    keep = [j for j in range(len(rows[0]) if rows else 0) if any(row[j] for row in rows)]
    table = [[row[j] for j in keep] for row in rows]
    if len(table) < 2:
        return ChiSquare(reason=_("Only one group has answers, so there is nothing to compare."))
    if len(keep) < 2:
        return ChiSquare(reason=_("Everyone gave the same answer, so there is nothing to compare."))
    expected = [e for row in expected_counts(table) for e in row]
    if min(expected) < 1:
        return ChiSquare(reason=_(
            "Too few answers for a chi-square test: an expected count is %(e).2f, and none may "
            "be below 1.") % {"e": min(expected)})  # fmt: skip
    small = sum(e < 5 for e in expected)
    if 5 * small > len(expected):
        return ChiSquare(reason=_(
            "Too few answers for a chi-square test: %(k)s of %(n)s expected counts are below 5, "
            "and at most 20%% may be.") % {"k": small, "n": len(expected)})  # fmt: skip
    corrected = len(table) == 2 and len(keep) == 2
    result = chi2_contingency(table, correction=corrected)
    return ChiSquare(float(result.statistic), int(result.dof), float(result.pvalue), corrected)
