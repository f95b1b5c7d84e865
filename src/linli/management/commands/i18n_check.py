"""Fail when a message catalog has an untranslated or fuzzy entry."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Check that the zh_Hans and en catalogs translate every message."

    def handle(self, *args, **options):
        problems: list[str] = []
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                catalog = polib.pofile(str(po_path))
                for entry in catalog:
                    if entry.obsolete:
                        continue
                    if "fuzzy" in entry.flags:
                        problems.append(f"{po_path}: fuzzy: {entry.msgid!r}")
                    elif not _translated(entry):
                        problems.append(f"{po_path}: untranslated: {entry.msgid!r}")
        if problems:
            raise CommandError("\n".join(problems[:50]) + f"\n{len(problems)} problems.")
        self.stdout.write("All messages are translated.")


def _translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return all(value.strip() for value in entry.msgstr_plural.values())
    return bool(entry.msgstr.strip())
