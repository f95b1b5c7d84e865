from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_new, name="new"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/held/", views.activity_status, {"status": "held"}, name="held"),
    path("<int:pk>/cancel/", views.activity_status, {"status": "cancel"}, name="cancel"),
    path("<int:pk>/sign-ups/", views.sign_up, name="sign_up"),
    path("<int:pk>/sign-in/", views.sign_in, name="sign_in"),
    path("<int:pk>/walk-in/", views.walk_in, name="walk_in"),
    path(
        "<int:pk>/attendance/<int:row>/remove/", views.attendance_remove, name="attendance_remove"
    ),  # fmt: skip
    path("<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("<int:pk>/feedback/", views.feedback_entry, name="feedback_entry"),
    path("<int:pk>/sheet/", views.sheet, name="sheet"),
    path("qr/<str:token>/", views.qr_sign_in, name="qr"),
    path("feedback/<str:token>/", views.feedback_qr, name="feedback_qr"),
]
