from django.urls import path

from tidtam.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_list, name="index"),
    path("export.xlsx", views.audit_export, name="export"),
    path("<str:app_label>/<str:model>/<str:pk>/history/", views.object_history, name="history"),
]
