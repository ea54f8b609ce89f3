"""Sign in, sign out, sign out everywhere."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tidtam.accounts.forms import LoginForm
from tidtam.accounts.services import account_logout_everywhere


class LoginView(auth_views.LoginView):
    """Show the sign-in page."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Sign out of this browser (POST only)."""


@login_required
@require_http_methods(["GET", "POST"])
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    """Confirm, then end every session of the signed-in person on every device."""
    if request.method == "POST":
        account_logout_everywhere(request.user)  # type: ignore[arg-type]
        logout(request)
        messages.success(request, _("ออกจากระบบทุกอุปกรณ์แล้ว"))
        return redirect("accounts:login")
    return render(request, "accounts/logout_everywhere.html")
