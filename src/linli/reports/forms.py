"""Forms of the project pages; they turn requests into the services' arguments."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from linli.activities.models import Activity
from linli.elders.forms import StyledForm
from linli.elders.models import Category
from linli.elders.vocabulary import category_label
from linli.stations.models import Area, Station

from . import measures

DAY = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class ProjectForm(StyledForm):
    """A project's facts and the stations it serves (those the user heads)."""

    name = forms.CharField(label=_("Project name"), max_length=200)
    funder = forms.CharField(label=_("Funder"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), widget=DAY)
    ends_on = forms.DateField(label=_("Ends on"), widget=DAY)
    budget_yuan = forms.DecimalField(label=_("Budget (yuan)"), min_value=0, max_digits=12,
                                     decimal_places=2, required=False)  # fmt: skip
    stations = forms.ModelMultipleChoiceField(
        label=_("Stations"), queryset=Station.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, stations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stations"].queryset = Station.objects.filter(
            pk__in=[s.pk for s in stations]
        ).order_by("code")

    def project_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("name", "funder", "starts_on", "ends_on",
                                                   "budget_yuan")}  # fmt: skip


class IndicatorForm(StyledForm):
    """A target for a measure of the catalogue, with the filters the measure uses."""

    measure = forms.ChoiceField(label=_("Measure"), choices=())
    target = forms.DecimalField(label=_("Target"), min_value=0, max_digits=12, decimal_places=2)
    label = forms.CharField(label=_("Label in the contract"), max_length=200, required=False)
    areas = forms.ModelMultipleChoiceField(
        label=_("Only these areas"), queryset=Area.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    categories = forms.MultipleChoiceField(
        label=_("Only elders in these categories"), choices=(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    activity_type = forms.ChoiceField(
        label=_("Only this type of activity"), required=False,
        choices=[("", _("All types")), *Activity.Type.choices],
    )  # fmt: skip

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = measures.measure_choices()
        if project is not None:
            self.fields["areas"].queryset = Area.objects.filter(
                station__in=project.stations.all()
            ).order_by("station__code", "name")
        self.fields["categories"].choices = [
            (code, category_label(code))
            for code in Category.objects.order_by("sort", "code").values_list("code", flat=True)
        ]

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            measures.AREAS: [a.pk for a in data["areas"]],
            measures.CATEGORIES: list(data["categories"]),
            measures.TYPE: data["activity_type"],
        }
