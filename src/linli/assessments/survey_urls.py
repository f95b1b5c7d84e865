from django.urls import path

from . import survey_views as views

app_name = "surveys"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("needs/", views.needs_profile, name="needs_profile"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/close/", views.campaign_close, name="close"),
    path("<int:pk>/paper/", views.paper, name="paper"),
    path("<int:pk>/analysis/", views.campaign_analysis, name="analysis"),
    path("<int:pk>/analysis.xlsx", views.campaign_analysis_xlsx, name="analysis_xlsx"),
]
