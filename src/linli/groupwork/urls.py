from django.urls import path

from . import views

app_name = "groupwork"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("new/", views.group_new, name="new"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/edit/", views.group_edit, name="edit"),
    path("<int:pk>/members/", views.member_add, name="member_add"),
    path("<int:pk>/members/leave/", views.member_leave, name="member_leave"),
    path("<int:pk>/end/", views.group_end, name="end"),
    path("<int:pk>/sessions/new/", views.session_new, name="session_new"),
    path("<int:pk>/sessions/<int:number>/", views.session_edit, name="session_edit"),
    path("<int:pk>/outcome/", views.group_outcome, name="outcome"),
    path("<int:pk>/measures/", views.measure_attach, name="measure_attach"),
]
