import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from linli.followups.models import Plan
from tests.conftest import add_elder

pytestmark = pytest.mark.django_db


def test_replan_picks_up_an_elder_who_turned_80(world, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(2026, 11, 23))
    elder = add_elder(world, "zhuoda", name="张三", birth_date=dt.date(1946, 11, 24))
    assert not elder.plans.exists()  # 79 on 23 November 2026: no rule applies
    # The day after the birthday: the nightly run plans a monthly call.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(2026, 11, 24))
    out = io.StringIO()
    call_command("followups", "replan", "--station", "zhuoda", "--json", stdout=out)
    assert json.loads(out.getvalue())["plans"] == {"zhuoda": 1}
    assert Plan.objects.get(elder=elder).rule_code == "monthly_call"


def test_unknown_station_is_an_error(world):
    with pytest.raises(CommandError):
        call_command("followups", "replan", "--station", "nowhere")
