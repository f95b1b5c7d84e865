"""Roster column names, as data, and the search for the header row.

Headers are folded to Simplified Chinese (zhconv), lower-cased and stripped of spaces and
punctuation before matching, so 身份證號碼, 身份证 号码 and "ID Number" all find their field.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..vocabulary import CATEGORY_SYNONYMS
from .cells import simplified

# field -> what people write in the header cell (Simplified, Traditional, English).
# Traditional spellings are folded to Simplified before matching; a few are listed anyway
# so that a reader sees they are expected.
# fmt: off
SYNONYMS: dict[str, list[str]] = {
    "serial": ["序号", "编号", "序", "no", "serial", "s/n"],
    "name": ["姓名", "名字", "老人姓名", "姓名（老人）", "居民姓名", "name", "full name",
             "elder", "elder name"],
    "sex": ["性别", "性別", "sex", "gender"],
    "id_number": ["身份证号", "身份证号码", "身份證號碼", "身份证", "公民身份号码",
                  "公民身份证号码", "身份证件号码", "证件号码", "证件号", "id number", "id no",
                  "id card", "id card number", "resident id", "id"],
    "birth_date": ["出生日期", "出生年月", "出生年月日", "出生时间", "生日", "出生",
                   "date of birth", "birth date", "birthdate", "birthday", "dob", "born"],
    "age": ["年龄", "周岁", "age"],
    "phone": ["联系电话", "聯繫電話", "电话", "手机", "手机号", "手机号码", "电话号码",
              "联系方式", "本人电话", "本人联系电话", "老人电话", "固定电话", "座机",
              "家庭电话", "phone", "phones", "mobile", "telephone", "tel", "contact number",
              "phone number"],
    "area": ["所属村（居）", "所屬村（居）", "所属村居", "所属村", "所属社区", "社区", "村居",
             "村（居）", "村/社区", "社区/村", "村（社区）", "所在社区", "所在村居", "社区名称",
             "村居名称", "居委会", "村委会", "村（居）委会", "所属村（居）委会", "服务片区",
             "片区", "area", "community", "village", "service area"],
    "address": ["住址", "家庭住址", "现住址", "居住地址", "现居住地址", "详细地址", "地址",
                "家庭地址", "address", "home address"],
    "living": ["居住状况", "居住情况", "居住状态", "居住方式", "居住类型", "同住情况",
               "living arrangement", "living", "lives with"],
    "categories": ["类别", "人员类别", "老人类别", "类型", "人员类型", "老人类型", "困难类型",
                   "特殊类别", "身份类别", "特殊群体", "category", "categories", "type"],
    "notes": ["备注", "備註", "备注说明", "情况说明", "remarks", "remark", "notes", "note",
              "comments"],
    "status": ["状态", "人员状态", "在世状态", "是否在世", "status"],
    "migratory": ["候鸟", "是否候鸟", "候鸟老人", "migratory"],
    "months": ["在住月份", "居住月份", "在琼月份", "在住时间", "在住时段", "months present",
               "months"],
    "contact_name": ["紧急联系人", "紧急联系人姓名", "联系人", "联系人姓名", "监护人",
                     "监护人姓名", "家属", "家属姓名", "emergency contact",
                     "emergency contact name"],
    "contact_phone": ["紧急联系电话", "紧急联系人电话", "紧急联系人联系电话", "联系人电话",
                      "监护人电话", "监护人联系电话", "家属电话", "家属联系电话", "子女电话",
                      "emergency phone", "emergency contact phone"],
    "contact_relation": ["与老人关系", "与本人关系", "关系", "紧急联系人关系",
                         "紧急联系人与老人关系", "联系人关系", "与联系人关系", "relation",
                         "relationship"],
    # Known, but not a registry field: kept under "other columns" rather than guessed at.
    "extra": ["户籍地址", "户籍所在地", "户口所在地", "户籍", "身份证地址", "身份证住址"],
}
# fmt: on
# Columns we recognise but do not store: a serial is a row number, an age follows from the
# birth date.
IGNORED = frozenset({"serial", "age"})
# Fields a row can have from several columns; for the others the first column wins.
MULTI = frozenset({"phone", "notes", "flag"})
YES_NO_PREFIXES = ("是否为", "是否属于", "是否")
CATEGORY_SUFFIXES = ("老人", "人员", "户", "家庭")
QUALIFIERS = frozenset({"老人", "本人", "居民", "现", "所属", "所在", "老人本人"})
_PUNCT = re.compile(r"[\s*＊:：_\-.·/\\、?？#]+")
_NOTES = re.compile(r"[（(\[【][^）)\]】]*[）)\]】]")
MAX_HEADER_SEARCH = 30


@dataclass(frozen=True)
class Column:
    index: int  # 0-based position in the row
    title: str  # the header text as written, used in reports and as the key in `extra`
    field: str  # a SYNONYMS key, "flag" (a yes/no category column) or "extra"
    code: str = ""  # for flag columns: the category code, or "migratory"


@dataclass
class Header:
    row: int  # Excel row number of the (last) header row
    columns: list[Column] = field(default_factory=list)

    @property
    def first_data_index(self) -> int:
        return self.row  # rows[] is 0-based, so this is the row after the header

    def of(self, name: str) -> list[Column]:
        return [c for c in self.columns if c.field == name]


def normalise(text: object) -> str:
    folded = simplified(str(text)).lower()
    folded = folded.replace("（", "(").replace("）", ")")
    return _PUNCT.sub("", folded)


@functools.cache
def _index() -> dict[str, str]:
    found: dict[str, str] = {}
    for name, words in SYNONYMS.items():
        for word in words:
            found.setdefault(normalise(word), name)
    return found


@functools.cache
def match(text: str) -> tuple[str, str] | None:
    """(field, category code) for a header cell's text, or None when it is not known."""
    key = normalise(text)
    if not key:
        return None
    bare = _NOTES.sub("", key) or key
    for candidate in (key, bare):
        if candidate in _index():
            return _index()[candidate], ""
    flag = _flag(bare)
    if flag:
        return flag
    return _contained(bare)


