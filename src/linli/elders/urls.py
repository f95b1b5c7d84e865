from django.urls import path

from . import views

app_name = "elders"
urlpatterns = [
    path("", views.elder_list, name="list"),
    path("new/", views.elder_create, name="create"),
    path("export.xlsx", views.elder_export, name="export"),
    path("import/", views.roster_upload, name="import"),
    path("import/apply/", views.roster_apply, name="import_apply"),
    path("import/report/<str:kind>.xlsx", views.roster_report, name="import_report"),
    path("<int:pk>/", views.elder_detail, name="detail"),
    path("<int:pk>/edit/", views.elder_edit, name="edit"),
    path("<int:pk>/consent/", views.consent_add, name="consent_add"),
    path(
        "<int:pk>/consent/<int:consent_pk>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
]
