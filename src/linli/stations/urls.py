from django.urls import path

from . import views

app_name = "stations"
urlpatterns = [
    path("switch/", views.switch_station, name="switch"),
]
