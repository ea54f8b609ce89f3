from django.urls import path

from tidtam.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="index"),
    path("new/", views.organisation_create, name="create"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="edit"),
    path("<int:pk>/members/add/", views.membership_add, name="membership_add"),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path("memberships/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("people/", views.person_list, name="people"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
]
