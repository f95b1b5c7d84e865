"""update_rows writes exactly the named fields of each object, JSON and dates included."""

import datetime as dt

from django.utils import timezone

from linli.elders.models import Elder
from linli.lib.bulk import update_rows
from tests.conftest import add_elder


def test_update_rows_writes_the_named_fields_and_nothing_else(world):
    first = add_elder(world, "zhuoda", name="甲", birth_date=dt.date(1940, 1, 1))
    second = add_elder(world, "zhuoda", name="乙", birth_date=dt.date(1941, 1, 1))
    when = timezone.make_aware(dt.datetime(2026, 3, 1, 9, 30))
    first.risk_level, first.risk_reasons, first.risk_updated_at = "high", [{"rule": "x"}], when
    second.risk_level, second.risk_reasons, second.risk_updated_at = "low", [], when
    first.name = "改了但不写"
    assert update_rows([first, second], ["risk_level", "risk_reasons", "risk_updated_at"]) == 2
    got = {e.pk: e for e in Elder.objects.filter(pk__in=[first.pk, second.pk])}
    assert (got[first.pk].risk_level, got[first.pk].risk_reasons) == ("high", [{"rule": "x"}])
    assert got[first.pk].risk_updated_at == when and got[first.pk].name == "甲"
    assert (got[second.pk].risk_level, got[second.pk].risk_reasons) == ("low", [])


def test_update_rows_with_nothing_to_write(db):
    assert update_rows([], ["risk_level"]) == 0
