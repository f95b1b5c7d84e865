"""Funder reports, mounted at /reports/."""

from django.urls import path

from . import report_views as views

app_name = "reports"

urlpatterns = [
    path("<int:pk>/<slug:kind>/", views.report_view, name="view"),
    path("<int:pk>/<slug:kind>/xlsx/", views.report_xlsx, name="xlsx"),
    path("<int:pk>/<slug:kind>/docx/", views.report_docx, name="docx"),
]
