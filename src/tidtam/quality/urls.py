from django.urls import path

from tidtam.quality import views

app_name = "quality"

urlpatterns = [
    path("", views.index, name="index"),
    path("table-audit/", views.table_audit, name="table_audit"),
]
