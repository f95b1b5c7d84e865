"""Build roster files the way stations make them, in a test's tmp_path."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from openpyxl import Workbook

from linli.lib.identifiers import check_character

HEADER = [
    "序号",
    "姓名",
    "性别",
    "身份证号码",
    "出生日期",
    "联系电话",
    "所属村（居）",
    "住址",
    "居住状况",
    "类别",
    "备注",
]


def id_number(birth: dt.date, seq: int = 1, sex: str = "M", area: str = "460203") -> str:
    """A valid 18-digit number: odd sequence for men, even for women."""
    seq = seq * 2 + (1 if sex == "M" else 0)
    first17 = f"{area}{birth:%Y%m%d}{seq % 1000:03d}"
    return first17 + check_character(first17)


def write_xlsx(
    path: Path,
    rows: list[list],
    *,
    merges=(),
    title: str = "Sheet1",
    sheets: dict[str, list[list]] | None = None,
) -> Path:
    """A workbook whose first sheet holds `rows` (row 1 first); more sheets come before it."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, other in (sheets or {}).items():
        sheet = workbook.create_sheet(name)
        for row in other:
            sheet.append(row)
    sheet = workbook.create_sheet(title)
    for row in rows:
        sheet.append(row)
    for merged in merges:
        sheet.merge_cells(merged)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[list], *, encoding: str = "utf-8") -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(
        [["" if v is None else v for v in row] for row in rows]
    )
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def big_roster(path: Path, count: int, areas: list[str]) -> Path:
    """`count` distinct elders with valid ID numbers, phones, categories and remarks."""
    surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "秀英桂兰玉华明国建芳淑珍德福文"
    rows: list[list] = [["卓达大社区高龄老人建档信息汇总表"], HEADER]
    for i in range(count):
        birth = dt.date(1926, 1, 1) + dt.timedelta(days=(i * 37) % 12000)
        sex = "F" if i % 2 else "M"
        name = surnames[i % 20] + given[(i // 20) % 15] + given[(i // 300) % 15]
        rows.append(
            [
                i + 1,
                name,
                "女" if sex == "F" else "男",
                id_number(birth, i // 400, sex),
                f"{birth.year}.{birth.month}",
                f"13{i % 10}{i:08d}",
                areas[i % len(areas)],
                f"海罗路{i}号",
                ["独居", "与子女同住", "空巢（与老伴同住）"][i % 3],
                ["低保、残疾", "候鸟", "", "特困"][i % 4],
                "已故" if i % 500 == 0 else None,
            ]
        )
    rows.append([f"合计：{count}人"])
    return write_xlsx(path, rows, merges=["A1:K1"])
