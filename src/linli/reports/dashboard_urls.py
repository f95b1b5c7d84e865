from django.urls import path

from . import dashboard_views

app_name = "dashboard"

urlpatterns = [
    path("", dashboard_views.station, name="station"),
    path("region/", dashboard_views.region, name="region"),
]
