"""Keyset (cursor) pagination: pages never count whole tables and never use OFFSET."""

from __future__ import annotations

import base64
import json

from django.db.models import Q, QuerySet


class BadCursor(ValueError):
    pass


def encode(values: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, ensure_ascii=False).encode()).decode()


def decode(cursor: str, size: int) -> list:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())
    except (ValueError, UnicodeDecodeError):
        raise BadCursor(cursor) from None
    if not isinstance(values, list) or len(values) != size:
        raise BadCursor(cursor)
    return values


def keyset_page(qs: QuerySet, *, keys: tuple[str, ...], cursor: str | None, limit: int):
    """Return (rows, next_cursor) ordered by `keys` ascending (the last key must be unique)."""
    qs = qs.order_by(*keys)
    if cursor:
        values = decode(cursor, len(keys))
        after = Q()
        for i, key in enumerate(keys):
            step = Q(**{f"{k}": values[j] for j, k in enumerate(keys[:i])})
            after |= step & Q(**{f"{key}__gt": values[i]})
        qs = qs.filter(after)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode([_value(rows[-1], k) for k in keys]) if more and rows else None
    return rows, next_cursor


def _value(row, key: str):
    value = row
    for part in key.split("__"):
        value = getattr(value, part)
    return value
