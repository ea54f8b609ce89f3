"""The notifications page: the signed-in user's own notifications, open one, "mark all read"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from tidtam.accounts.access import no_object_view
from tidtam.notifications.selectors import notification_of, notifications_for
from tidtam.notifications.services import notification_mark_read


@login_required
@require_GET
@no_object_view("the signed-in user's own notifications")
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page_obj": page})


@login_required
@require_GET
@no_object_view("the signed-in user's own notification; anyone else's is a 404")
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's notifications read and go to the record it is about.

    The record's own page checks access again: a link never shows more than its page would.
    """
    notification = notification_of(request.user, pk)
    notification_mark_read(request.user, [notification.pk])
    if url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) and notification.url.startswith("/"):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
@no_object_view("the signed-in user's own notifications")
def notification_read_all(request: HttpRequest) -> HttpResponse:
    notification_mark_read(request.user)
    return redirect("notifications:list")
