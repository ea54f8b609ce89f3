from django.urls import path

from tidtam.common import views

app_name = "common"
urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("health/", views.health, name="health"),
    path("ui/", views.ui_components, name="ui"),
]
