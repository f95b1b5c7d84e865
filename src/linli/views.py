from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render


def home(request):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if request.station is not None:
        return redirect("elders:list")
    return render(request, "home.html")


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True}) if request.GET.get("json") else HttpResponse("ok")
