from django.urls import path

from tidtam.news import views

app_name = "news"
urlpatterns = [
    path("", views.post_list, name="index"),
    path("new/", views.post_create, name="create"),
    path("<int:pk>/", views.post_detail, name="detail"),
    path("<int:pk>/edit/", views.post_edit, name="edit"),
    path("public/<int:pk>/", views.public_detail, name="public"),
    path("photos/<int:pk>/<str:variant>/", views.photo, name="photo"),
    path("feed/", views.PublicFeed(), name="feed"),
]
