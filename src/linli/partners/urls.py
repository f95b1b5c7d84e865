from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.partner_new, name="new"),
    path("<int:pk>/", views.partner_detail, name="detail"),
    path("<int:pk>/edit/", views.partner_edit, name="edit"),
    path("<int:pk>/people/", views.person_add, name="person_add"),
    path("<int:pk>/agreements/", views.agreement_add, name="agreement_add"),
]
