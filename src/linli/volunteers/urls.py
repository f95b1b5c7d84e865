from django.urls import path

from . import views

app_name = "volunteers"

urlpatterns = [
    path("", views.index, name="list"),
    path("new/", views.volunteer_new, name="new"),
    path("<int:pk>/", views.volunteer_detail, name="detail"),
    path("<int:pk>/edit/", views.volunteer_edit, name="edit"),
    path("<int:pk>/trainings/", views.training_add, name="training_add"),
    path("<int:pk>/hours/", views.hours_add, name="hours_add"),
    path("<int:pk>/redemptions/", views.redemption_add, name="redemption_add"),
    path("pairings/<int:pk>/end/", views.pairing_end, name="pairing_end"),
    path("teams/", views.teams, name="teams"),
    path("teams/<int:pk>/members/", views.team_member, name="team_member"),
    path("hours/", views.hours_queue, name="hours"),
    path("hours/<int:pk>/confirm/", views.hours_confirm, name="hours_confirm"),
    path("recognition/", views.recognition, name="recognition"),
    path("export/", views.export, name="export"),
    path("pair/", views.pair, name="pair"),
    path("me/", views.me, name="me"),
    path("me/pairings/<int:pk>/visit/", views.me_visit, name="me_visit"),
]
