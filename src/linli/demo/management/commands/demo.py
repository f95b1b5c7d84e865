"""`linli demo`: load the demo community (two stations, ~9,000 elders, demo users)."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from linli.demo.generator import DEFAULT_SEED
from linli.demo.services import (
    DEMO_PASSWORD,
    DemoSummary,
    database_has_data,
    demo_load,
    demo_logins,
)


class Command(BaseCommand):
    help = "Load the demo community: stations zhuoda and wangcheng, their elders and demo users."

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"random seed (default {DEFAULT_SEED}); same seed, same data",
        )
        parser.add_argument(
            "--no-elders",
            action="store_true",
            help="load only regions, stations, areas and demo users",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if any station or elder exists"
        )
        parser.add_argument(
            "--logins", action="store_true", help="print the demo logins and load nothing"
        )
        parser.add_argument(
            "--today", type=_date, help="the load date that ages are exact on (default: today)"
        )
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args, **options):
        if options["logins"]:
            self._print_logins(as_json=options["json"])
            return
        if options["if_empty"] and database_has_data():
            self.stdout.write("The database already holds stations or elders; demo not loaded.")
            return
        summary = demo_load(
            seed=options["seed"],
            today=options["today"] or timezone.localdate(),
            elders=not options["no_elders"],
        )
        if options["json"]:
            self.stdout.write(json.dumps(dataclasses.asdict(summary), default=str))
        else:
            self._print_summary(summary)

    def _print_summary(self, summary: DemoSummary) -> None:
        self.stdout.write(
            f"Demo community ready in {summary.seconds:.1f} s "
            f"(seed {summary.seed}, ages on {summary.today:%Y-%m-%d})."
        )
        bands = list(summary.stations[0].bands) if summary.stations else []
        header = ["station", "active", "moved", "deceased", "migratory", *bands, ""]
        self.stdout.write("  ".join(f"{h:>9}" for h in header).rstrip())
        for row in summary.stations:
            note = "(had elders; kept)" if row.kept else ""
            cells = [
                row.code,
                row.active,
                row.moved,
                row.deceased,
                row.migratory,
                *row.bands.values(),
                note,
            ]
            self.stdout.write("  ".join(f"{c:>9}" for c in cells).rstrip())
        self._print_history(summary)
        self._print_casework(summary)
        self._print_collective(summary)
        if summary.projects is not None:
            p = summary.projects
            self.stdout.write(f"Service projects: {p.projects} ({p.indicators} indicators: "
                              f"{p.on_track} on track, {p.behind} behind)")  # fmt: skip
        self.stdout.write("Run `linli demo --logins` for the demo accounts.")

    def _print_history(self, summary: DemoSummary) -> None:
        """A line of counts per station whose contact history was generated now."""
        loaded = [row for row in summary.stations if row.history is not None]
        if loaded:
            self.stdout.write(f"A year of contact history in {summary.history_seconds:.1f} s:")
        for row in loaded:
            h = row.history
            self.stdout.write(
                f"  {row.code}: {h.contacts:,} contacts, {h.alerts_open} open alerts, "
                f"{h.tasks_open} open tasks, {h.emergencies} past emergency"
            )
            for username, day in h.days.items():
                self.stdout.write(
                    f"    {username}'s day: {day['overdue']} overdue, {day['due_today']} due "
                    f"today, {day['due_week']} due later this week"
                )

    def _print_casework(self, summary: DemoSummary) -> None:
        """Partners, cases, referrals, goods and requests per station that got them now."""
        for row in summary.stations:
            c = row.casework
            if c is None:
                continue
            p = c.partners
            self.stdout.write(
                f"Case work at {row.code} in {c.seconds:.1f} s: {p.partners} partners "
                f"({p.people} people, {p.agreements} agreements, {p.expired} expired)"
            )
            self.stdout.write(f"  {sum(c.cases.values())} cases: {_counts(c.cases)}; "
                              f"{c.restricted} restricted, {c.stuck} stuck, "
                              f"{c.closing_requested} awaiting approval, "
                              f"{c.closing_returned} returned")  # fmt: skip
            self.stdout.write(f"  {sum(p.referrals.values())} referrals: {_counts(p.referrals)}; "
                              f"{p.awaiting} awaiting an answer > 7 days")  # fmt: skip
            stock = ", ".join(f"{item} {left}" for item, left in p.stock.items())
            self.stdout.write(f"  goods: {p.receipts} receipts, {p.distributions} given out; "
                              f"in stock: {stock}")  # fmt: skip
            self.stdout.write(f"  {sum(c.requests.values())} service requests: "
                              f"{_counts(c.requests)}; {c.requests_overdue} overdue, "
                              f"{c.helpers} helper profiles")  # fmt: skip

    def _print_collective(self, summary: DemoSummary) -> None:
        """Activities, groups and volunteers per station that got them now."""
        for row in summary.stations:
            a, g, v = row.activities, row.groups, row.volunteers
            if a is not None:
                self.stdout.write(
                    f"Activities at {row.code}: {a.activities} ({a.held} held, {a.cancelled} "
                    f"cancelled, {a.planned} planned); last ten months "
                    f"{a.person_times_ten_months:,} person-times, "
                    f"{a.unique_persons_ten_months:,} persons; {a.feedback} feedback forms"
                )
            if g is not None:
                self.stdout.write(
                    f"  {g.groups} groups: {g.members} members ({g.dropouts} left), "
                    f"{g.sessions} sessions, {g.measures} outcome measures"
                )
            if v is not None:
                self.stdout.write(
                    f"  {v.volunteers} volunteers ({v.elder_volunteers} elders) in {v.teams} "
                    f"teams, {v.pairings_open} open pairings, {v.visits} pairing visits, "
                    f"{v.hours_confirmed} confirmed hours"
                )

    def _print_logins(self, *, as_json: bool) -> None:
        logins = demo_logins()
        if as_json:
            rows = [dict(dataclasses.asdict(login), password=DEMO_PASSWORD) for login in logins]
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for login in logins:
            self.stdout.write(f"  {login.username:<16} {login.role:<10} {login.where}")


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} {n}" for key, n in counts.items() if n)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None
