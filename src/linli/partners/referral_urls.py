from django.urls import path

from . import referral_views

app_name = "referrals"

urlpatterns = [
    path("", referral_views.referral_list, name="list"),
]
