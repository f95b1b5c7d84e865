from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from linli.stations.selectors import stations_in_regions


def home(request):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if request.station is not None:
        return redirect("followups:day")
    stations = stations_in_regions(request.user).order_by("name").only("name")
    return render(request, "home.html", {"region_stations": stations})


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True}) if request.GET.get("json") else HttpResponse("ok")
