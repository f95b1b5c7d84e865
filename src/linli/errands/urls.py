from django.urls import path

from . import views

app_name = "errands"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_new, name="new"),
    path("stats/", views.request_stats, name="stats"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/dispatch/", views.request_dispatch, name="dispatch"),
    path("<int:pk>/confirm/", views.request_confirm, name="confirm"),
    path("<int:pk>/cancel/", views.request_cancel, name="cancel"),
    path("<int:pk>/done/", views.request_done, name="done"),
    path("mine/", views.my_requests, name="mine"),
    path("mine/<int:pk>/<slug:step>/", views.my_request_step, name="step"),
]
