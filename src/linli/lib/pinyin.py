"""Pinyin keys for names, so 张三 is found by `zhangsan` and `zs`."""

from pypinyin import Style, lazy_pinyin


def pinyin_keys(name: str) -> tuple[str, str]:
    """Return (full pinyin, initials), lower-case, without spaces or tones."""
    syllables = [s for s in lazy_pinyin(name or "", errors="ignore") if s.isascii()]
    full = "".join(s.lower() for s in syllables if s.isalpha())
    initials = "".join(
        s[0].lower()
        for s in lazy_pinyin(name or "", style=Style.NORMAL, errors="ignore")
        if s[:1].isalpha()
    )
    return full, initials
