"""The station's registry as an import sees it: loaded once, matched in memory.

One query for the elders and one for their categories, however long the file, so that
matching 7,000 rows does not cost 7,000 lookups.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from linli.lib.crypto import blind_index

from ..models import Elder
from ..services import DERIVED_ONLY
from .rows import RosterRow


class Registry:
    def __init__(self, station):
        self.by_id: dict[str, Elder] = {}
        self.by_person: dict[tuple, list[Elder]] = defaultdict(list)
        self.by_name_birth: dict[tuple, list[Elder]] = defaultdict(list)
        self.codes: dict[int, set[str]] = defaultdict(set)
        self.keys: dict[int, tuple[tuple, tuple]] = {}
        through = Elder.categories.through.objects.filter(elder__station=station)
        for elder_id, code in through.values_list("elder_id", "category__code"):
            self.codes[elder_id].add(code)
        for elder in Elder.objects.filter(station=station).order_by("pk"):
            self._index(elder)

    def _index(self, elder: Elder) -> None:
        if elder.id_number_hash:
            self.by_id[elder.id_number_hash] = elder
        keys = ((elder.name, elder.birth_date, elder.area_id), (elder.name, elder.birth_date))
        self.by_person[keys[0]].append(elder)
        self.by_name_birth[keys[1]].append(elder)
        self.keys[elder.pk] = keys

    def find(self, rows: list[RosterRow]) -> Elder | None:
        """The elder these rows describe: same ID number, else same name, birth date, area."""
        id_hash = next((r.id_hash for r in rows if r.id_number), "")
        if id_hash in self.by_id:
            return self.by_id[id_hash]
        for row in rows:
            found = self._by_person(row, id_hash)
            if found is not None:
                return found
        return None

    def _by_person(self, row: RosterRow, id_hash: str) -> Elder | None:
        if row.area_id is None:  # no (known) area in the file: the name and birth date decide
            candidates = self.by_name_birth.get((row.name, row.birth_date), [])
            candidates = candidates if len(candidates) == 1 else []
        else:
            candidates = self.by_person.get((row.name, row.birth_date, row.area_id), [])
        # an elder with another ID number is another person, however alike
        usable = [e for e in candidates if e.id_number_hash in ("", id_hash)]
        return usable[0] if usable else None

    def remember(self, elder: Elder, data: dict[str, Any]) -> None:
        """Index a created or updated elder, so later rows see it as it now is."""
        for index, key in zip(
            (self.by_person, self.by_name_birth), self.keys.pop(elder.pk, ()), strict=False
        ):
            index[key] = [e for e in index[key] if e.pk != elder.pk]
        if "categories" in data:
            self.codes[elder.pk] = set(data["categories"])
        self._index(elder)

    def changes_nothing(self, elder: Elder, data: dict[str, Any]) -> bool:
        """True when `data` would leave `elder` as it is; when unsure, elder_update decides.

        This spares a re-import of a whole roster a locked read and a comparison per row.
        """
        codes = self.codes.get(elder.pk, set())
        return all(_same(elder, codes, key, value) for key, value in data.items())

    def data_for(self, rows: list[RosterRow], elder: Elder | None) -> dict[str, Any]:
        """What to give elder_create / elder_update: the file's facts added to the record's."""
        data: dict[str, Any] = {}
        for row in rows:
            data.update(_row_fields(row, elder))
        codes = self.codes.get(elder.pk, set()) if elder else set()
        _add_phones(data, rows, elder)
        _add_categories(data, rows, codes)
        _add_contacts(data, rows, elder)
        _add_notes(data, rows, elder)
        _add_extra(data, rows, elder)
        return data


def _row_fields(row: RosterRow, elder: Elder | None) -> dict[str, Any]:
    fields: dict[str, Any] = {"name": row.name, **{k: v for k, v in row.fields.items() if v != ""}}
    if row.area_id is not None:
        fields["area"] = row.area_id
    if row.id_number:
        fields["id_number"] = row.id_number  # the service takes birth date and sex from it
    elif not (elder and elder.id_number_hash):  # the registry's ID number wins over columns
        fields["birth_date"] = row.birth_date
        if row.sex:
            fields["sex"] = row.sex
    return fields


def _add_phones(data: dict, rows: list[RosterRow], elder: Elder | None) -> None:
    phones = list(elder.phone_list) if elder else []
    new = [p for row in rows for p in row.phones]
    if new:
        data["phones"] = list(dict.fromkeys(phones + new))


def _add_categories(data: dict, rows: list[RosterRow], codes: set[str]) -> None:
    marks: dict[str, bool] = {}
    for row in rows:
        marks.update(row.marks)
    if not marks:
        return
    wanted = (codes | {c for c, yes in marks.items() if yes}) - {
        c for c, yes in marks.items() if not yes
    }
    data["categories"] = sorted(wanted - DERIVED_ONLY)


def _add_contacts(data: dict, rows: list[RosterRow], elder: Elder | None) -> None:
    contacts = list(elder.emergency_contacts or []) if elder else []
    added = False
    for row in rows:
        if not row.contact:
            continue
        contact = {"name": "", "relation": "", "phone": "", **row.contact}
        if not any(_same_contact(contact, c) for c in contacts):
            contacts.append(contact)
            added = True
    if added:
        data["emergency_contacts"] = contacts


def _same_contact(a: dict, b: dict) -> bool:
    if a.get("phone") and a.get("phone") == b.get("phone"):
        return True
    return bool(a.get("name")) and a.get("name") == b.get("name") and not a.get("phone")


def _add_notes(data: dict, rows: list[RosterRow], elder: Elder | None) -> None:
    notes = elder.notes if elder else ""
    for text in (t for row in rows for t in row.notes):
        if text not in notes:
            notes = f"{notes}\n{text}" if notes else text
    if notes != (elder.notes if elder else ""):
        data["notes"] = notes


def _add_extra(data: dict, rows: list[RosterRow], elder: Elder | None) -> None:
    new = {k: v for row in rows for k, v in row.extra.items()}
    if new:
        data["extra"] = {**(elder.extra if elder else {}), **new}


def _same(elder: Elder, codes: set[str], key: str, value: Any) -> bool:
    if key == "id_number":
        return elder.id_number_hash == blind_index(value)
    if key == "phones":
        return list(value) == elder.phone_list
    if key == "area":
        return elder.area_id == value
    if key == "categories":
        return set(value) - DERIVED_ONLY == codes
    if key == "name":
        return elder.name == value.strip()
    return getattr(elder, key) == value
