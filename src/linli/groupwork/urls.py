from django.urls import path

from . import views

app_name = "groupwork"

urlpatterns = [
    path("", views.index, name="list"),
]
