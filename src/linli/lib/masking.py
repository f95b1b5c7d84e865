"""How identifiers are shown to people who may not see them in full."""

from __future__ import annotations

from linli.lib.identifiers import mask_id_number

__all__ = ["mask_id_number", "mask_phone"]


def mask_phone(number: str) -> str:
    """Keep a mobile's first three and last four digits; a short number keeps its last two."""
    return number[:3] + "****" + number[-4:] if len(number) >= 11 else "****" + number[-2:]
