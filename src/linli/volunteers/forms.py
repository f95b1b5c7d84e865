"""Forms of the volunteer pages; they turn requests into services' arguments."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from linli.elders.forms import StyledForm
from linli.followups.models import Contact

from .models import HoursEntry, Skill, Volunteer
from .services import VISIT_OUTCOMES

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
HOURS = {"max_digits": 5, "decimal_places": 2, "min_value": Decimal("0.25"),
         "max_value": Decimal("24")}  # fmt: skip
WEEKDAYS = (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))
PARTS = (("am", _("morning")), ("pm", _("afternoon")), ("eve", _("evening")))
# Lazy labels: the choices are built once, and shown in each request's language.
SLOT_CHOICES = [
    (f"{d}{p}", format_lazy("{} {}", WEEKDAYS[d], label)) for d in range(7) for p, label in PARTS
]
LANGUAGE_HINTS = ("普通话", "海南话", "粤语", "客家话", "东北话", "四川话", "黎语")


def slot_label(slot: str) -> str:
    """ "2pm" → "Wed afternoon"."""
    return str(dict(SLOT_CHOICES).get(slot, slot))


def split_words(text: str) -> list[str]:
    from .selectors import _WORDS

    return [w for w in _WORDS.split(text or "") if w]


class VolunteerForm(StyledForm):
    """A volunteer's record; for an elder of the station give their registry number instead
    of name, sex and year of birth."""

    elder = forms.IntegerField(label=_("Elder registry number"), required=False, min_value=1,
                               help_text=_("For an elder of the station who volunteers "
                                           "(老年志愿者): name, sex and year come from the "
                                           "registry."))  # fmt: skip
    name = forms.CharField(label=_("Name"), max_length=60, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Volunteer.Sex.choices],
                            required=False)  # fmt: skip
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900,
                                    max_value=2030)  # fmt: skip
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    platform_id = forms.CharField(label=_("Volunteer platform number"), max_length=40,
                                  required=False)  # fmt: skip
    area = forms.TypedChoiceField(label=_("Area"), coerce=int, required=False, empty_value=None)
    skills = forms.MultipleChoiceField(label=_("Skills"), choices=Skill.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)  # fmt: skip
    languages = forms.CharField(label=_("Languages and dialects"), max_length=200,
                                required=False, help_text=_("Separated by 、 or commas, e.g. "
                                                            "普通话、海南话."))  # fmt: skip
    availability = forms.MultipleChoiceField(label=_("Free at"), choices=SLOT_CHOICES,
                                             required=False,
                                             widget=forms.CheckboxSelectMultiple)  # fmt: skip
    user = forms.TypedChoiceField(
        label=_("Signs in as"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("A volunteer account of the station, if they sign in."),
    )
    joined_on = forms.DateField(label=_("Joined on"), widget=DATE)
    background_checked_on = forms.DateField(label=_("Background checked on"), required=False,
                                            widget=DATE)  # fmt: skip
    active = forms.BooleanField(label=_("Active volunteer"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args, areas, accounts=(), editing: bool = False, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("joined_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "—")] + [(a.pk, a.name) for a in areas]
        self.accounts = {u.pk: u for u in accounts}
        self.fields["user"].choices = [("", "—")] + [(u.pk, str(u)) for u in accounts]
        if not editing:
            del self.fields["active"]

    def clean(self):
        data = super().clean()
        if not data.get("elder") and not (data.get("name") or "").strip():
            self.add_error("name", _("Give a name, or an elder's registry number."))
        return data

    def volunteer_data(self, elders) -> dict | None:
        """The service's data, or None with an error when the elder is not of the station."""
        data = dict(self.cleaned_data)
        data["languages"] = split_words(data["languages"])
        data["area_id"] = data.pop("area")
        data["user"] = self.accounts.get(data["user"]) if data["user"] else None
        elder_pk = data.pop("elder")
        data["elder"] = elders.filter(pk=elder_pk).first() if elder_pk else None
        if elder_pk and data["elder"] is None:
            self.add_error("elder", _("No elder of this station has this number."))
            return None
        return data


