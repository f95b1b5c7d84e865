"""Resident identity numbers (GB 11643-1999) as DOMAIN.md §2 sets them out.

python-stdnum's `cn.ric.is_valid` rejects numbers whose area code did not exist in the
birth year, which is wrong for elders (numbers are issued decades after birth), so only
its checksum piece is used here and the rest of the rules are ours.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from stdnum.iso7064 import mod_11_2

from .errors import UserError

PROVINCE_CODES = frozenset(
    [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46]
    + [50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83]
)
MAX_AGE = 120
_FULLWIDTH = str.maketrans("０１２３４５６７８９ＸｘＸ", "0123456789XXX")
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")


class IdNumberError(UserError):
    """An ID number that cannot be accepted."""


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: dt.date
    sex: str  # "M" or "F"

    @property
    def area_code(self) -> str:
        return self.number[:6]

    @property
    def last4(self) -> str:
        return self.number[-4:]

    def masked(self) -> str:
        return mask_id_number(self.number)


def normalise(raw: object) -> str:
    """Strip spaces and hyphens, convert full-width characters and upper-case x."""
    text = str(raw).translate(_FULLWIDTH)
    return re.sub(r"[\s\-\u3000]", "", text).upper()


def looks_mangled_by_excel(raw: object) -> bool:
    """True for a number Excel stored as a number: an int/float cell or scientific notation."""
    if isinstance(raw, bool):
        return False
    if isinstance(raw, float):
        return True
    if isinstance(raw, int):
        return len(str(raw)) >= 16 or str(raw).endswith("000")
    return bool(_SCIENTIFIC.match(str(raw).strip()))


def check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits."""
    return mod_11_2.calc_check_digit(first17)


def upgrade_15(number15: str) -> str:
    """Convert a first-generation 15-digit number to 18 digits."""
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + check_character(first17)


def parse_id_number(raw: object, *, today: dt.date) -> IdNumber:
    """Normalise and validate an ID number on a given date; raise IdNumberError if invalid."""
    if raw is None or str(raw).strip() == "":
        raise IdNumberError(_("The ID number is empty."), "empty")
    if looks_mangled_by_excel(raw):
        raise IdNumberError(
            _(
                "Excel stored this ID number as a number and lost its last digits; "
                "format the column as text and type the number again."
            ),
            "excel_number",
        )
    number = normalise(raw)
    if len(number) == 15 and number.isdigit():
        number = upgrade_15(number)
    if len(number) != 18:
        raise IdNumberError(_("An ID number has 18 characters (or 15 for old numbers)."), "length")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError(_("An ID number has 17 digits followed by a digit or X."), "characters")
    if int(number[:2]) not in PROVINCE_CODES:
        raise IdNumberError(_("The ID number does not start with a province code."), "province")
    birth = _birth_date(number[6:14])
    if birth > today:
        raise IdNumberError(_("The birth date in the ID number is in the future."), "future")
    if age_on(birth, today) > MAX_AGE:
        raise IdNumberError(_("The birth date in the ID number gives an age over 120."), "too_old")
    if check_character(number[:17]) != number[17]:
        raise IdNumberError(
            _("The ID number's check character is wrong: a digit was mistyped."), "checksum"
        )
    sex = "M" if int(number[16]) % 2 == 1 else "F"
    return IdNumber(number=number, birth_date=birth, sex=sex)


def _birth_date(yyyymmdd: str) -> dt.date:
    try:
        return dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        raise IdNumberError(
            _("The birth date in the ID number is not a real date."), "birth_date"
        ) from None


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Whole years of age on a given date."""
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - int(before_birthday)


def mask_id_number(number: str) -> str:
    """Show the area code and the last four characters only: 460203********1234."""
    if not number:
        return ""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
