"""Pages that belong to no single domain: home, about, health."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Show the signed-in person's start page."""
    return render(request, "common/home.html", {"today": timezone.localdate()})


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    """Show what Tidtam is, its version and the credits of the data it ships."""
    return render(request, "common/about.html")


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Answer a load balancer: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
