"""Fill the lunar birth date of elders recorded before it was kept, in batches.

lunar-python is called directly (not linli.lib.lunar) so that this migration keeps working
whatever later becomes of the helpers.
"""

from django.db import migrations

BATCH = 1000


def lunar_of(day):
    from lunar_python import Solar

    lunar = Solar.fromYmd(day.year, day.month, day.day).getLunar()
    return abs(lunar.getMonth()), lunar.getDay(), lunar.getMonth() < 0


def fill(apps, schema_editor):
    Elder = apps.get_model("elders", "Elder")
    rows = Elder.objects.filter(birth_date__isnull=False, lunar_birth_month__isnull=True)
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last).order_by("pk").only("pk", "birth_date")[:BATCH])
        if not batch:
            return
        for elder in batch:
            month, day, leap = lunar_of(elder.birth_date)
            elder.lunar_birth_month, elder.lunar_birth_day, elder.lunar_birth_leap = month, day, leap
        Elder.objects.bulk_update(
            batch, ["lunar_birth_month", "lunar_birth_day", "lunar_birth_leap"]
        )
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("elders", "0004_lunar_birth_date"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
