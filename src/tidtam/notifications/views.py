"""The notifications page: the signed-in user's own notifications, and "mark all read"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tidtam.accounts.access import no_object_view
from tidtam.notifications.selectors import notifications_for
from tidtam.notifications.services import notification_mark_read


@login_required
@no_object_view("the signed-in user's own notifications")
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page_obj": page})


@login_required
@require_POST
@no_object_view("the signed-in user's own notifications")
def notification_read_all(request: HttpRequest) -> HttpResponse:
    notification_mark_read(request.user)
    return redirect("notifications:list")
