"""Field encryption (Fernet) and blind indexes (HMAC-SHA256) keyed from LINLI_FIELD_KEY."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _derive(purpose: bytes) -> bytes:
    return hashlib.sha256(purpose + b"\x00" + settings.FIELD_KEY.encode()).digest()


@functools.cache
def _fernet(field_key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(b"linli-fernet")))


def encrypt(plaintext: str) -> str:
    if not plaintext:
        return ""
    return _fernet(settings.FIELD_KEY).encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet(settings.FIELD_KEY).decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def blind_index(value: str) -> str:
    """A keyed hash that finds an exact value without storing it."""
    if not value:
        return ""
    return hmac.new(_derive(b"linli-hmac"), value.encode(), hashlib.sha256).hexdigest()
