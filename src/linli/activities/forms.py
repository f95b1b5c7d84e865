"""Forms of the activity pages; they turn requests into services' arguments."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from linli.elders.forms import StyledForm
from linli.partners.models import Partner
from linli.stations.models import Area

from .models import Activity

MOMENT = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})
MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class ActivityForm(StyledForm):
    """An activity's facts: theme, type, when and where, for whom, partners and means."""

    title = forms.CharField(label=_("Theme"), max_length=200)
    type = forms.ChoiceField(label=_("Type of activity"), choices=Activity.Type.choices)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=MOMENT,
                                    input_formats=MOMENT_FORMATS)  # fmt: skip
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=MOMENT, required=False,
                                  input_formats=MOMENT_FORMATS)  # fmt: skip
    place = forms.CharField(label=_("Place"), max_length=200)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(), required=False)
    target_group = forms.CharField(label=_("For whom"), max_length=200, required=False)
    description = forms.CharField(label=_("Plan and content"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners (five-party linkage)"), queryset=Partner.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, required=False)
    budget_yuan = forms.DecimalField(label=_("Budget (yuan)"), min_value=0, max_digits=12,
                                     decimal_places=2, required=False)  # fmt: skip
    materials = forms.CharField(label=_("Materials"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(station=station)
        self.fields["partners"].queryset = Partner.objects.filter(station=station, active=True)

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def activity_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "partners"}


def activity_initial(activity: Activity) -> dict:
    initial = {f: getattr(activity, f) for f in ActivityForm.base_fields if f != "partners"}
    initial["partners"] = list(activity.partners.all())
    return initial


class WalkInForm(StyledForm):
    """A walk-in: a name for one person, or a number of people nobody wrote down."""

    name = forms.CharField(label=_("Name (leave empty for people not named)"), max_length=60,
                           required=False)  # fmt: skip
    count = forms.IntegerField(label=_("Number of people"), min_value=1, max_value=500,
                               initial=1)  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("name", "").strip() and data.get("count") not in (None, 1):
            self.add_error("count", _("A named walk-in is one person."))
        return data


class QrSignInForm(StyledForm):
    """What the elder or a family member types after scanning the sign-in code."""

    name = forms.CharField(label=_("The elder's name"), max_length=40)
    last4 = forms.RegexField(
        label=_("Last 4 digits of the elder's phone"), regex=r"^\d{4}$", max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": _("Enter four digits.")},
    )  # fmt: skip


class PhotoForm(StyledForm):
    image = forms.ImageField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class SatisfactionForm(StyledForm):
    """The engine's satisfaction instrument as a form: one choice per rated item, text items."""

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for item in instrument.items:
            if item.type == "choice":
                self.fields[item.key] = forms.TypedChoiceField(
                    label=str(item.text), coerce=int, required=item.required,
                    choices=[(o.value, str(o.label)) for o in item.options],
                    widget=forms.RadioSelect,
                )  # fmt: skip
            elif item.type == "text":
                self.fields[item.key] = forms.CharField(
                    label=str(item.text), required=item.required, max_length=1000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )  # fmt: skip

    def answers(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
