"""Sign in and out, my account, and the administrators' users-and-grants pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tidtam.accounts import access, services
from tidtam.accounts.access import Action
from tidtam.accounts.forms import GrantForm, LoginForm
from tidtam.accounts.models import Grant, User


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
        services.account_logout_everywhere(request.user)  # type: ignore[arg-type]
        logout(request)
        messages.success(request, _("You have been signed out on every device."))
        return redirect("accounts:login")
    return render(request, "accounts/logout_everywhere.html")


@login_required
@require_GET
def my_account(request: HttpRequest) -> HttpResponse:
    """Show the signed-in person's account and grants."""
    grants = Grant.objects.filter(user_id=request.user.pk or 0).select_related(
        "region", "province", "district", "subdistrict", "organisation"
    )
    return render(request, "accounts/my_account.html", {"grants": grants})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change my password (the configured strength rules apply); other sessions stay signed in."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:me")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        messages.success(self.request, gettext_lazy("Your password has been changed."))
        return response


def _require_administrator(request: HttpRequest) -> None:
    if not access.is_administrator(request.user):
        raise PermissionDenied


@login_required
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    """List every account with its grants (administrators only)."""
    _require_administrator(request)
    users = User.objects.order_by("username").prefetch_related(
        "grants__region", "grants__province", "grants__organisation"
    )
    return render(request, "accounts/user_list.html", {"users": users})


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(User, Action.CHANGE, methods=("GET", "POST"))
def user_grants(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one account's grants and give it a new one (administrators only)."""
    account = access.get_object_or_404(request.user, User, Action.CHANGE, pk=pk)
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        scope = {name: form.cleaned_data.get(name) for name in Grant.SCOPE_FIELDS}
        services.grant_create(
            by=request.user,  # type: ignore[arg-type]
            user=account,
            role=form.cleaned_data["role"],
            **{k: v for k, v in scope.items() if v is not None},
        )
        messages.success(request, _("The grant has been added."))
        return redirect("accounts:user_grants", pk=account.pk)
    grants = Grant.objects.filter(user=account).select_related(
        "region", "province", "district", "subdistrict", "organisation", "granted_by"
    )
    return render(
        request, "accounts/user_grants.html", {"account": account, "grants": grants, "form": form}
    )


@login_required
@require_POST
@access.object_view(Grant, Action.CHANGE, methods=("POST",))
def grant_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a grant away (administrators only)."""
    grant = access.get_object_or_404(request.user, Grant, Action.CHANGE, pk=pk)
    user_pk = grant.user_id
    services.grant_revoke(by=request.user, grant=grant)  # type: ignore[arg-type]
    access.forget(request.user)
    messages.success(request, _("The grant has been removed."))
    return redirect("accounts:user_grants", pk=user_pk)
