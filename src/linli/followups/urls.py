from django.urls import path

from . import views

app_name = "followups"
urlpatterns = [
    path("", views.day, name="day"),
    path("elders/<int:pk>/contact/", views.contact_new, name="contact"),
    path("elders/<int:pk>/quick/", views.quick_log, name="quick"),
    path("elders/<int:pk>/cadence/", views.cadence_override, name="override"),
    path("elders/<int:pk>/cadence/clear/", views.cadence_override_clear, name="override_clear"),
    path("tasks/<int:pk>/finish/", views.task_finish, name="task_finish"),
    path("alerts/<int:pk>/resolve/", views.alert_resolve, name="alert_resolve"),
]
