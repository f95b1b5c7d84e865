"""Forms of the group pages: the group, a member joining or leaving, a session with its register,
a measure to attach. They only collect; the services decide."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from linli.elders.fields import ElderLookupField
from linli.stations.models import STAFF_ROLES

from .models import Group, Measure, Member, Session
from .services import outcome_instruments

DATE = forms.DateInput(attrs={"type": "date"})


def errors_into(form, exc) -> None:
    """Put a service's ValidationError on the form: on a field it names, else on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def styled(form) -> None:
    """The stylesheet's classes on inputs and selects (checkboxes keep their own)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = css


def staff_of(station):
    return (
        get_user_model()
        .objects.filter(memberships__station=station, memberships__role__in=STAFF_ROLES)
        .distinct()
        .order_by("username")
    )


def instrument_choices() -> list[tuple[str, str]]:
    return [("", _("none"))] + [(c, str(i.name)) for c, i in outcome_instruments().items()]


class GroupForm(forms.ModelForm):
    leaders = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("leaders"),
    )
    outcome_instrument = forms.ChoiceField(label=_("outcome measure"), required=False)

    class Meta:
        model = Group
        fields = [
            "name",
            "type",
            "purpose",
            "goals",
            "planned_sessions",
            "leaders",
            "outcome_instrument",
            "restricted",
            "starts_on",
            "ends_on",
        ]
        labels = {"name": _("name of the group")}
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaders"].queryset = staff_of(station)
        self.fields["outcome_instrument"].choices = instrument_choices()
        styled(self)

    def _post_clean(self):  # the service validates the model
        pass


class MemberForm(forms.Form):
    elder = ElderLookupField(required=False, label=_("elder"))
    carer_name = forms.CharField(max_length=60, required=False, label=_("or a family carer"))
    carer_of = ElderLookupField(required=False, label=_("carer of"))
    joined_on = forms.DateField(widget=DATE, label=_("joined on"))

    def __init__(self, *args, actor, station, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("elder", "carer_of"):
            self.fields[name].actor, self.fields[name].station = actor, station
        styled(self)


class MemberChoiceField(forms.ModelChoiceField):
    """Members by name (the querysets select their elders)."""

    def label_from_instance(self, obj: Member) -> str:
        return obj.elder.name if obj.elder_id else obj.carer_name


class LeaveForm(forms.Form):
    member = MemberChoiceField(queryset=Member.objects.none(), label=_("member"))
    left_on = forms.DateField(widget=DATE, label=_("left on"))
    left_reason = forms.CharField(max_length=200, label=_("why they left"))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        styled(self)


class MeasureForm(forms.Form):
    member = MemberChoiceField(queryset=Member.objects.none(), label=_("member"))
    phase = forms.ChoiceField(choices=Measure.Phase.choices, label=_("before or after"))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        styled(self)


class EndForm(forms.Form):
    ends_on = forms.DateField(widget=DATE, label=_("ended on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class SessionForm(forms.ModelForm):
    present = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label=_("present")
    )

    class Meta:
        model = Session
        fields = ["number", "held_on", "theme", "plan", "record", "reflection"]
        labels = {"number": _("session number")}  # "session" alone is also a login's
        widgets = {
            "held_on": DATE,
            "plan": forms.Textarea(attrs={"rows": 3}),
            "record": forms.Textarea(attrs={"rows": 5}),
            "reflection": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, register: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(pk), name) for pk, name in register]
        styled(self)

    def _post_clean(self):  # the service validates the model
        pass
