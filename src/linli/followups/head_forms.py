"""Forms of the head's pages: coverage filters, cadence rules, caseloads, emergencies."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from linli.elders.forms import StyledForm, WorkerChoiceField, style_widgets
from linli.elders.vocabulary import CATEGORIES, category_label

from . import cadence
from .caseload import station_staff
from .emergencies import DEFAULT_GROUPS, GROUP_CHOICES
from .models import Emergency, Plan

EVERY_CHOICES = [
    ("day", _("every day")),
    ("week", _("every week")),
    ("fortnight", _("every two weeks")),
    ("month", _("every month")),
    ("quarter", _("every quarter")),
]
RISK_CHOICES = [
    ("urgent", _("urgent")),
    ("high", _("high")),
    ("medium", _("medium")),
    ("low", _("low")),
]
DATE_WIDGET = {"widget": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})}


def category_choices() -> list[tuple[str, str]]:
    return [(code, category_label(code)) for code, *_rest in CATEGORIES]


def group_label(code: str) -> str:
    return str(_("high risk")) if code == "high_risk" else category_label(code)


class CoverageFilterForm(forms.Form):
    """The month and kind of the coverage page, read from the query string."""

    month = forms.DateField(label=_("Month"), required=False, input_formats=["%Y-%m"])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=Plan.Kind.choices)

    def chosen(self, today: dt.date) -> tuple[dt.date, str]:
        """The first day of the month asked for (this month if none or bad) and the kind."""
        data = self.cleaned_data if self.is_valid() else {}
        month = data.get("month") or today
        return month.replace(day=1), data.get("kind") or Plan.Kind.CALL


# --- cadence rules -----------------------------------------------------------------------------
class RuleForm(forms.Form):
    """One cadence rule as a row of the rules form."""

    code = forms.SlugField(label=_("Code"), max_length=40)
    kind = forms.ChoiceField(label=_("Kind"), choices=Plan.Kind.choices)
    every = forms.ChoiceField(label=_("How often"), choices=EVERY_CHOICES)
    categories = forms.MultipleChoiceField(
        label=_("Categories"), required=False, widget=forms.CheckboxSelectMultiple
    )
    risk = forms.MultipleChoiceField(
        label=_("Risk levels"), required=False, choices=RISK_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    label_zh = forms.CharField(label=_("Label (Chinese)"), max_length=60)
    label_en = forms.CharField(label=_("Label (English)"), max_length=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = category_choices()
        style_widgets(self)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("categories") and not cleaned.get("risk"):
            raise forms.ValidationError(_("Choose at least one category or risk level."))
        return cleaned


class BaseRuleFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        rules = self.rules()
        codes = [r["code"] for r in rules]
        if len(codes) != len(set(codes)):
            raise forms.ValidationError(_("Each rule needs its own code."))
        if not rules:
            raise forms.ValidationError(_("Keep at least one rule."))

    def rules(self) -> list[dict]:
        """The kept rules as the services take them (deleted and empty rows left out)."""
        return [
            {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


RuleFormSet = forms.formset_factory(RuleForm, formset=BaseRuleFormSet, extra=0, can_delete=True)


def rules_initial(rules: tuple[cadence.Rule, ...]) -> list[dict]:
    return [rule.as_dict() for rule in rules]


class RulesNoteForm(StyledForm):
    note = forms.CharField(
        label=_("What changed"), max_length=200,
        help_text=_("Kept with this version of the rules, for whoever reads them later."),
    )  # fmt: skip


# --- caseloads ---------------------------------------------------------------------------------
class AssignForm(StyledForm):
    """Which elders go to which worker."""

    area = forms.ModelChoiceField(
        label=_("Area"), queryset=None, required=False, empty_label=_("All areas")
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    only_unassigned = forms.BooleanField(label=_("Only elders without a worker"), required=False)
    worker = WorkerChoiceField(label=_("Assign to"), queryset=None, empty_label="—")

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = station.areas.all()
        self.fields["category"].choices = [("", _("All categories")), *category_choices()]
        self.fields["worker"].queryset = station_staff(station)

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("area") or cleaned.get("category") or cleaned.get("only_unassigned")):
            raise forms.ValidationError(
                _("Choose an area, a category or only the unassigned elders.")
            )
        return cleaned


class RebalanceForm(StyledForm):
    """Spread one worker's elders over others."""

    from_worker = WorkerChoiceField(label=_("Elders of"), queryset=None, empty_label="—")
    to_workers = forms.ModelMultipleChoiceField(
        label=_("Share them among"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, station, from_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_worker"].queryset = from_choices
        self.fields["to_workers"].queryset = station_staff(station)
        self.fields["to_workers"].label_from_instance = str

    def clean(self):
        cleaned = super().clean()
        giver, takers = cleaned.get("from_worker"), cleaned.get("to_workers") or []
        if giver and takers and all(w.pk == giver.pk for w in takers):
            self.add_error("to_workers", _("Choose at least one other worker."))
        return cleaned


# --- emergencies -------------------------------------------------------------------------------
class EmergencyForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Emergency.Kind.choices)
    title = forms.CharField(
        label=_("Title"), max_length=100, help_text=_("For instance: 台风“摩羯” or 高温预警")
    )
    starts_on = forms.DateField(label=_("Starts on"), **DATE_WIDGET)
    ends_on = forms.DateField(label=_("Planned end"), required=False, **DATE_WIDGET)
    groups = forms.MultipleChoiceField(
        label=_("Groups covered"), widget=forms.CheckboxSelectMultiple,
        help_text=_("These elders are due a check-in every day while the emergency is open."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "initial", {"starts_on": timezone.localdate(), "groups": list(DEFAULT_GROUPS)}
        )
        super().__init__(*args, **kwargs)
        self.fields["groups"].choices = [(code, group_label(code)) for code in GROUP_CHOICES]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end comes before the start."))
        return cleaned
