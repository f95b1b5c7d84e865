from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("norms/", views.case_norms, name="norms"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/assessment/", views.case_assessment, name="assessment"),
    path("<int:pk>/plan/", views.case_plan, name="plan"),
    path("<int:pk>/notes/", views.case_note, name="note"),
    path("<int:pk>/goals/<int:goal_pk>/evaluate/", views.case_evaluate, name="evaluate"),
    path("<int:pk>/move/", views.case_move, name="move"),
    path("<int:pk>/refer/", views.case_refer, name="refer"),
    path("<int:pk>/close/request/", views.case_request_close, name="request_close"),
    path("<int:pk>/close/approve/", views.case_approve_close, name="approve_close"),
    path("<int:pk>/close/return/", views.case_return_close, name="return_close"),
    path("<int:pk>/supervision/", views.case_supervision, name="supervision"),
]
