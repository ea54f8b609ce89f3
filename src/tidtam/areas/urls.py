from django.urls import path

from tidtam.areas import views

app_name = "areas"
urlpatterns = [
    path("", views.area_index, name="index"),
    path("provinces/<str:code>/", views.province_detail, name="province"),
    path("districts/<str:code>/", views.district_detail, name="district"),
    path("subdistricts/<str:code>/", views.subdistrict_detail, name="subdistrict"),
    path("communities/", views.community_list, name="communities"),
    path("communities/new/", views.community_create, name="community_create"),
    path("communities/<int:pk>/", views.community_detail, name="community_detail"),
    path("communities/<int:pk>/edit/", views.community_edit, name="community_edit"),
    path("picker/districts/", views.district_options, name="district_options"),
    path("picker/subdistricts/", views.subdistrict_options, name="subdistrict_options"),
    path("picker/municipalities/", views.municipality_options, name="municipality_options"),
]
