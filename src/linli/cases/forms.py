"""Forms of the case pages: opening a case and the record of each stage. They only check the
shape of the input; the services decide what the process allows."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from linli.assessments import definitions
from linli.elders.forms import style_widgets
from linli.partners.selectors import partner_list

from . import process
from .models import Case, ClosingSummary, Goal, Intake
from .selectors import station_people

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PLAN_BLANK_ROWS = 3
GOAL_FIELDS = ("description", "indicator", "baseline", "target", "target_date")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class StyledForm(forms.Form):
    """A form with the framework's classes and ids of its own (several forms share one page)."""

    id_prefix = "case"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)
        style_widgets(self)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["class"] = "chip-input"


class CaseOpenForm(StyledForm):
    """The intake (接案): what the case is about, who leads it, where it came from, consent."""

    id_prefix = "open"

    title = forms.CharField(label=_("Title of the case"), max_length=200)
    lead_worker = PersonChoiceField(label=_("Lead worker"), queryset=None, empty_label=None)
    source = forms.ChoiceField(label=_("Source"), choices=Intake.Source.choices)
    problem = forms.CharField(
        label=_("Presenting problem"), widget=forms.Textarea(attrs={"rows": 4})
    )
    consent_given = forms.BooleanField(
        label=_("The elder (or a guardian) consents"), required=False
    )
    consent_by = forms.CharField(
        label=_("Consent given by"), max_length=100, required=False,
        help_text=_("For example: the elder, or the daughter as guardian."),
    )  # fmt: skip
    restricted_reason = forms.ChoiceField(
        label=_("Restrict who reads the notes"), required=False,
        choices=[("", _("Not restricted")), *Case.Sensitivity.choices[1:]],
        help_text=_("A restricted case's notes are read only by its lead worker and the head."),
    )  # fmt: skip
    co_workers = PeopleChoiceField(
        label=_("Co-workers and volunteers"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_worker"].queryset = station_people(station)
        self.fields["co_workers"].queryset = station_people(station, volunteers=True)

    def clean(self):
        data = super().clean()
        if data.get("consent_given") and not (data.get("consent_by") or "").strip():
            self.add_error("consent_by", _("Say who gave consent."))
        return data


class AssessmentSummaryForm(StyledForm):
    id_prefix = "as"
    text = forms.CharField(label=_("Assessment summary"), widget=forms.Textarea(attrs={"rows": 5}))
    assessments = forms.ModelMultipleChoiceField(
        label=_("The elder's finished assessments"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, assessments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessments"].queryset = assessments
        self.fields["assessments"].label_from_instance = assessment_label

    @property
    def assessment_count(self) -> int:
        return len(self.fields["assessments"].choices)


def assessment_label(a) -> str:
    instrument = definitions.builtin().get(a.instrument)
    name = instrument.name if instrument else a.instrument
    total = f" · {a.total}" if a.total is not None else ""
    return f"{a.assessed_on:%Y-%m-%d} {name}{total}"


class GoalForm(StyledForm):
    """One row of the plan; a row left wholly blank is ignored."""

    id_prefix = "goal"

    description = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 2}))
    indicator = forms.CharField(label=_("Measurable indicator"), max_length=200)
    baseline = forms.CharField(label=_("Baseline"), max_length=200)
    target = forms.CharField(label=_("Target"), max_length=200)
    target_date = forms.DateField(label=_("Target date"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_permitted = True
        self.use_required_attribute = False

    def has_changed(self) -> bool:
        if not self.is_bound:
            return super().has_changed()
        return any(str(self[name].value() or "").strip() for name in self.fields)


GoalFormSet = forms.formset_factory(GoalForm, extra=PLAN_BLANK_ROWS, max_num=20, absolute_max=20)


def plan_formset(data=None, *, goals=()) -> forms.BaseFormSet:
    initial = [{f: getattr(g, f) for f in GOAL_FIELDS} for g in goals]
    return GoalFormSet(data, initial=initial or None, prefix="goal")


def plan_goals(formset) -> list[dict]:
    """The goals of the rows filled in, in order."""
    return [f.cleaned_data for f in formset.forms if f.cleaned_data]


class NoteForm(StyledForm):
    id_prefix = "note"
    written_on = forms.DateField(label=_("Date"), widget=DATE)
    text = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}))
    next_step = forms.CharField(label=_("Next step"), max_length=200, required=False)
    next_step_on = forms.DateField(label=_("Next step on"), widget=DATE, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"written_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("next_step_on") and not (data.get("next_step") or "").strip():
            self.add_error("next_step", _("Say what the next step is."))
        return data


class EvaluationForm(StyledForm):
    id_prefix = "ev"
    attainment = forms.ChoiceField(
        label=_("Attainment"), choices=Goal.Attainment.choices[1:], widget=forms.RadioSelect
    )
    score = forms.IntegerField(
        label=_("Goal attainment score"), min_value=-2, max_value=2,
        help_text=_("From −2 (much less than expected) to +2 (much more than expected)."),
    )  # fmt: skip

    def __init__(self, *args, goal: Goal, **kwargs):
        initial = {"attainment": goal.attainment or None, "score": goal.score}
        super().__init__(*args, prefix=f"goal{goal.pk}", initial=initial, **kwargs)
        self.goal = goal


class MoveForm(StyledForm):
    id_prefix = "move"
    to = forms.ChoiceField(choices=Case._meta.get_field("stage").choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReferForm(StyledForm):
    id_prefix = "refer"
    referred_to = forms.CharField(label=_("Referred to"), max_length=200)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    partner = PersonChoiceField(
        label=_("Also send a referral to a partner"), queryset=None, required=False,
        empty_label=_("No partner of the station"),
    )  # fmt: skip
    asked = forms.CharField(
        label=_("What the partner is asked"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args, actor, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partner_list(actor=actor, station=station)

    @property
    def has_partners(self) -> bool:
        return len(self.fields["partner"].choices) > 1


class CloseRequestForm(StyledForm):
    id_prefix = "close"
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=ClosingSummary.Reason.choices)
    text = forms.CharField(label=_("Closing summary"), widget=forms.Textarea(attrs={"rows": 4}))


class ApproveForm(StyledForm):
    id_prefix = "approve"
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)


class ReturnForm(StyledForm):
    id_prefix = "return"
    return_note = forms.CharField(
        label=_("Why it is returned"), widget=forms.Textarea(attrs={"rows": 2})
    )


class SupervisionForm(StyledForm):
    id_prefix = "sup"
    written_on = forms.DateField(label=_("Date"), widget=DATE)
    text = forms.CharField(label=_("Supervision note"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"written_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class NormsForm(StyledForm):
    """Days a case may stay in each stage before it counts as stuck."""

    id_prefix = "norms"

    note = forms.CharField(label=_("Why the norms change"), required=False, max_length=200)

    def __init__(self, *args, norms: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Case._meta.get_field("stage").choices)
        for stage in process.DEFAULT_NORMS:
            self.fields[stage] = forms.IntegerField(
                label=labels[stage], min_value=1, max_value=365, initial=norms[stage],
                widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
            )  # fmt: skip
        self.order_fields([*process.DEFAULT_NORMS, "note"])

    def stage_fields(self):
        return [self[stage] for stage in process.DEFAULT_NORMS]

    def norms(self) -> dict[str, int]:
        return {stage: self.cleaned_data[stage] for stage in process.DEFAULT_NORMS}


def errors_into(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on a field it names, else on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
