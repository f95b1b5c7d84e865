"""The demo's volunteers on a small station: valid by the services' own rules, deterministic,
dated in the past, pairings mirrored exactly on Elder.volunteers."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from linli.demo.activities import station_activities_create
from linli.demo.volunteers import station_volunteers_create, volunteer_counts
from linli.elders.models import Elder
from linli.followups.models import Contact
from linli.volunteers.models import HoursEntry, Pairing, Redemption, Team, Volunteer
from linli.volunteers.selectors import balance
from tests.demo.test_demo_assessments import TODAY, small_station


def test_volunteers_demo_on_a_small_station(world):
    station = world["zhuoda"]
    small_station(world, count=60)
    station_activities_create(station=station, seed=5, today=TODAY)
    counts = station_volunteers_create(station=station, seed=5, today=TODAY)
    assert counts == volunteer_counts(station)
    assert counts.volunteers == 50 and 1 <= counts.elder_volunteers <= 17  # a third at most
    teams = Team.objects.filter(station=station)
    assert teams.count() == 5 and all(t.leader_id and t.members.filter(pk=t.leader_id).exists()
                                      for t in teams)  # fmt: skip
    for v in Volunteer.objects.filter(station=station, elder__isnull=False).select_related("elder"):
        assert v.name == v.elder.name and v.elder.station_id == station.pk
    own = Volunteer.objects.get(user__username="zhuoda-vol1")
    assert own.station_id == station.pk
    # open pairings of the account are exactly what the registry lets it see
    open_elders = set(Pairing.objects.filter(volunteer=own, ended_on__isnull=True)
                      .values_list("elder_id", flat=True))  # fmt: skip
    mirrored = set(Elder.volunteers.through.objects.filter(user=own.user)
                   .values_list("elder_id", flat=True))  # fmt: skip
    assert open_elders == mirrored
    assert counts.pairings_open >= 8 and counts.pairings_ended == 2
    assert (
        counts.visits > 0
        and counts.visits
        == Contact.objects.filter(
            station=station, kind="visit", volunteer_hours__isnull=False
        ).count()
    )
    assert counts.hours_unconfirmed > 0 and counts.hours_confirmed > 0
    assert {"pairing", "training", "other", "activity"} <= set(counts.by_source)
    helped = HoursEntry.objects.filter(station=station, source="activity").select_related(
        "activity"
    )
    assert all(h.activity.status == "held" and h.activity.station_id == station.pk for h in helped)
    assert not HoursEntry.objects.filter(station=station, on__gt=TODAY).exists()
    assert not Contact.objects.filter(station=station, at__date__gt=TODAY).exists()
    for v in Volunteer.objects.filter(station=station):
        assert balance(v) >= 0
    redeemed = Redemption.objects.filter(station=station).aggregate(t=Sum("hours"))["t"]
    assert counts.redemptions == 0 or redeemed > Decimal(0)
    # deterministic: the same seed gives the same people and hours
    first = list(Volunteer.objects.filter(station=station).order_by("id")
                 .values_list("name", "skills", "languages"))  # fmt: skip
    Volunteer.objects.filter(station=station).delete()
    Team.objects.filter(station=station).delete()
    Contact.objects.filter(station=station, kind="visit").delete()
    Elder.volunteers.through.objects.all().delete()
    again = station_volunteers_create(station=station, seed=5, today=TODAY)
    assert list(Volunteer.objects.filter(station=station).order_by("id")
                .values_list("name", "skills", "languages")) == first  # fmt: skip
    assert again.hours_entries == counts.hours_entries
