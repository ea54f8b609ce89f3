"""The URL map: one include per app, so every page lives under its domain's prefix."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("tidtam.common.urls")),
    path("accounts/", include("tidtam.accounts.urls")),
    path("areas/", include("tidtam.areas.urls")),
    path("organisations/", include("tidtam.organisations.urls")),
    path("audit/", include("tidtam.audit.urls")),
    path("notifications/", include("tidtam.notifications.urls")),
    path("projects/", include("tidtam.projects.urls")),
    path("finance/", include("tidtam.finance.urls")),
    path("results/", include("tidtam.results.urls")),
    path("reports/", include("tidtam.reports.urls")),
    path("imports/", include("tidtam.imports.urls")),
    path("quality/", include("tidtam.quality.urls")),
    path("news/", include("tidtam.news.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
