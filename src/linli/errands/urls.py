from django.urls import path

from . import views

app_name = "errands"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("mine/", views.my_requests, name="mine"),
    path("mine/<int:pk>/<slug:step>/", views.my_request_step, name="step"),
]
