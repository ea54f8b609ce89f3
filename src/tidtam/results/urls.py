"""URLs of the results area, mounted at /results/."""

from django.urls import path

from tidtam.results import views

app_name = "results"
urlpatterns = [
    path("", views.index, name="index"),
    path("indicators/", views.indicator_list, name="indicators"),
    path("indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/targets/", views.indicator_targets, name="indicator_targets"),
    path("entry/", views.result_entry, name="entry"),
    path("review/", views.review_list, name="review"),
    path("review/<int:pk>/approve/", views.result_approve, name="result_approve"),
    path("review/<int:pk>/return/", views.result_return, name="result_return"),
    path("review/<int:pk>/unlock/", views.result_unlock, name="result_unlock"),
    path("import/", views.import_upload, name="import"),
    path("import/template.csv", views.import_template, name="import_template"),
    path("kpi/", views.kpi_report, name="kpi"),
    path("kpi/explain/<int:pk>/", views.kpi_explain, name="kpi_explain"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/region/", views.dashboard_region, name="dashboard_region"),
    path("dashboard/data/<slug:chart>.csv", views.dashboard_csv, name="dashboard_csv"),
]
