"""Forms of the survey pages: a new campaign, and the item chosen for the cross-tables."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from linli.elders.forms import StyledForm
from linli.elders.vocabulary import CATEGORIES, category_label

from .selectors import instruments_for
from .surveys import AGE_BANDS, age_band_label

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class AreaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class CampaignForm(StyledForm):
    """A questionnaire or scale put to a target population; empty choices do not narrow it."""

    title = forms.CharField(label=_("Title"), max_length=120,
                            help_text=_("For instance: 2026年秋季需求调查"))  # fmt: skip
    instrument = forms.ChoiceField(label=_("Questionnaire"))
    areas = AreaChoiceField(
        label=_("Areas"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every area."),
    )  # fmt: skip
    categories = forms.MultipleChoiceField(
        label=_("Categories"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Elders in any of the chosen categories. None chosen: everyone."),
    )  # fmt: skip
    age_bands = forms.MultipleChoiceField(
        label=_("Age bands"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Ages on the start date. None chosen: every age."),
    )  # fmt: skip
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE_WIDGET)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip

    def __init__(self, *args, station, **kwargs):
        kwargs.setdefault("initial", {"starts_on": timezone.localdate(), "instrument": "needs"})
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = station.areas.order_by("name")
        self.fields["categories"].choices = [(c, category_label(c)) for c, *_r in CATEGORIES]
        self.fields["age_bands"].choices = [(code, age_band_label(code)) for code, *_r in AGE_BANDS]
        self.fields["instrument"].choices = instrument_choices(station)

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end comes before the start."))
        return cleaned

    def campaign_data(self) -> dict:
        """The cleaned data as campaign_create takes it."""
        data = dict(self.cleaned_data)
        data["areas"] = list(data["areas"])
        return data


def instrument_choices(station) -> list:
    """Questionnaires first, then scales, each group by name."""
    available = instruments_for(station).values()
    groups = []
    for kind, title in (("questionnaire", _("Questionnaires")), ("scale", _("Scales"))):
        found = sorted((i for i in available if i.kind == kind), key=lambda i: str(i.name))
        if found:
            groups.append((title, [(i.code, str(i.name)) for i in found]))
    return groups


class CrossItemForm(forms.Form):
    """Which item the cross-tables count (read from the query string)."""

    item = forms.ChoiceField(label=_("Cross-tabulate"), required=False)

    def __init__(self, *args, variables, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(v.key, v.label) for v in variables]
        self.fields["item"].widget.attrs["class"] = "form-select"

    def chosen(self, variables, default: str):
        """The chosen variable; `default` (or the first) when none or an unknown one is asked."""
        key = self.cleaned_data.get("item") if self.is_valid() else ""
        by_key = {v.key: v for v in variables}
        return by_key.get(key or default) or (variables[0] if variables else None)
