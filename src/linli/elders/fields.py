"""A form field naming one elder of the station by registry number, name, pinyin initials,
phone or ID tail: what a worker types, instead of a list of thousands of elders."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .selectors import elder_lookup


class ElderLookupField(forms.CharField):
    """Cleans to the one matching active elder; several or none is an error that lists the
    candidates with their numbers. The form sets `actor` and `station` before validation."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 60)
        kwargs.setdefault("help_text", _("The elder's number, name, pinyin initials or phone."))
        super().__init__(**kwargs)
        self.actor = self.station = None

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        found = elder_lookup(actor=self.actor, station=self.station, text=text,
                             today=timezone.localdate())  # fmt: skip
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValidationError(
                _("No elder of this station matches “%(text)s”.") % {"text": text},
                code="no_match",
            )
        names = "、".join(f"{e.name} ({e.pk})" for e in found)
        raise ValidationError(
            _("Several elders match: %(names)s. Enter the number of the one you mean.")
            % {"names": names},
            code="several",
        )
