"""Time `linli import-roster` on a station-sized roster: first import, then the same file again.

Usage: .venv/bin/python bench/import_roster.py [--rows 7020]
Builds an xlsx roster shaped like a station's (title row, Chinese headers, date cells, several
phones per cell, categories joined by 、) from the demo generator, imports it into an empty
station of a scratch database, and prints the time and counts of each run. Not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIVING = {"alone": "独居", "spouse": "空巢（与老伴同住）", "children": "与子女同住",
          "relatives": "与亲属同住", "carer": "与保姆同住", "institution": "养老院"}  # fmt: skip


def setup_django(db_path: Path) -> None:
    os.environ["LINLI_DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{db_path}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("demo", "--no-elders", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


def build_roster(path: Path, rows: int, today: dt.date) -> None:
    from openpyxl import Workbook

    from linli.demo.community import STATIONS
    from linli.demo.generator import generate_station
    from linli.elders.vocabulary import CATEGORIES

    names = {code: zh for code, zh, *_rest in CATEGORIES}
    seed = generate_station(STATIONS[0], seed=7, today=today)
    book = Workbook()
    sheet = book.active
    sheet.append(["卓达社区 老年人信息登记表"])
    sheet.append(["序号", "姓名", "性别", "身份证号码", "出生日期", "联系电话", "所属村（居）",
                  "家庭住址", "居住状况", "人员类别", "备注"])  # fmt: skip
    for number, elder in enumerate(seed.elders[:rows], start=1):
        sheet.append([
            number, elder.name, "男" if elder.sex == "M" else "女", elder.id_number,
            elder.birth_date, " / ".join(elder.phones) or "无", elder.area, elder.address,
            LIVING.get(elder.living, ""), "、".join(names[c] for c in elder.categories), "",
        ])  # fmt: skip
    sheet.append([f"合计：{rows}人"])
    book.save(path)


def import_once(path: Path) -> tuple[float, dict]:
    from linli.accounts.models import User
    from linli.elders.importers.roster import roster_import
    from linli.stations.models import Station

    station = Station.objects.get(code="zhuoda")
    actor = User.objects.get(username="zhuoda-head")
    started = time.perf_counter()
    report = roster_import(actor=actor, station=station, path_or_file=str(path),
                           filename=path.name, today=dt.date.today())  # fmt: skip
    return time.perf_counter() - started, report.as_dict()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=7020)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    with tempfile.TemporaryDirectory() as scratch:
        setup_django(Path(scratch) / "bench-import.sqlite3")
        path = Path(scratch) / "roster.xlsx"
        build_roster(path, args.rows, dt.date.today())
        print(f"roster: {args.rows} rows, {path.stat().st_size // 1024} KiB")
        for label in ("first import", "same file again"):
            seconds, report = import_once(path)
            keys = ("rows", "created", "updated", "unchanged", "rejected")
            counts = ", ".join(f"{k} {report[k]}" for k in keys)
            print(f"{label:>16}: {seconds:6.1f} s   {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
