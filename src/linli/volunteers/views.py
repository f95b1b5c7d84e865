"""Pages of volunteers (being built)."""

from __future__ import annotations

from django.shortcuts import render

from linli.stations.decorators import station_required


@station_required("edit_elders")
def index(request):
    return render(request, "volunteers/list.html", {})
