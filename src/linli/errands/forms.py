"""Forms of the staff's request pages: raising a request, filtering the list, confirming it was
done, and the statistics period. They turn requests into the services' arguments."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from linli.elders.forms import StyledForm, style_widgets

from .models import ServiceRequest

R = ServiceRequest
DATE = {"type": "date"}
# A request may be recorded a little after the time it was needed by (a slow form).
PAST_SLACK = dt.timedelta(minutes=10)
DEFAULT_NEEDED_IN = dt.timedelta(days=1)


def needed_by_default(now: dt.datetime) -> dt.datetime:
    """Tomorrow at this time, to the minute, in the local time zone."""
    return timezone.localtime(now + DEFAULT_NEEDED_IN).replace(second=0, microsecond=0)


class RequestForm(forms.Form):
    """A new request for one elder: what, how urgent, by when, where, and who asked."""

    type = forms.ChoiceField(label=_("Type of request"), choices=R.Type.choices,
                             widget=forms.RadioSelect)  # fmt: skip
    urgency = forms.ChoiceField(label=_("Urgency"), choices=R.Urgency.choices,
                                initial=R.Urgency.NORMAL, widget=forms.RadioSelect)  # fmt: skip
    needed_day = forms.DateField(
        label=_("Needed by (date)"), widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE)
    )
    needed_time = forms.TimeField(
        label=_("Needed by (time)"),
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=200,
        required=False,
        help_text=_("Leave as it is to use the elder's address."),
    )
    details = forms.CharField(
        label=_("What is needed"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    source = forms.ChoiceField(label=_("Who asked"), choices=R.Source.choices,
                               widget=forms.RadioSelect)  # fmt: skip

    def __init__(self, *args, now: dt.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs.setdefault("class", "chip-input")
        style_widgets(self)

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("needed_day"), cleaned.get("needed_time")
        if day is not None and time is not None:
            needed_by = timezone.make_aware(dt.datetime.combine(day, time))
            if needed_by < self.now - PAST_SLACK:
                self.add_error("needed_day", _("This time has already passed."))
            cleaned["needed_by"] = needed_by
        return cleaned

    def service_data(self, *, contact=None) -> dict:
        """The arguments of services.request_raise (a contact links it, with its emergency)."""
        data = {
            key: self.cleaned_data[key]
            for key in ("type", "urgency", "needed_by", "address", "details", "source")
        }
        if contact is not None:
            data["contact"] = contact
            data["emergency"] = contact.emergency
        return data

    def add_service_errors(self, exc: ValidationError) -> None:
        """Show the service's errors next to the field they are about, or above the form."""
        where = {"needed_by": "needed_day"}
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for field, errors in exc.message_dict.items():
            field = where.get(field, field)
            self.add_error(field if field in self.fields else None, errors)


STATUS_FILTERS = [
    ("", _("All statuses")),
    ("active", _("Open or in progress")),
    *R.Status.choices,
]


class RequestFilterForm(StyledForm):
    """The list's filters, read from the query string (bad values are simply ignored)."""

    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_FILTERS)
    type = forms.ChoiceField(
        label=_("Type of request"),
        required=False,
        choices=[("", _("All types")), *R.Type.choices],
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        required=False,
        choices=[("", _("Any urgency")), *R.Urgency.choices],
    )

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"status": "", "type": "", "urgency": ""}
        return {key: self.cleaned_data[key] for key in ("status", "type", "urgency")}

    @property
    def is_filtered(self) -> bool:
        return any(self.filters().values())


class ConfirmForm(forms.Form):
    """Staff confirm with the elder that the request was done."""

    satisfied = forms.ChoiceField(
        label=_("Was the elder satisfied?"),
        choices=[("yes", _("yes")), ("no", _("no"))],
        widget=forms.RadioSelect(attrs={"class": "chip-input"}),
    )
    feedback = forms.CharField(
        label=_("The elder's feedback"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    @property
    def is_satisfied(self) -> bool:
        return self.cleaned_data["satisfied"] == "yes"


class PeriodForm(forms.Form):
    """The statistics' period: from and to (inclusive) dates."""

    start = forms.DateField(label=_("From"), required=False,
                            widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE))  # fmt: skip
    end = forms.DateField(label=_("To"), required=False,
                          widget=forms.DateInput(format="%Y-%m-%d", attrs=DATE))  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise ValidationError(_("The start of the period is after its end."))
        return cleaned
