from django.urls import path

from . import actions, views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("norms/", views.case_norms, name="norms"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/assessment/", actions.case_assessment, name="assessment"),
    path("<int:pk>/plan/", actions.case_plan, name="plan"),
    path("<int:pk>/notes/", actions.case_note, name="note"),
    path("<int:pk>/goals/<int:goal_pk>/evaluate/", actions.case_evaluate, name="evaluate"),
    path("<int:pk>/move/", actions.case_move, name="move"),
    path("<int:pk>/refer/", actions.case_refer, name="refer"),
    path("<int:pk>/close/request/", actions.case_request_close, name="request_close"),
    path("<int:pk>/close/approve/", actions.case_approve_close, name="approve_close"),
    path("<int:pk>/close/return/", actions.case_return_close, name="return_close"),
    path("<int:pk>/supervision/", actions.case_supervision, name="supervision"),
]
