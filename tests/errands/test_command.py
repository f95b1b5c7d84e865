"""`linli requests overdue`: one alert per overdue request, once; JSON; unknown station."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from linli.errands.models import OverdueAlert

from .factories import elder, raise_request

H = dt.timedelta(hours=1)


@pytest.fixture
def overdue(world):
    """Zhuoda: one urgent request nobody took for three hours, one normal one not due yet;
    Wangcheng: one urgent request overdue too."""
    now = timezone.now()
    urgent = raise_request(world, elder(world, name="赵紧急"), urgency="urgent",
                           raised_at=now - 3 * H, needed_by=now + 5 * H)  # fmt: skip
    raise_request(world, elder(world, name="钱不急"), raised_at=now - 3 * H,
                  needed_by=now + 20 * H)  # fmt: skip
    raise_request(world, elder(world, "wangcheng", name="孙望城"), station="wangcheng",
                  urgency="urgent", raised_at=now - 3 * H, needed_by=now + 5 * H)  # fmt: skip
    return urgent


def run(*args) -> str:
    out = StringIO()
    call_command("requests", "overdue", *args, stdout=out)
    return out.getvalue()


def test_alerts_are_raised_once(world, overdue):
    assert run("--station", "zhuoda") == "zhuoda: 1 new overdue alerts (1 unresolved)\n"
    assert list(OverdueAlert.objects.values_list("request_id", flat=True)) == [overdue.pk]
    assert run("--station", "zhuoda") == "zhuoda: 0 new overdue alerts (1 unresolved)\n"
    assert OverdueAlert.objects.count() == 1


def test_every_station_by_default_as_json(world, overdue):
    first = json.loads(run("--json"))
    assert first["stations"] == {
        "wangcheng": {"raised": 1, "open": 1},
        "zhuoda": {"raised": 1, "open": 1},
    }
    assert dt.datetime.fromisoformat(first["at"]).tzinfo is not None
    second = json.loads(run("--json"))
    assert {code: row["raised"] for code, row in second["stations"].items()} == {
        "wangcheng": 0,
        "zhuoda": 0,
    }


def test_an_unknown_station_exits_2(world, overdue):
    with pytest.raises(CommandError) as caught:
        run("--station", "nowhere")
    assert caught.value.returncode == 2
    assert OverdueAlert.objects.count() == 0
