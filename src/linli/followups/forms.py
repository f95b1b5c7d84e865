"""Forms of the follow-up pages: a contact (with checks and follow-ups), quick logging,
tasks, alerts and cadence overrides. They turn requests into the services' arguments."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from linli.elders.forms import StyledForm, style_widgets
from linli.elders.models import Elder
from linli.lib.phones import PhoneError, is_placeholder, parse_phone, split_phones

from .models import Contact, Plan, Task
from .presenting import MOODS

DATE = {"type": "date"}
FUTURE_SLACK = dt.timedelta(minutes=10)
STATUS_OUTCOMES = (Contact.Outcome.DECEASED, Contact.Outcome.MOVED)
YES_NO = [("", _("not asked")), ("yes", _("yes")), ("no", _("no"))]
FOLLOW_UPS = [
    ("", _("nothing")),
    (Task.Kind.VISIT, _("a home visit")),
    (Task.Kind.SERVICE, _("a service request")),
    (Task.Kind.CASE, _("open a case")),
]
CONTACT_KEYS = ("kind", "outcome", "health_change", "mood", "new_need", "safety_concern", "note")
EC_FIELDS = ("ec_name", "ec_relation", "ec_phone")


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class ContactForm(forms.Form):
    """One contact: what happened, anything to report, details checked, follow-ups."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=Contact.Kind.choices, widget=forms.RadioSelect
    )
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE))
    time = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"})
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Contact.Outcome.choices, widget=forms.RadioSelect
    )
    # Anything to report?
    health_change = forms.BooleanField(label=_("Their health has changed"), required=False)
    mood = forms.ChoiceField(
        label=_("Mood"),
        required=False,
        widget=forms.RadioSelect,
        choices=[("", _("not asked")), *MOODS],
    )
    new_need = forms.ChoiceField(label=_("New need"), required=False, choices=Contact.Need.choices)
    safety_concern = forms.BooleanField(label=_("A safety concern"), required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Emergency check-in
    meals_secured = forms.ChoiceField(
        label=_("Meals secured"), required=False, choices=YES_NO, widget=forms.RadioSelect
    )
    medicines_sufficient = forms.ChoiceField(
        label=_("Medicines sufficient"), required=False, choices=YES_NO, widget=forms.RadioSelect
    )
    # Check details
    phones = forms.CharField(
        label=_("Phones"),
        required=False,
        max_length=200,
        help_text=_("Several numbers may be separated by spaces or /."),
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=200)
    living_arrangement = forms.ChoiceField(label=_("Living arrangement"), required=False)
    ec_name = forms.CharField(label=_("Name"), required=False, max_length=40)
    ec_relation = forms.CharField(label=_("Relation"), required=False, max_length=20)
    ec_phone = forms.CharField(label=_("Their phone"), required=False, max_length=30)
    # Follow-up
    follow_up = forms.ChoiceField(
        label=_("Follow-up"), required=False, choices=FOLLOW_UPS, widget=forms.RadioSelect
    )
    follow_up_note = forms.CharField(
        label=_("What needs doing"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    follow_up_due = forms.DateField(
        label=_("Due on"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE),
        help_text=_("Today if left empty."),
    )
    confirm_status = forms.BooleanField(required=False)

    def __init__(self, *args, elder: Elder, see_phones: bool, emergency=None, **kwargs):
        self.elder, self.emergency = elder, emergency
        super().__init__(*args, **kwargs)
        self.fields["living_arrangement"].choices = [("", "—"), *Elder.Living.choices]
        if not see_phones:  # volunteers see masked numbers: they cannot check or correct them
            for name in ("phones", *EC_FIELDS):
                del self.fields[name]
        if emergency is None:
            del self.fields["meals_secured"], self.fields["medicines_sufficient"]
        else:
            self.fields["new_need"].label = _("Urgent need")
            self.fields["new_need"].help_text = _("An urgent need becomes a service request.")
        self.fields["confirm_status"].label = _(
            "I confirm that %(name)s has died or moved out. They will leave every worklist."
        ) % {"name": elder.name}
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs.setdefault("class", "chip-input")
        style_widgets(self)

    @property
    def checks_phones(self) -> bool:
        return "phones" in self.fields

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("day"), cleaned.get("time")
        if day and time:
            cleaned["at"] = timezone.make_aware(dt.datetime.combine(day, time))
            if cleaned["at"] > timezone.now() + FUTURE_SLACK:
                self.add_error("time", _("A contact cannot be in the future."))
        if cleaned.get("outcome") in STATUS_OUTCOMES and not cleaned.get("confirm_status"):
            message = _("Tick the confirmation: the elder's status will change.")
            self.add_error("confirm_status", message)
        if cleaned.get("follow_up") and not cleaned.get("follow_up_note", "").strip():
            self.add_error("follow_up_note", _("Say what needs doing."))
        return cleaned

    def clean_phones(self) -> list[str]:
        phones, rejected = split_phones(self.cleaned_data["phones"])
        if rejected:
            pieces = "、".join(rejected)
            raise forms.ValidationError(_("Not a phone number: %(pieces)s") % {"pieces": pieces})
        return [p.number for p in phones]

    def clean_ec_phone(self) -> str:
        raw = self.cleaned_data["ec_phone"].strip()
        if not raw or is_placeholder(raw):
            return ""
        try:
            return parse_phone(raw).number
        except PhoneError as exc:
            raise forms.ValidationError(exc.message) from None

    # --- what the services take ------------------------------------------------------------
    def contact_data(self) -> dict:
        data = {k: self.cleaned_data[k] for k in CONTACT_KEYS}
        data["at"] = self.cleaned_data["at"]
        if self.emergency is not None:
            data["emergency"] = self.emergency
            for key in ("meals_secured", "medicines_sufficient"):
                data[key] = _yes_no(self.cleaned_data[key])
        return data

    def corrections(self) -> dict:
        """Only the checked details that differ from the record."""
        elder, cleaned, changed = self.elder, self.cleaned_data, {}
        if self.checks_phones and cleaned["phones"] != elder.phone_list:
            changed["phones"] = cleaned["phones"]
        for key in ("address", "living_arrangement"):
            if cleaned[key].strip() != (getattr(elder, key) or ""):
                changed[key] = cleaned[key].strip()
        contacts = self._emergency_contacts()
        if contacts is not None:
            changed["emergency_contacts"] = contacts
        return changed

    def _emergency_contacts(self) -> list[dict] | None:
        """The elder's contacts with the first one as corrected, or None if unchanged."""
        if not self.checks_phones:
            return None
        current = list(self.elder.emergency_contacts or [])
        first = {k: self.cleaned_data[f"ec_{k}"].strip() for k in ("name", "relation", "phone")}
        before = {k: (current[0].get(k) or "") if current else "" for k in first}
        if first == before:
            return None
        rest = current[1:]
        return [first, *rest] if any(first.values()) else rest

    def follow_ups(self) -> list[dict]:
        kind = self.cleaned_data.get("follow_up")
        if not kind:
            return []
        follow_up = {"kind": kind, "note": self.cleaned_data["follow_up_note"].strip()}
        if self.cleaned_data.get("follow_up_due"):
            follow_up["due_on"] = self.cleaned_data["follow_up_due"]
        return [follow_up]

    # --- how the template opens its sections -----------------------------------------------
    def _has(self, names) -> bool:
        return any(n in self.errors for n in names) or (
            self.is_bound and any(self.data.get(n) for n in names)
        )

    def report_open(self) -> bool:
        outcome = self.data.get("outcome") if self.is_bound else self.initial.get("outcome")
        names = ("health_change", "mood", "new_need", "safety_concern", "note")
        return (outcome or "reached") != Contact.Outcome.REACHED or self._has(names)

    def check_open(self) -> bool:
        names = ("phones", "address", "living_arrangement", *EC_FIELDS)
        return any(n in self.errors for n in names)

    def follow_up_open(self) -> bool:
        return self._has(("follow_up", "follow_up_note", "follow_up_due"))


def contact_initial(elder: Elder, *, kind: str, outcome: str, now: dt.datetime) -> dict:
    """The form as it opens: now, the kind asked for, and the record's details to check."""
    local = timezone.localtime(now)
    first = (elder.emergency_contacts or [{}])[0]
    return {
        "kind": kind if kind in Contact.Kind.values else Contact.Kind.CALL,
        "outcome": outcome if outcome in Contact.Outcome.values else Contact.Outcome.REACHED,
        "day": local.date(),
        "time": local.time().replace(second=0, microsecond=0),
        "phones": " ".join(elder.phone_list),
        "address": elder.address,
        "living_arrangement": elder.living_arrangement,
        "ec_name": first.get("name", ""),
        "ec_relation": first.get("relation", ""),
        "ec_phone": first.get("phone", ""),
    }


class QuickLogForm(forms.Form):
    """The worklist's one-tap logging: reached and all well, or no answer."""

    outcome = forms.ChoiceField(
        choices=[(Contact.Outcome.REACHED, ""), (Contact.Outcome.NO_ANSWER, "")]
    )
    kind = forms.ChoiceField(choices=[(Contact.Kind.CALL, ""), (Contact.Kind.VISIT, "")])


class TaskFinishForm(forms.Form):
    status = forms.ChoiceField(choices=[(Task.Status.DONE, ""), (Task.Status.CANCELLED, "")])


class OverrideForm(StyledForm):
    """One elder's cadence set by hand, with the reason."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Plan.Kind.choices)
    days = forms.IntegerField(label=_("Every (days)"), min_value=1, max_value=366)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. just out of hospital")}),
    )


class OverrideClearForm(forms.Form):
    kind = forms.ChoiceField(choices=Plan.Kind.choices)


class WorkerPickForm(forms.Form):
    """The head's choice of whose day to see, among the station's workers."""

    worker = forms.TypedChoiceField(label=_("Worker"), coerce=int)

    def __init__(self, *args, workers: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.workers = {w.pk: w for w in workers}
        self.fields["worker"].choices = [(w.pk, str(w)) for w in workers]
        style_widgets(self)

    def chosen(self):
        return self.workers[self.cleaned_data["worker"]]
