"""Forms for the registry pages: the list filters, the elder form and the roster upload."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.lib.phones import PhoneError, is_placeholder, parse_phone
from linli.stations.models import Membership

from .models import Category, Consent, Elder
from .selectors import ElderFilters
from .vocabulary import CATEGORIES, category_label

AGE_BANDS = {"60-69": (60, 69), "70-79": (70, 79), "80-89": (80, 89), "90+": (90, None)}
STATUS_ALL = "all"
CONTACT_ROWS = 3
MONTHS = [(m, str(m)) for m in range(1, 13)]


def station_workers(station):
    """Heads and social workers of a station: the people an elder can be assigned to."""
    return (
        get_user_model()
        .objects.filter(
            memberships__station=station,
            memberships__active=True,
            memberships__role__in=[Membership.Role.HEAD, Membership.Role.WORKER],
        )
        .order_by("display_name", "username")
        .distinct()
    )


def style_widgets(form: forms.Form) -> None:
    """Give widgets the CSS framework's classes (checkbox groups are laid out by templates)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", "chip-input")
        elif isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", "form-control")


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class ElderFilterForm(forms.Form):
    """The list's one search box and filters, read from the query string."""

    q = forms.CharField(label=_("Search"), required=False, max_length=60)
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=None, required=False, empty_label=_("All areas")
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    age = forms.ChoiceField(label=_("Age"), required=False)
    living = forms.ChoiceField(label=_("Living arrangement"), required=False)
    risk = forms.ChoiceField(label=_("Risk level"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    worker = WorkerChoiceField(
        label=_("Worker"), queryset=None, required=False, empty_label=_("All workers")
    )

    def __init__(self, data, *, station):
        super().__init__(data)
        self.fields["area"].queryset = station.areas.all()
        self.fields["worker"].queryset = station_workers(station)
        self.fields["category"].choices = [("", _("All categories"))] + [
            (code, category_label(code)) for code, *_rest in CATEGORIES
        ]
        self.fields["age"].choices = [("", _("All ages"))] + [(b, b) for b in AGE_BANDS]
        self.fields["living"].choices = [("", _("Any arrangement")), *Elder.Living.choices]
        self.fields["risk"].choices = [("", _("Any risk level")), *reversed(Elder.Risk.choices)]
        self.fields["status"].choices = [
            *Elder.Status.choices,
            (STATUS_ALL, pgettext_lazy("status", "all")),
        ]
        style_widgets(self)

    def filters(self) -> tuple[str, ElderFilters]:
        """The search text and the filters; invalid values are ignored, not errors."""
        data = self.cleaned_data if self.is_valid() else self._valid_part()
        age_min, age_max = AGE_BANDS.get(data.get("age") or "", (None, None))
        status = data.get("status") or Elder.Status.ACTIVE
        return (data.get("q") or "").strip(), ElderFilters(
            area=data["area"].pk if data.get("area") else None,
            category=data.get("category") or None,
            status=None if status == STATUS_ALL else status,
            age_min=age_min,
            age_max=age_max,
            living_arrangement=data.get("living") or None,
            worker=data["worker"].pk if data.get("worker") else None,
            risk=data.get("risk") or None,
        )

    def _valid_part(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in self.errors}

    def is_filtered(self) -> bool:
        """Whether any filter beyond the search box is set (to open the filter panel)."""
        data = self.cleaned_data if self.is_valid() else self._valid_part()
        return any(
            data.get(k) for k in ("area", "category", "age", "living", "risk", "worker")
        ) or (data.get("status") not in ("", None, Elder.Status.ACTIVE))


class ElderForm(forms.Form):
    """An elder's record, mapped onto services.elder_create / elder_update."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=40)
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", "—"), *Elder.Sex.choices])
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    lunar_birthday = forms.BooleanField(
        label=_("Keeps the lunar birthday"),
        required=False,
        help_text=_("Celebrates the birthday by the Chinese lunar calendar."),
    )
    id_number = forms.CharField(
        label=_("ID number"),
        required=False,
        max_length=30,
        help_text=_("Birth date and sex are taken from the ID number."),
    )
    phones = forms.CharField(
        label=_("Phones"),
        required=False,
        max_length=200,
        help_text=_("Several numbers may be separated by spaces or /."),
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=200)
    area = forms.ModelChoiceField(
        label=_("Service area"), queryset=None, required=False, empty_label="—"
    )
    living_arrangement = forms.ChoiceField(label=_("Living arrangement"), required=False)
    categories = forms.MultipleChoiceField(
        label=_("Categories"), required=False, widget=forms.CheckboxSelectMultiple
    )
    migratory = forms.BooleanField(
        label=_("Migratory (候鸟): present only part of the year"), required=False
    )
    months_present = forms.TypedMultipleChoiceField(
        label=_("Months present"),
        required=False,
        coerce=int,
        choices=MONTHS,
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.ChoiceField(label=_("Status"), choices=Elder.Status.choices)
    status_date = forms.DateField(
        label=_("Status date"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=_("The day the elder moved out or died."),
    )
    assigned_worker = WorkerChoiceField(
        label=_("Assigned worker"), queryset=None, required=False, empty_label="—"
    )
    risk_floor = forms.ChoiceField(
        label=_("Risk at least"),
        required=False,
        choices=[("", "—"), *Elder.Risk.choices],
        help_text=_(
            "Your own judgement. The risk level comes from assessments and the record, and "
            "never falls below this."
        ),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, station, elder: Elder | None = None, show_id: bool = True, **kwargs):
        self.elder, self.show_id = elder, show_id
        super().__init__(*args, **kwargs)
        self.fields["version"].required = elder is not None
        self.fields["area"].queryset = station.areas.all()
        self.fields["assigned_worker"].queryset = station_workers(station)
        self.fields["living_arrangement"].choices = [("", "—"), *Elder.Living.choices]
        typed = Category.objects.filter(rule=Category.Rule.TYPED)
        self.fields["categories"].choices = [(c.code, c.label) for c in typed]
        for i in range(self.contact_rows()):
            self.fields[f"contact_{i}_name"] = forms.CharField(
                label=_("Name"), required=False, max_length=40
            )
            self.fields[f"contact_{i}_relation"] = forms.CharField(
                label=_("Relation"), required=False, max_length=20
            )
            self.fields[f"contact_{i}_phone"] = forms.CharField(
                label=_("Phone"), required=False, max_length=30
            )
        if elder is not None and elder.id_number_enc and not show_id:
            self.fields["id_number"].help_text = _(
                "Recorded as %(masked)s. Leave empty to keep it; type a full number to replace it."
            ) % {"masked": elder.id_number_masked}
        style_widgets(self)

    def contact_rows(self) -> int:
        existing = len(self.elder.emergency_contacts or []) if self.elder else 0
        return max(CONTACT_ROWS, existing + 1)

    def contact_fields(self) -> list[tuple]:
        """(name, relation, phone) bound fields per emergency-contact row, for the template."""
        return [
            (self[f"contact_{i}_name"], self[f"contact_{i}_relation"], self[f"contact_{i}_phone"])
            for i in range(self.contact_rows())
        ]

    def clean(self):
        cleaned = super().clean()
        contacts = []
        for i in range(self.contact_rows()):
            contact = {
                k: (cleaned.get(f"contact_{i}_{k}") or "").strip()
                for k in ("name", "relation", "phone")
            }
            if contact["phone"] and not is_placeholder(contact["phone"]):
                try:
                    contact["phone"] = parse_phone(contact["phone"]).number
                except PhoneError as exc:
                    self.add_error(f"contact_{i}_phone", exc.message)
            if any(contact.values()):
                contacts.append(contact)
        cleaned["emergency_contacts"] = contacts
        return cleaned

    def service_data(self) -> dict:
        """The cleaned values in the shape the services take."""
        data = {
            k: self.cleaned_data[k]
            for k in (
                "name",
                "sex",
                "birth_date",
                "lunar_birthday",
                "phones",
                "address",
                "area",
                "living_arrangement",
                "migratory",
                "status",
                "status_date",
                "assigned_worker",
                "risk_floor",
                "notes",
                "emergency_contacts",
            )
        }
        data["months_present"] = (
            sorted(self.cleaned_data["months_present"]) if (self.cleaned_data["migratory"]) else []
        )
        offered = {code for code, _label in self.fields["categories"].choices}
        kept = [c.code for c in self.elder.categories.all()] if self.elder else []
        data["categories"] = [
            *self.cleaned_data["categories"],
            *(c for c in kept if c not in offered),
        ]
        id_number = self.cleaned_data["id_number"].strip()
        current = self.elder.id_number if self.elder else ""
        if id_number != current and (id_number or self.show_id):
            data["id_number"] = id_number
        return data


def elder_initial(elder: Elder, *, show_id: bool) -> dict:
    """The form's initial values for an existing elder."""
    initial = {
        "version": elder.version,
        "name": elder.name,
        "sex": elder.sex,
        "birth_date": elder.birth_date,
        "lunar_birthday": elder.lunar_birthday,
        "id_number": elder.id_number if show_id else "",
        "phones": " ".join(elder.phone_list),
        "address": elder.address,
        "area": elder.area_id,
        "living_arrangement": elder.living_arrangement,
        "categories": [c.code for c in elder.categories.all()],
        "migratory": elder.migratory,
        "months_present": elder.months_present or [],
        "status": elder.status,
        "status_date": elder.status_date,
        "assigned_worker": elder.assigned_worker_id,
        "risk_floor": elder.risk_floor,
        "notes": elder.notes,
    }
    for i, contact in enumerate(elder.emergency_contacts or []):
        for key in ("name", "relation", "phone"):
            initial[f"contact_{i}_{key}"] = contact.get(key, "")
    return initial


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class RosterUploadForm(StyledForm):
    file = forms.FileField(
        label=_("Roster file (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Choose an .xlsx or .csv file."))
        return upload


class UnmaskedExportForm(StyledForm):
    purpose = forms.CharField(
        label=_("Purpose of this export"),
        max_length=200,
        help_text=_("Recorded in the access log with your name and the filters."),
    )
    confirm = forms.BooleanField(
        label=_("I will keep this file safe and delete it when the purpose is met."),
    )


class ConsentForm(StyledForm):
    """Who consented to which processing, and when (PIPL Arts. 13–15, 29)."""

    given_by = forms.CharField(label=_("Given by"), max_length=40)
    relation = forms.ChoiceField(label=_("Relation to the elder"), choices=Consent.Relation.choices)
    given_on = forms.DateField(
        label=_("Date given"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    purposes = forms.MultipleChoiceField(
        label=_("Purposes"),
        choices=Consent.Purpose.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sensitive information (health, disability, 失独) needs its own consent."),
    )
