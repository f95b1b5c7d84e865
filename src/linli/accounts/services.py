"""Writes about users: tokens and the access log."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import AccessLog, ApiToken, hash_token


def access_log_record(*, actor, action: str, station=None, obj=None, detail=None) -> AccessLog:
    """Append one entry to the access log (views and exports of personal data)."""
    return AccessLog.objects.create(
        user=actor if getattr(actor, "is_authenticated", False) else None,
        station=station,
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail or {},
    )


@transaction.atomic
def token_create(*, user, name: str = "") -> tuple[ApiToken, str]:
    """Create a personal API token; return it with the raw key, which is never stored."""
    raw = ApiToken.new_raw_key()
    token = ApiToken.objects.create(user=user, name=name, key_hash=hash_token(raw), hint=raw[-4:])
    access_log_record(actor=user, action="accounts.token.created", obj=token)
    return token, raw


def token_authenticate(raw: str):
    """The active user behind a raw token, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
