"""Data carrying a Chinese and an English name shows the one for the active language."""

from django.utils.translation import get_language


def in_language(zh: str, en: str) -> str:
    """`zh` when the active language is Chinese (or none is active), else `en`."""
    return zh if is_chinese() else en


def is_chinese() -> bool:
    return (get_language() or "zh").startswith("zh")
