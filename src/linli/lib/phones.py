"""Phone numbers as DOMAIN.md §3 sets them out, using phonenumbers for the China rules."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PLACEHOLDERS = frozenset({"无", "没有", "暂无", "/", "-", "--", "—", "none", "null", "n/a", "0"})
_SPLIT = re.compile(r"[/、,，;；|\n]+")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９（）－＋", "0123456789()-+")


class PhoneError(ValueError):
    def __init__(self, message, raw: str):
        super().__init__(str(message))
        self.message = message
        self.raw = raw


@dataclass(frozen=True)
class Phone:
    number: str  # mobile: 11 digits; landline: 0AAA-NNNNNNNN
    kind: str  # "mobile" or "landline"


def is_placeholder(text: str) -> bool:
    return text.strip().lower() in PLACEHOLDERS


def parse_phone(raw: str) -> Phone:
    """Normalise one phone number; raise PhoneError when it is not a Chinese number."""
    text = str(raw).translate(_FULLWIDTH).strip()
    compact = re.sub(r"[\s\-()]", "", text)
    compact = re.sub(r"^(\+?86)(?=1[3-9]\d{9}$)", "", compact)
    if _MOBILE.match(compact):
        return Phone(compact, "mobile")
    try:
        parsed = phonenumbers.parse(compact if compact.startswith("+") else compact, "CN")
    except phonenumbers.NumberParseException:
        raise PhoneError(_("This is not a phone number."), str(raw)) from None
    if not phonenumbers.is_valid_number(parsed) or parsed.country_code != 86:
        raise PhoneError(_("This is not a valid Chinese phone number."), str(raw))
    national = str(parsed.national_number)
    if phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE:
        return Phone(national, "mobile")
    area_len = 2 if national[:1] in {"1", "2"} else 3
    return Phone(f"0{national[:area_len]}-{national[area_len:]}", "landline")


def phone_field(raw: str, field: str = "phone") -> str:
    """One phone as a form's field keeps it: the normalised number, "" for a blank or a
    placeholder (无, 暂无…), and a ValidationError on `field` for anything else."""
    if not raw.strip() or is_placeholder(raw):
        return ""
    try:
        return parse_phone(raw).number
    except PhoneError as exc:
        raise ValidationError({field: [exc.message]}) from None


def split_phones(cell: object) -> tuple[list[Phone], list[str]]:
    """Split a cell that may hold several numbers; return (phones, rejected pieces)."""
    if cell is None:
        return [], []
    text = str(cell).translate(_FULLWIDTH).strip()
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        text = str(int(cell))
    if not text or is_placeholder(text):
        return [], []
    phones: list[Phone] = []
    rejected: list[str] = []
    for piece in _pieces(text):
        try:
            phone = parse_phone(piece)
        except PhoneError:
            rejected.append(piece)
            continue
        if phone not in phones:
            phones.append(phone)
    return phones, rejected


def _pieces(text: str) -> list[str]:
    """Separator-split pieces; a piece that is not one number with its spaces is split on them."""
    pieces: list[str] = []
    for piece in _SPLIT.split(text):
        piece = piece.strip()
        if not piece or is_placeholder(piece):
            continue
        try:
            parse_phone(piece)
            pieces.append(piece)
        except PhoneError:
            words = [w for w in piece.split() if not is_placeholder(w)]
            pieces.extend(words if len(words) > 1 else [piece])
    return pieces
