"""Pages that belong to no single domain: home, about, health, the UI component sheet."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tidtam.common.forms import ComponentsDemoForm


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Show the signed-in person's start page."""
    return render(request, "common/home.html", {"today": timezone.localdate()})


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    """Show what Tidtam is, its version and the credits of the data it ships."""
    return render(request, "common/about.html")


@login_required
@require_GET
def ui_components(request: HttpRequest) -> HttpResponse:
    """Show every UI component on one page (docs/ui.md), for people who build pages."""
    form = ComponentsDemoForm(request.GET or None)
    if request.GET:
        form.is_valid()
    colours = {"green": _("Green"), "yellow": _("Yellow"), "red": _("Red")}
    rows = [
        ("เชียงใหม่", dt.date(2021, 2, 15), "1240000", "868000", "85.50", "green"),
        ("ลำปาง", dt.date(2021, 3, 10), "380270.50", "266000", "62.00", "yellow"),
        ("นครสวรรค์", dt.date(2021, 4, 19), "90000", "0", "12.25", "red"),
    ]
    table = [
        {
            "name": name,
            "approved_on": approved_on,
            "approved": Decimal(approved),
            "tranche": Decimal(tranche),
            "remaining": Decimal(approved) - Decimal(tranche),
            "percent": Decimal(percent),
            "colour": colour,
            "colour_label": colours[colour],
        }
        for name, approved_on, approved, tranche, percent, colour in rows
    ]
    total = sum((Decimal(approved) for _n, _d, approved, *_rest in rows), Decimal(0))
    return render(request, "common/ui.html", {"form": form, "rows": table, "total": total})


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Answer a load balancer: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