def volunteer_initial(volunteer: Volunteer) -> dict:
    return {
        "elder": volunteer.elder_id, "name": volunteer.name, "sex": volunteer.sex,
        "birth_year": volunteer.birth_year, "phone": volunteer.phone,
        "platform_id": volunteer.platform_id, "area": volunteer.area_id,
        "skills": volunteer.skills, "languages": "、".join(volunteer.languages),
        "availability": volunteer.availability, "joined_on": volunteer.joined_on,
        "background_checked_on": volunteer.background_checked_on, "active": volunteer.active,
        "user": volunteer.user_id,
        "notes": volunteer.notes,
    }  # fmt: skip


class FilterForm(forms.Form):
    """The registry's filters; every one optional."""

    q = forms.CharField(label=_("Name or number"), required=False, max_length=60)
    skill = forms.ChoiceField(label=_("Skill"), required=False,
                              choices=[("", _("any skill")), *Skill.choices])  # fmt: skip
    team = forms.TypedChoiceField(label=_("Team"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(
        label=_("Who"),
        required=False,
        choices=[
            ("", _("everyone")),
            ("elder", _("elder volunteers")),
            ("other", _("other volunteers")),
        ],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("active")), ("inactive", _("no longer active")), ("all", _("all"))],
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", _("any team"))] + [(t.pk, t.name) for t in teams]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        kind, status = data.get("kind", ""), data.get("status", "")
        return {
            "q": data.get("q", ""), "skill": data.get("skill", ""), "team": data.get("team"),
            "elder": {"elder": True, "other": False}.get(kind),
            "active": {"": True, "inactive": False}.get(status),
        }  # fmt: skip


class TeamForm(StyledForm):
    name = forms.CharField(label=_("Team name"), max_length=60)
    purpose = forms.CharField(label=_("What the team does"), max_length=200, required=False)


class MemberForm(forms.Form):
    volunteer = forms.IntegerField(min_value=1)
    leader = forms.BooleanField(required=False)


class TrainingForm(StyledForm):
    title = forms.CharField(label=_("Training"), max_length=200)
    on = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.DecimalField(label=_("Hours"), **HOURS)
    certificate = forms.CharField(label=_("Certificate"), max_length=100, required=False)
    count_hours = forms.BooleanField(label=_("Count as service hours"), required=False)


class HoursForm(StyledForm):
    on = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.DecimalField(label=_("Hours"), **HOURS)
    source = forms.ChoiceField(
        label=_("For"),
        choices=[c for c in HoursEntry.Source.choices if c[0] in ("other", "pairing", "training")],
    )
    description = forms.CharField(label=_("What was done"), max_length=200)


class RedemptionForm(StyledForm):
    on = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.DecimalField(label=_("Hours"), **HOURS)
    service = forms.CharField(label=_("Service received"), max_length=200)
    beneficiary = forms.CharField(label=_("For whom"), max_length=60, required=False)


class PairForm(forms.Form):
    volunteer = forms.IntegerField(min_value=1)
    started_on = forms.DateField(required=False)


class EndPairingForm(StyledForm):
    ended_on = forms.DateField(label=_("Ended on"), widget=DATE)
    reason = forms.CharField(label=_("Why it ended"), max_length=200, required=False)


class VisitForm(StyledForm):
    """A pairing visit as the volunteer reports it on a phone."""

    on = forms.DateField(label=_("Date of the visit"), widget=DATE)
    outcome = forms.ChoiceField(
        label=_("What happened"),
        choices=[(o.value, o.label) for o in Contact.Outcome if o in VISIT_OUTCOMES],
    )
    note = forms.CharField(label=_("Short note"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    hours = forms.DecimalField(label=_("Hours"), initial=Decimal("1"), **HOURS)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)


class PeriodForm(forms.Form):
    start = forms.DateField(required=False)
    end = forms.DateField(required=False)
