"""Funded projects and their indicators, mounted at /projects/."""

from django.urls import path

from . import project_views as views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_new, name="new"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/indicators/", views.indicator_add, name="indicator_add"),
    path("<int:pk>/indicators/<int:iid>/remove/", views.indicator_remove, name="indicator_remove"),
    path("<int:pk>/indicators/<int:iid>/records/", views.indicator_records, name="records"),
]
