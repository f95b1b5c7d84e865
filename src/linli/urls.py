from django.contrib import admin
from django.urls import include, path

from linli import views
from linli.api.api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("linli.accounts.urls")),
    path("stations/", include("linli.stations.urls")),
    path("elders/", include("linli.elders.urls")),
    path("followups/", include("linli.followups.urls")),
    path("followups/station/", include("linli.followups.head_urls")),
    path("calendar/", include("linli.followups.calendar_urls")),
    path("assessments/surveys/", include("linli.assessments.survey_urls")),
    path("assessments/", include("linli.assessments.urls")),
    path("requests/", include("linli.errands.urls")),
    path("partners/", include("linli.partners.urls")),
    path("cases/", include("linli.cases.urls")),
    path("referrals/", include("linli.partners.referral_urls")),
    path("goods/", include("linli.partners.goods_urls")),
    path("groups/", include("linli.groupwork.urls")),
    path("activities/", include("linli.activities.urls")),
    path("volunteers/", include("linli.volunteers.urls")),
    path("dashboard/", include("linli.reports.dashboard_urls")),
    path("projects/", include("linli.reports.project_urls")),
    path("reports/", include("linli.reports.report_urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
