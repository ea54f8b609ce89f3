from django.urls import path

from tidtam.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("logout-everywhere/", views.logout_everywhere, name="logout_everywhere"),
    path("me/", views.my_account, name="me"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("users/", views.user_list, name="users"),
    path("users/<int:pk>/", views.user_grants, name="user_grants"),
    path("grants/<int:pk>/revoke/", views.grant_revoke, name="grant_revoke"),
]
