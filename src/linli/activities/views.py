"""Pages of activities (being built)."""

from __future__ import annotations

from django.shortcuts import render

from linli.stations.decorators import station_required


@station_required("edit_elders")
def index(request):
    return render(request, "activities/list.html", {})
