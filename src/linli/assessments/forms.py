"""Forms of the assessments app: an instrument's answers as posted by a page."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from linli.elders.forms import style_widgets

from .engine import Instrument, Item
from .models import Assessment


class AssessmentMetaForm(forms.Form):
    """Who answered and when; the items themselves are read by answers_from_post."""

    assessed_on = forms.DateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    respondent = forms.ChoiceField(
        label=gettext_lazy("Answered by"), choices=Assessment.Respondent.choices
    )
    respondent_note = forms.CharField(
        label=gettext_lazy("Who exactly"),
        required=False,
        max_length=60,
        help_text=gettext_lazy("For example: daughter, neighbour."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


def answers_from_post(instrument: Instrument, data) -> tuple[dict, dict[str, str]]:
    """The answers a page posted, typed as the instrument expects, and per-item problems."""
    answers: dict = {}
    problems: dict[str, str] = {}
    for item in instrument.items:
        if item.type == "sum":
            continue
        name = f"item-{item.key}"
        if item.type == "multi":
            picked = data.getlist(name)
            if "__none__" in picked:
                answers[item.key] = []
                continue
            values = [_option_value(item, raw) for raw in picked]
            if any(v is None for v in values):
                problems[item.key] = _("A choice is not one of the allowed answers.")
            elif values:
                answers[item.key] = values
            continue
        raw = (data.get(name) or "").strip()
        if not raw:
            continue
        value, problem = _typed(item, raw)
        if problem:
            problems[item.key] = problem
        else:
            answers[item.key] = value
    return answers, problems


def _option_value(item: Item, raw: str):
    return next((o.value for o in item.options if str(o.value) == raw), None)


def _typed(item: Item, raw: str):
    if item.type == "choice":
        value = _option_value(item, raw)
        return value, "" if value is not None else _("Not one of the allowed answers.")
    if item.type == "bool":
        if raw in ("true", "false"):
            return raw == "true", ""
        return None, _("Answer yes or no.")
    if item.type == "number":
        try:
            return int(raw), ""
        except ValueError:
            return None, _("Give a whole number.")
    return raw, ""
