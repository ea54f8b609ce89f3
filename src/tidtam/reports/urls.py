from django.urls import path

from tidtam.reports import views

app_name = "reports"
urlpatterns = [
    path("progress/<str:code>/", views.progress, name="progress"),
    path("jobs/", views.job_list, name="jobs"),
    path("jobs/new/", views.job_new, name="job_new"),
    path("jobs/new/kpi/", views.job_new_kpi, name="job_new_kpi"),
    path("jobs/new/budget-status/", views.job_new_budget_status, name="job_new_budget_status"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path("templates/<int:pk>/", views.template_upload, name="template_upload"),
]