def _flag(key: str) -> tuple[str, str] | None:
    """是否低保 / 低保 (√) style columns: a category, or residency for 候鸟."""
    for prefix in YES_NO_PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix) :]
            break
    code = category_code(key)
    if code is None:
        return None
    return ("migratory", "") if code == "migratory" else ("flag", code)


def category_code(word: str) -> str | None:
    """The vocabulary code for a roster word such as 低保户 or 失能老人, or None."""
    word = simplified(word.strip())
    for candidate in (word, word.lower()):
        if candidate in CATEGORY_SYNONYMS:
            return CATEGORY_SYNONYMS[candidate]
    for suffix in CATEGORY_SUFFIXES:
        if word.endswith(suffix) and word[: -len(suffix)] in CATEGORY_SYNONYMS:
            return CATEGORY_SYNONYMS[word[: -len(suffix)]]
    return None


def _contained(key: str) -> tuple[str, str] | None:
    """A longer header such as 老人身份证号码（18位）: the longest Chinese synonym inside it.

    Two-character words are too common to find anywhere (医保类型 is not 类型, 婚姻状态 is not
    状态): they count only after a qualifier that still means the elder, as in 老人性别.
    """
    if len(key) > 20 or key.isascii():
        return None
    best = ""
    for word in _index():
        if word.isascii() or len(word) <= len(best) or word not in key:
            continue
        if len(word) >= 3 or key[: -len(word)] in QUALIFIERS:
            best = word
    return (_index()[best], "") if best else None


def find_header(rows: list[list]) -> Header | None:
    """The first row naming a name column and at least one other known column."""
    for i, row in enumerate(rows[:MAX_HEADER_SEARCH]):
        found = {match(str(v)) for v in row if v is not None} - {None}
        fields = {f for f, _code in found}
        if "name" in fields and fields - {"name", *IGNORED}:
            titles = _titles(row, rows[i + 1] if i + 1 < len(rows) else [])
            header = Header(row=i + 1 + int(titles is not None))
            header.columns = _columns(titles or row)
            return header
    return None


def _titles(row: list, below: list) -> list | None:
    """Header titles joined with a sub-header row below, if there is one (紧急联系人/姓名)."""
    changed = [
        c
        for c, value in enumerate(below)
        if value is not None and (c >= len(row) or value != row[c])
    ]
    if not changed or any(match(str(below[c])) is None for c in changed):
        return None
    width = max(len(row), len(below))
    padded = [*row, *[None] * (width - len(row))]
    return [f"{padded[c] or ''}{below[c]}" if c in changed else padded[c] for c in range(width)]


def _columns(titles: list) -> list[Column]:
    columns: list[Column] = []
    taken: set[str] = set()
    for index, title in enumerate(titles):
        if title is None:
            continue
        text = str(title).strip()
        found = match(text)
        name, code = found if found else ("extra", "")
        if name not in MULTI and name != "extra" and name in taken:
            name, code = "extra", ""  # a second 姓名 column: keep its values, do not guess
        taken.add(name)
        columns.append(Column(index=index, title=text, field=name, code=code))
    return columns
