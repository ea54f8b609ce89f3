from django.urls import path

from tidtam.quality import views

app_name = "quality"

urlpatterns = [
    path("", views.index, name="index"),
]
