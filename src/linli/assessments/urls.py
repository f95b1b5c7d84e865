from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("", views.index, name="index"),
    path("instruments/<slug:code>/", views.instrument_detail, name="instrument"),
    path("instruments/<slug:code>/yaml", views.instrument_source, name="instrument_source"),
    path("questionnaires/upload/", views.questionnaire_upload, name="upload"),
    path("risk/", views.risk_rules, name="risk_rules"),
    path("elders/<int:pk>/", views.elder_assessments, name="elder"),
    path("elders/<int:pk>/new/<slug:code>/", views.assessment_new, name="new"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/edit/", views.assessment_edit, name="edit"),
    path("<int:pk>/discard/", views.assessment_discard, name="discard"),
]
