from django.urls import path

from . import referral_views

app_name = "referrals"

urlpatterns = [
    path("", referral_views.referral_list, name="list"),
    path("new/", referral_views.referral_new, name="new"),
    path("<int:pk>/", referral_views.referral_detail, name="detail"),
    path("<int:pk>/status/", referral_views.referral_status, name="status"),
    path("<int:pk>/remind/", referral_views.referral_remind, name="remind"),
]
