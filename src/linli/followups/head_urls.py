from django.urls import path

from . import head_views as views

app_name = "followups_head"
urlpatterns = [
    path("coverage/", views.coverage, name="coverage"),
    path("overdue.xlsx", views.overdue_export, name="overdue_export"),
    path("rules/", views.rules, name="rules"),
    path("rules/v<int:version>/", views.rules_version, name="rules_version"),
    path("caseload/", views.caseload, name="caseload"),
    path("caseload/assign/", views.caseload_assign, name="caseload_assign"),
    path("caseload/rebalance/", views.caseload_rebalance, name="caseload_rebalance"),
    path("emergencies/", views.emergency_list, name="emergencies"),
    path("emergencies/new/", views.emergency_open, name="emergency_open"),
    path("emergencies/<int:pk>/", views.emergency_board, name="emergency"),
    path("emergencies/<int:pk>/close/", views.emergency_close, name="emergency_close"),
]
