from django.urls import path

from . import calendar_views

app_name = "calendar"
urlpatterns = [
    path("", calendar_views.month_view, name="month"),
    path("birthdays/", calendar_views.birthdays_view, name="birthdays"),
    path("birthdays.xlsx", calendar_views.birthdays_xlsx, name="birthdays_xlsx"),
]
