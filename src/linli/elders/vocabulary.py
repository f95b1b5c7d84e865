"""The category vocabulary (DOMAIN.md §1) and the rules for derived categories."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from linli.lib.language import in_language

# (code, zh-hans name, English label, rule, sensitive)
CATEGORIES: list[tuple[str, str, str, str, bool]] = [
    ("aged80", "高龄", "aged 80+", "age80", False),
    ("dibao", "低保", "minimum living allowance", "typed", False),
    ("tekun", "特困", "extreme hardship support", "typed", False),
    ("empty_nest", "空巢", "empty nest", "empty_nest", False),
    ("alone", "独居", "lives alone", "alone", False),
    ("lost_only_child", "失独", "lost only child", "typed", True),
    ("disabled", "失能", "needs help with daily living", "typed", True),
    ("dementia", "失智", "dementia", "typed", True),
    ("disability", "残疾", "registered disability", "typed", True),
    ("military", "军属/优抚", "military family / entitled", "typed", False),
    ("migratory", "候鸟", "migratory retiree", "migratory", False),
    ("relocated", "易地搬迁", "relocated from a poverty area", "typed", False),
    ("left_behind", "留守", "left behind", "typed", False),
]
CATEGORY_ORDER = {code: i for i, (code, *_rest) in enumerate(CATEGORIES)}
_NAMES = {code: (zh, en) for code, zh, en, *_rest in CATEGORIES}


def category_name(code: str) -> str:
    """The vocabulary's (Chinese) name of a category, as the API gives it."""
    return _NAMES.get(code, (code, code))[0]


def category_label(code: str) -> str:
    """A category's name in the active language."""
    zh, en = _NAMES.get(code, (code, code))
    return in_language(zh, en)


# What people write in rosters, mapped to category codes (Simplified and Traditional).
CATEGORY_SYNONYMS: dict[str, str] = {
    "高龄": "aged80",
    "高齡": "aged80",
    "80岁以上": "aged80",
    "低保": "dibao",
    "低保户": "dibao",
    "最低生活保障": "dibao",
    "特困": "tekun",
    "特困供养": "tekun",
    "五保": "tekun",
    "五保户": "tekun",
    "空巢": "empty_nest",
    "独居": "alone",
    "獨居": "alone",
    "失独": "lost_only_child",
    "失獨": "lost_only_child",
    "失能": "disabled",
    "半失能": "disabled",
    "失智": "dementia",
    "认知症": "dementia",
    "痴呆": "dementia",
    "残疾": "disability",
    "殘疾": "disability",
    "残疾人": "disability",
    "军属": "military",
    "軍屬": "military",
    "优抚": "military",
    "優撫": "military",
    "军属/优抚": "military",
    "退役军人": "military",
    "烈属": "military",
    "候鸟": "migratory",
    "候鳥": "migratory",
    "候鸟老人": "migratory",
    "易地搬迁": "relocated",
    "易地扶贫搬迁": "relocated",
    "搬迁": "relocated",
    "留守": "left_behind",
    "留守老人": "left_behind",
}
for _code, _zh, _en, _rule, _sensitive in CATEGORIES:
    CATEGORY_SYNONYMS.setdefault(_zh, _code)
    CATEGORY_SYNONYMS.setdefault(_en.lower(), _code)
    CATEGORY_SYNONYMS.setdefault(_code, _code)


def aged_cutoff(day: dt.date) -> dt.date:
    """Latest birth date of someone aged 80 or more on `day`."""
    try:
        return day.replace(year=day.year - 80)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 80, day=28)


def derived_codes(elder, day: dt.date) -> set[str]:
    codes: set[str] = set()
    if elder.birth_date and elder.birth_date <= aged_cutoff(day):
        codes.add("aged80")
    if elder.living_arrangement == "alone":
        codes.update({"alone", "empty_nest"})
    if elder.living_arrangement == "spouse":
        codes.add("empty_nest")
    if elder.migratory:
        codes.add("migratory")
    return codes


def category_q(code: str, day: dt.date) -> Q:
    """A filter for elders in a category, typed or derived."""
    from .models import Elder

    through = Elder.categories.through.objects.filter(category__code=code)
    typed = Q(pk__in=through.values("elder_id"))
    if code == "aged80":
        return Q(birth_date__lte=aged_cutoff(day))
    if code == "alone":
        return typed | Q(living_arrangement="alone")
    if code == "empty_nest":
        return typed | Q(living_arrangement__in=["alone", "spouse"])
    if code == "migratory":
        return typed | Q(migratory=True)
    return typed
