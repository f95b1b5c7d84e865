"""More of the staff's request pages: a request from an emergency check-in, and templates that
a strict Content-Security-Policy can serve."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.urls import reverse
from django.utils import timezone

import linli.errands
from linli.errands.models import ServiceRequest
from linli.followups import services as followup_services
from linli.followups.emergencies import emergency_open

from .factories import elder

TEMPLATES = Path(linli.errands.__file__).parent / "templates" / "errands"


def test_a_check_in_during_an_emergency_links_the_emergency(world, client_for):
    sw1 = world["users"]["zhuoda-sw1"]
    storm = emergency_open(actor=world["users"]["zhuoda-head"], station=world["zhuoda"],
                           kind="typhoon", title="台风摩羯",
                           starts_on=timezone.localdate())  # fmt: skip
    wang = elder(world, name="王秀英")
    contact = followup_services.contact_log(
        actor=sw1, elder=wang, data={"kind": "call", "outcome": "reached", "emergency": storm}
    )
    url = reverse("errands:new") + f"?elder={wang.pk}&contact={contact.pk}"
    client = client_for("zhuoda-sw1")
    page = client.get(url).content.decode()
    assert 'value="emergency" class="chip-input" id="id_source_1" required checked' in page
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(url, {
        "type": "meals", "urgency": "urgent", "needed_day": f"{tomorrow:%Y-%m-%d}",
        "needed_time": "08:00", "source": "emergency",
    })  # fmt: skip
    assert response.status_code == 302
    row = ServiceRequest.objects.get()
    assert (row.contact_id, row.emergency_id, row.source) == (contact.pk, storm.pk, "emergency")


def test_templates_carry_no_inline_code():
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template.name
        assert not re.search(r"\sstyle=|\son[a-z]+=", text), template.name
