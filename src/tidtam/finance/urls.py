from django.urls import path

from tidtam.finance import views

app_name = "finance"
urlpatterns = [
    path("", views.index, name="index"),
    path("programmes/<str:code>/", views.programme, name="programme"),
    path("programmes/<str:code>/budget-status/", views.budget_status, name="budget_status"),
    path("programmes/<str:code>/frames/", views.frames, name="frames"),
    path("committees/<int:pk>/", views.committee_detail, name="committee"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("projects/<int:pk>/", views.project_finance, name="project"),
]
