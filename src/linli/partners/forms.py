"""Forms of the partner, referral and goods pages; they turn requests into services' arguments."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from linli.elders.forms import StyledForm, style_widgets

from .models import Partner, Referral

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
ROWS = {"rows": 2}
AMOUNT = {"max_digits": 12, "decimal_places": 2}
# The moves a person makes on the referral page; "sent" is where every referral starts.
STATUS_CHOICES = [
    (code, label) for code, label in Referral.Status.choices if code != Referral.Status.SENT
]


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or above them)."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for field, field_messages in errors.items():
        target = field if field in form.fields else None
        for message in field_messages:
            form.add_error(target, message)


class PartnerForm(StyledForm):
    """A partner's details: who it is, which party it plays, what it offers."""

    name = forms.CharField(label=_("Partner name"), max_length=120)
    kind = forms.ChoiceField(label=_("Type of partner"), choices=Partner.Kind.choices)
    party = forms.ChoiceField(
        label=_("Party in the five-party linkage"),
        choices=Partner.Party.choices,
        help_text=_("The social worker is the station itself."),
    )
    services = forms.MultipleChoiceField(
        label=_("Services offered"),
        choices=Partner.Service.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    services_note = forms.CharField(
        label=_("Other services"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=200)
    active = forms.BooleanField(
        label=_("Active partner"),
        required=False,
        help_text=_("Partners no longer active stay on record but cannot receive referrals."),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["active"]

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def partner_data(self) -> dict:
        return dict(self.cleaned_data)


def partner_initial(partner: Partner) -> dict:
    return {field: getattr(partner, field) for field in PartnerForm.base_fields}


class PersonForm(StyledForm):
    """Someone to call at a partner."""

    name = forms.CharField(label=_("Contact person"), max_length=60)
    role = forms.CharField(label=_("Role at the partner"), required=False, max_length=60)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)


class AgreementForm(StyledForm):
    """A cooperation agreement; an empty end date means open-ended."""

    title = forms.CharField(label=_("Agreement title"), max_length=200)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE,
                                  help_text=_("Leave empty if it has no end date."))  # fmt: skip
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


def partner_option(partner: Partner) -> str:
    """A partner as the referral form lists it: its name and what it offers."""
    offered = "、".join(str(Partner.Service(code).label) for code in partner.services or [])
    return f"{partner.name} — {offered}" if offered else partner.name


class ReferralForm(StyledForm):
    """Which partner, what is asked and when it was sent."""

    partner = forms.TypedChoiceField(label=_("Partner"), coerce=int)
    asked = forms.CharField(label=_("What is asked"), max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    sent_on = forms.DateField(label=_("Sent on"), widget=DATE)

    def __init__(self, *args, partners, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("sent_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.partners = {p.pk: p for p in partners}
        groups: dict[str, list] = {}
        for p in partners:  # grouped by type in the order of the types
            groups.setdefault(p.kind, []).append((p.pk, partner_option(p)))
        self.fields["partner"].choices = [("", "—")] + [
            (label, groups[code]) for code, label in Partner.Kind.choices if code in groups
        ]

    def clean_partner(self) -> Partner:
        return self.partners[self.cleaned_data["partner"]]


class StatusForm(StyledForm):
    """Move a referral on: accepted, declined, done or cancelled, on a day, with its outcome."""

    status = forms.ChoiceField(label=_("New status"), choices=STATUS_CHOICES)
    on = forms.DateField(label=_("Date"), widget=DATE)
    outcome = forms.CharField(
        label=_("Outcome"), required=False, max_length=4000, widget=forms.Textarea(attrs=ROWS)
    )

    def __init__(self, *args, referral: Referral, allowed=(), **kwargs):
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.referral = referral
        # Offer only the moves allowed now; any of the four is accepted, so that a page gone
        # stale (someone else answered meanwhile) gets the service's reason, not a bare refusal.
        self.fields["status"].widget.choices = [c for c in STATUS_CHOICES if c[0] in allowed]

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on < self.referral.sent_on:
            raise ValidationError(_("An answer cannot come before sending."))
        return on


class RemindForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class ReceiveForm(StyledForm):
    """Goods or funds received: from whom, what, how much, worth how much, when."""

    partner = forms.TypedChoiceField(label=_("From partner"), coerce=int, required=False,
                                     empty_value=None)  # fmt: skip
    item_name = forms.CharField(label=_("Goods item"), max_length=80,
                                widget=forms.TextInput(attrs={"list": "goods-items"}))  # fmt: skip
    unit = forms.CharField(
        label=_("Unit"),
        max_length=12,
        help_text=_("For funds use 元 and give the amount as the quantity."),
        widget=forms.TextInput(attrs={"list": "goods-units"}),
    )
    quantity = forms.DecimalField(label=_("Quantity"), min_value=Decimal("0.01"), **AMOUNT)
    value_yuan = forms.DecimalField(label=_("Value in yuan"), required=False,
                                    min_value=Decimal(0), **AMOUNT)  # fmt: skip
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, partners, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("received_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.partners = {p.pk: p for p in partners}
        self.fields["partner"].choices = [("", _("not from a partner"))] + [
            (p.pk, p.name) for p in partners
        ]
        style_widgets(self)

    def clean_partner(self) -> Partner | None:
        pk = self.cleaned_data["partner"]
        return None if pk is None else self.partners[pk]


class DistributeForm(StyledForm):
    """Goods or funds given to an elder, found by registry number or name."""

    item = forms.TypedChoiceField(label=_("Goods item"), coerce=int)
    elder = forms.CharField(
        label=_("Elder"),
        max_length=60,
        help_text=_("The elder's registry number, or their name."),
    )
    quantity = forms.DecimalField(label=_("Quantity"), min_value=Decimal("0.01"), **AMOUNT)
    given_on = forms.DateField(label=_("Given out on"), widget=DATE)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, items, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("given_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.items = {i.pk: i for i in items}
        self.fields["item"].choices = [("", "—")] + [
            (i.pk, _("%(item)s (%(unit)s) — %(stock)s in stock")
             % {"item": i.name, "unit": i.unit, "stock": amount(i.stock)})
            for i in items
        ]  # fmt: skip

    def clean_item(self):
        return self.items[self.cleaned_data["item"]]


def amount(quantity) -> str:
    """3.00 → "3", 2.50 → "2.5"."""
    return f"{Decimal(quantity).normalize():f}"
