"""Pages of indicators, targets, results entry and review, the import, the KPI report and dashboards.

Thin views: load through ``tidtam.accounts.access``, validate a form, call one service or
selector, render. Numbers come only from ``selectors.kpi_report`` (itself on ``calculations``).
"""

from __future__ import annotations

import csv
import io
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import json_script
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tidtam.accounts import access
from tidtam.accounts.access import Action
from tidtam.areas.models import Region
from tidtam.audit.services import ReasonRequired
from tidtam.results import dataversion, formats, importing, selectors, services, sources
from tidtam.results.calculations import fmt
from tidtam.results.forms import (
    ImportForm,
    IndicatorForm,
    ResultForm,
    ReturnForm,
    TargetsForm,
    UnlockForm,
)
from tidtam.results.models import Indicator, Result, Target
from tidtam.results.report_cli import render as render_format

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json; charset=utf-8",
}


def _int(value: Any, default: int, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if low <= number <= high else default


def _period(request: HttpRequest) -> tuple[int, int]:
    """Return the fiscal year and quarter asked for, else the user's default (remembered)."""
    asked_year = _int(request.GET.get("fiscal_year"), 0, 2400, 2700)
    asked_quarter = _int(request.GET.get("quarter"), 0, 1, 4)
    if asked_year and asked_quarter:
        return asked_year, asked_quarter
    year, quarter = _cached(
        request,
        ("period", timezone.localdate()),
        lambda: selectors.default_period(request.user),
    )
    return asked_year or year, asked_quarter or quarter


def _cached(request: HttpRequest, parts: tuple[Any, ...], compute: Any) -> Any:
    """Return ``compute()``, remembered until the data the dashboards read changes
    (``tidtam.results.dataversion``), per reader's scope and language. The version is read
    once per request."""
    if not hasattr(request, "_results_data_version"):
        request._results_data_version = dataversion.current()  # type: ignore[attr-defined]
    version = request._results_data_version  # type: ignore[attr-defined]
    key = (
        None
        if version is None
        else (version, selectors.scope_key(request.user), translation.get_language(), *parts)
    )
    return dataversion.remember(key, compute)


def _may_manage(user: Any) -> bool:
    return access.may_anywhere(user, Action.MANAGE_INDICATORS)


def _messages_of(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


# --- hub and indicators -----------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Show the results area: the report, the dashboards, the indicators and what waits for review."""
    fiscal_year, quarter = _period(request)
    return render(
        request,
        "results/index.html",
        {
            "fiscal_year": fiscal_year,
            "quarter": quarter,
            "may_manage": _may_manage(request.user),
            "may_enter": selectors.user_region_ids(request.user) != set()
            or _may_manage(request.user),
            "to_review": len(selectors.result_review_rows(request.user)),
        },
    )


@login_required
@require_GET
def indicator_list(request: HttpRequest) -> HttpResponse:
    """List the indicators the user may see, by code."""
    indicators = access.scoped(
        request.user,
        Indicator.objects.select_related("owner", "parent").order_by("sort_key", "code", "pk"),
    )
    return render(
        request,
        "results/indicator_list.html",
        {"indicators": list(indicators), "may_manage": _may_manage(request.user)},
    )


@login_required
@require_GET
@access.object_view(Indicator)
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one indicator: definition, targets by quarter and region, revisions, its year's numbers."""
    indicator = access.get_object_or_404(
        request.user, Indicator.objects.select_related("owner", "parent"), pk=pk
    )
    fiscal_year, quarter = _period(request)
    report = selectors.kpi_report(request.user, fiscal_year, quarter, indicator_ids=[pk])
    targets = list(
        Target.objects.filter(indicator=indicator, fiscal_year=fiscal_year)
        .select_related("region", "province")
        .prefetch_related("revisions")
        .order_by("region__order", "province_id", "quarter")
    )
    return render(
        request,
        "results/indicator_detail.html",
        {
            "indicator": indicator,
            "row": selectors.find_row(report, pk),
            "report": report,
            "title": formats.title(report),
            "table": formats.kpi_table_html(
                report,
                reverse("results:kpi") + "explain/",
                f"fiscal_year={fiscal_year}&quarter={quarter}",
            ),
            "regions": [],
            "targets": targets,
            "components": list(indicator.components.order_by("sort_key")),
            "fiscal_year": fiscal_year,
            "quarter": quarter,
            "may_manage": access.can(request.user, Action.MANAGE_INDICATORS, indicator),
            "source_available": sources.source_available(indicator.source)
            if indicator.source
            else True,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest) -> HttpResponse:
    """Create a head-office indicator (analysts)."""
    if not _may_manage(request.user):
        raise PermissionDenied
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        owner = importing.head_office()
        if owner is None:
            form.add_error(None, _("No head-office organisation to own the indicator."))
        else:
            try:
                data = dict(form.cleaned_data)
                if not data.get("owner"):
                    data["owner"] = owner
                indicator = services.indicator_save(
                    request.user, None, level="organisation", organisation=owner, **data
                )
            except ValidationError as error:
                form.add_error(None, _messages_of(error))
            else:
                messages.success(request, _("The indicator has been saved."))
                return redirect("results:indicator", pk=indicator.pk)
    return render(request, "results/indicator_form.html", {"form": form, "indicator": None})


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(Indicator, Action.MANAGE_INDICATORS, methods=("GET", "POST"))
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an indicator's definition (analysts)."""
    indicator = access.get_object_or_404(request.user, Indicator, Action.MANAGE_INDICATORS, pk=pk)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_save(request.user, indicator, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _messages_of(error))
        else:
            messages.success(request, _("The indicator has been saved."))
            return redirect("results:indicator", pk=indicator.pk)
    return render(request, "results/indicator_form.html", {"form": form, "indicator": indicator})


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(Indicator, Action.MANAGE_INDICATORS, methods=("GET", "POST"))
def indicator_targets(request: HttpRequest, pk: int) -> HttpResponse:
    """Set or revise the targets of a fiscal year, of the country or of one region (a breakdown).

    All boxes are saved together or not at all; a change of a stored value needs a reason and
    an approver.
    """
    indicator = access.get_object_or_404(request.user, Indicator, Action.MANAGE_INDICATORS, pk=pk)
    fiscal_year, _quarter = _period(request)
    regions = selectors.default_regions()
    region_id = _int(request.GET.get("region"), 0, 0, 10**9) or None
    region = next((r for r in regions if r.pk == region_id), None)
    stored = {
        t.quarter: t
        for t in Target.objects.filter(
            indicator=indicator, fiscal_year=fiscal_year, region=region, province__isnull=True
        )
    }
    initial = {("annual" if q == 0 else f"q{q}"): t.value for q, t in stored.items()}
    form = TargetsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                for q, name in ((0, "annual"), (1, "q1"), (2, "q2"), (3, "q3"), (4, "q4")):
                    value: Decimal | None = data[name]
                    if value is None:
                        continue
                    current = stored.get(q)
                    if current is not None and current.value != value:
                        services.target_revise(
                            request.user,
                            current,
                            value,
                            reason=data["reason"],
                            approver=data["approver"],
                        )
                    elif current is None:
                        services.target_set(
                            request.user, indicator, fiscal_year, q, value, region=region
                        )
        except ReasonRequired:
            form.add_error("reason", _("A changed target needs the reason."))
        except ValidationError as error:
            form.add_error(None, _messages_of(error))
        else:
            messages.success(request, _("The targets have been saved."))
            return redirect(
                f"{reverse('results:indicator', kwargs={'pk': pk})}?fiscal_year={fiscal_year}"
            )
    return render(
        request,
        "results/indicator_targets.html",
        {
            "indicator": indicator,
            "form": form,
            "fiscal_year": fiscal_year,
            "regions": regions,
            "region": region,
        },
    )


# --- results entry and review -----------------------------------------------------------------


def _entry_regions(user: Any) -> tuple[list[Region], bool]:
    """Return the regions the user may enter results for, and whether the country row too."""
    ids = selectors.user_region_ids(user)
    regions = selectors.default_regions()
    if ids is None:
        return regions, True
    return [r for r in regions if r.pk in ids], False


@login_required
@require_http_methods(["GET", "POST"])
def result_entry(request: HttpRequest) -> HttpResponse:
    """Type in a quarter's results of a region (or the country), save them as drafts or submit them."""
    fiscal_year, quarter = _period(request)
    regions, may_country = _entry_regions(request.user)
    if not regions and not may_country:
        raise PermissionDenied
    region_id = _int(request.GET.get("region"), 0, 0, 10**9) or None
    if region_id is None and not may_country:
        region_id = regions[0].pk
    region = next((r for r in regions if r.pk == region_id), None)
    if region_id is not None and region is None:
        raise Http404
    rows = selectors.entry_rows(request.user, fiscal_year, quarter, region_id)
    forms_by_row = [
        (
            row,
            ResultForm(
                request.POST if request.method == "POST" else None,
                prefix=f"r{row.indicator.pk}",
                initial={
                    "value": row.value,
                    "narrative": row.narrative,
                    "next_steps": row.next_steps,
                    "problems": row.problems,
                },
            ),
        )
        for row in rows
    ]
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        saved = submitted = 0
        problems: list[str] = []
        for row, form in forms_by_row:
            if not row.editable or not form.is_valid():
                if row.editable:
                    problems.append(f"{row.indicator.code}: {form.errors.as_text()}")
                continue
            data = form.cleaned_data
            if data["value"] is None and not any(
                data[k] for k in ("narrative", "next_steps", "problems")
            ):
                continue
            if not form.has_changed() and not (submit and row.result_id):
                continue
            try:
                result = services.result_save(
                    request.user,
                    row.indicator,
                    fiscal_year,
                    quarter,
                    value=data["value"],
                    region=region,
                    narrative=data["narrative"],
                    next_steps=data["next_steps"],
                    problems=data["problems"],
                )
                saved += 1
                if submit:
                    services.result_submit(request.user, result)
                    submitted += 1
            except ValidationError as error:
                problems.append(f"{row.indicator.code}: {_messages_of(error)}")
            except PermissionDenied:
                refused = _("you may not enter this result")
                problems.append(f"{row.indicator.code}: {refused}")
        for problem in problems:
            messages.error(request, problem)
        if submitted:
            messages.success(request, _("%(n)s result(s) submitted for review.") % {"n": submitted})
        elif saved:
            messages.success(request, _("%(n)s result(s) saved as drafts.") % {"n": saved})
        query = f"?fiscal_year={fiscal_year}&quarter={quarter}" + (
            f"&region={region_id}" if region_id else ""
        )
        return redirect(reverse("results:entry") + query)
    return render(
        request,
        "results/result_entry.html",
        {
            "rows": forms_by_row,
            "fiscal_year": fiscal_year,
            "quarter": quarter,
            "regions": regions,
            "may_country": may_country,
            "region": region,
        },
    )


@login_required
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    """List the results waiting for the user's review (or in another status)."""
    status = request.GET.get("status", "submitted")
    if status not in ("submitted", "returned", "approved", "draft", ""):
        status = "submitted"
    rows = selectors.result_review_rows(request.user, status=status or None)
    return render(
        request,
        "results/review_list.html",
        {"rows": rows, "status": status, "return_form": ReturnForm(), "unlock_form": UnlockForm()},
    )


def _review_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    result = access.get_object_or_404(request.user, Result, pk=pk)
    try:
        if action == "approve":
            services.result_approve(request.user, result)
            messages.success(request, _("The result has been approved."))
        elif action == "return":
            form = ReturnForm(request.POST)
            comment = form.data.get("comment", "")
            services.result_return(request.user, result, comment)
            messages.success(request, _("The result has been returned with your comment."))
        else:
            services.result_unlock(request.user, result, request.POST.get("reason", ""))
            messages.success(request, _("The result has been unlocked."))
    except ReasonRequired:
        messages.error(request, _("Give the reason."))
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    except PermissionDenied as denied:
        messages.error(request, str(denied) or _("You may not review this result."))
    return redirect(request.POST.get("next") or reverse("results:review"))


@login_required
@require_POST
@access.object_view(Result, Action.REVIEW, methods=("POST",))
def result_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_action(request, pk, "approve")


@login_required
@require_POST
@access.object_view(Result, Action.REVIEW, methods=("POST",))
def result_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_action(request, pk, "return")


@login_required
@require_POST
@access.object_view(Result, Action.REVIEW, methods=("POST",))
def result_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_action(request, pk, "unlock")


# --- import -----------------------------------------------------------------------------------


def _upload_dir() -> Path:
    path = Path(settings.DATA_DIR) / "tmp" / "results-import"
    path.mkdir(parents=True, exist_ok=True)
    return path


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload an indicator file: first a preview (what will be created, updated, refused), then apply."""
    if not _may_manage(request.user):
        raise PermissionDenied
    outcome = None
    pending = request.session.get("results_import")
    if request.method == "POST" and request.POST.get("apply") and pending:
        token = pending["token"]
        path = _upload_dir() / f"{token}.bin"
        if not path.exists():
            messages.error(request, _("The uploaded file has expired; upload it again."))
            return redirect("results:import")
        outcome = importing.indicators_import(
            path.read_bytes(),
            pending["filename"],
            fiscal_year=pending["fiscal_year"],
            user=request.user,
            reason=pending["reason"],
            approver=pending["approver"],
        )
        path.unlink(missing_ok=True)
        del request.session["results_import"]
        if outcome.applied:
            messages.success(
                request,
                _("Imported: %(created)s created, %(updated)s updated.")
                % {"created": outcome.created, "updated": outcome.updated},
            )
            return redirect("results:indicators")
        form = ImportForm()
    else:
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            outcome = importing.indicators_import(
                data,
                upload.name,
                fiscal_year=form.cleaned_data["fiscal_year"],
                user=request.user,
                dry_run=True,
                reason=form.cleaned_data["reason"],
                approver=form.cleaned_data["approver"],
            )
            if outcome.ok:
                token = uuid.uuid4().hex
                (_upload_dir() / f"{token}.bin").write_bytes(data)
                request.session["results_import"] = {
                    "token": token,
                    "filename": upload.name,
                    "fiscal_year": form.cleaned_data["fiscal_year"],
                    "reason": form.cleaned_data["reason"],
                    "approver": form.cleaned_data["approver"],
                }
    return render(
        request,
        "results/import.html",
        {
            "form": form,
            "outcome": outcome,
            "headers": importing.COLUMNS,
            "thai": importing.THAI_HEADERS,
        },
    )


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """Download a blank import file (CSV, UTF-8 with BOM, Thai headers)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer).writerows(importing.template_rows())
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="indicators-template.csv"'
    return response


# --- the KPI report ---------------------------------------------------------------------------


def _report_region(request: HttpRequest) -> int | None:
    """Return the region the report is limited to: asked for, or the user's only region."""
    asked = _int(request.GET.get("region"), 0, 0, 10**9) or None
    covered = selectors.user_region_ids(request.user)
    if covered is None:
        return asked
    if asked in covered:
        return asked
    if len(covered) == 1:
        return next(iter(covered))
    return asked if asked is None else None


@login_required
@require_GET
def kpi_report(request: HttpRequest) -> HttpResponse:
    """Show (or download as XLSX, DOCX, JSON) the quarterly KPI report."""
    fiscal_year, quarter = _period(request)
    region_id = _report_region(request)
    with selectors.gc_paused():
        return _kpi_response(request, fiscal_year, quarter, region_id)


def _kpi_response(
    request: HttpRequest, fiscal_year: int, quarter: int, region_id: int | None
) -> HttpResponse:
    report = selectors.kpi_report(request.user, fiscal_year, quarter, region_id=region_id)
    fmt_name = request.GET.get("format", "html")
    if fmt_name in CONTENT_TYPES:
        response = HttpResponse(
            render_format(report, fmt_name, compact=True), content_type=CONTENT_TYPES[fmt_name]
        )
        filename = f"kpi-{fiscal_year}-q{quarter}.{fmt_name}"
        if fmt_name != "json":
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    query = f"fiscal_year={fiscal_year}&quarter={quarter}" + (
        f"&region={region_id}" if region_id else ""
    )
    # Only small values in the template context: Django's Context and its ContextDicts form a
    # reference cycle, so whatever the context holds waits for the cyclic garbage collector,
    # which would then walk the report's ~130,000 objects (about 110 ms on the national one).
    return render(
        request,
        "results/kpi_report.html",
        {
            "fiscal_year": report.fiscal_year,
            "quarter": report.quarter,
            "colour_counts": report.colour_counts,
            "indicator_count": len(report.rows),
            "title": formats.title(report),
            "regions": selectors.default_regions(),
            "region_id": region_id,
            "query": query,
            "table": formats.kpi_table_html(report, reverse("results:kpi") + "explain/", query),
        },
    )


@login_required
@require_GET
@access.object_view(Indicator)
def kpi_explain(request: HttpRequest, pk: int) -> HttpResponse:
    """Show how one number of the report was computed (an htmx fragment, or a page without JS)."""
    indicator = access.get_object_or_404(request.user, Indicator, pk=pk)
    fiscal_year, quarter = _period(request)
    region_id = _report_region(request)
    report = selectors.kpi_report(
        request.user, fiscal_year, quarter, region_id=region_id, indicator_ids=[pk]
    )
    row = selectors.find_row(report, pk)
    found = selectors.explanation_of(row, request.GET.get("cell", "")) if row else None
    if found is None:
        raise Http404
    label, explanation = found
    explanation_texts = {
        "formula": selectors.explain_text(explanation.formula),
        "working": selectors.explain_text(explanation.working),
        "inputs": explanation.inputs,
    }
    template = "results/_explain.html" if request.htmx else "results/explain.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {
            "indicator": indicator,
            "label": label,
            "explanation": explanation_texts,
            "fiscal_year": fiscal_year,
            "quarter": quarter,
        },
    )


# --- dashboards -------------------------------------------------------------------------------


def _dashboard_data(request: HttpRequest, region_id: int | None) -> dict[str, Any]:
    """Return the dashboard's data: computed once per data version, scope, period and region."""
    fiscal_year, quarter = _period(request)
    user = request.user
    return _cached(  # type: ignore[no-any-return]
        request,
        ("dashboard", fiscal_year, quarter, region_id),
        lambda: _dashboard_compute(user, fiscal_year, quarter, region_id),
    )


def _dashboard_compute(
    user: Any, fiscal_year: int, quarter: int, region_id: int | None
) -> dict[str, Any]:
    report = selectors.kpi_report(user, fiscal_year, quarter, region_id=region_id, breakdown=False)
    provinces: set[str] | None = None
    if region_id is not None:
        provinces = {
            code for code, reg in sources.province_region_map().items() if reg == region_id
        }
    participants = sources.participant_totals(fiscal_year, provinces)
    sessions = sources.sessions_by_month(fiscal_year, provinces)
    budget = None
    if region_id is None and sources.source_available("budget_disbursed_percent"):
        values = sources.budget_disbursed_percent(fiscal_year)
        regions = selectors.default_regions()
        budget = {
            "labels": [r.name_th for r in regions],
            "values": [float(values.get((quarter, r.pk)) or 0) for r in regions],
        }
    tiles = selectors.dashboard_tiles(report)
    data: dict[str, Any] = {
        "fiscal_year": fiscal_year,
        "quarter": quarter,
        "tiles": tiles,
        "participants": participants,
        "sessions": sessions,
        "budget": budget,
    }
    data["tables"] = _chart_tables(data)
    data["chart_json"] = json_script(_chart_data(data), "dashboard-data")
    data["tiles_html"] = formats.tiles_html(tiles, fiscal_year, quarter)
    return data


MONTH_LABELS = (
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
)
SECTOR_LABELS = {
    "project_team": "ทีมโครงการ",
    "community_leaders": "ผู้นำชุมชน",
    "civil_society_people": "ภาคประชาสังคม",
    "municipality_people": "ท้องถิ่น",
    "government_people": "หน่วยงานรัฐ",
    "academia_people": "สถาบันการศึกษา",
    "business_media_people": "ธุรกิจ/สื่อ",
    "others_people": "อื่น ๆ",
}


def _chart_tables(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return each chart as a table (title, header, rows): the charts' data and their CSV files."""
    p = data["participants"]
    tables: dict[str, dict[str, Any]] = {
        "indicators": {
            "title": _("Indicators: percent of the annual target"),
            "header": [_("code"), _("indicator"), _("annual %"), _("colour")]
            + [f"Q{q}" for q in range(1, data["quarter"] + 1)],
            "rows": [
                [
                    t.code,
                    t.name,
                    fmt(t.annual_percent) if t.annual_percent is not None else "",
                    t.colour,
                ]
                + ["" if v is None else v for v in t.sparkline]
                for t in data["tiles"]
            ],
        },
        "participants": {
            "title": _("Participants by gender and sector"),
            "header": [_("group"), _("people")],
            "rows": [["ชาย", p["men"]], ["หญิง", p["women"]]]
            + [[SECTOR_LABELS[k], p[k]] for k in SECTOR_LABELS],
        },
        "sessions": {
            "title": _("Sessions held by month"),
            "header": [_("month"), _("sessions")],
            "rows": [[m, n] for m, n in zip(MONTH_LABELS, data["sessions"], strict=True)],
        },
    }
    if data["budget"] is not None:
        tables["budget"] = {
            "title": _("Approved budget disbursed by region (percent)"),
            "header": [_("region"), "%"],
            "rows": [
                list(pair)
                for pair in zip(data["budget"]["labels"], data["budget"]["values"], strict=True)
            ],
        }
    return tables


def _chart_data(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "gender": {
            "labels": ["ชาย", "หญิง"],
            "values": [data["participants"]["men"], data["participants"]["women"]],
        },
        "sectors": {
            "labels": list(SECTOR_LABELS.values()),
            "values": [data["participants"][k] for k in SECTOR_LABELS],
        },
        "sessions": {"labels": list(MONTH_LABELS), "values": data["sessions"]},
        "budget": data["budget"],
        "tiles": {str(t.id): list(t.sparkline) for t in data["tiles"]},
    }


def _render_dashboard(request: HttpRequest, region: Region | None) -> HttpResponse:
    data = _dashboard_data(request, region.pk if region else None)
    query = f"fiscal_year={data['fiscal_year']}&quarter={data['quarter']}" + (
        f"&region={region.pk}" if region else ""
    )
    return render(
        request,
        "results/dashboard.html",
        {
            **data,
            "region": region,
            "query": query,
            "regions": _cached(request, ("regions",), selectors.default_regions)
            if selectors.user_region_ids(request.user) is None
            else [],
            "budget_missing": data["budget"] is None and region is None,
        },
    )


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Show the head-office dashboard (a user limited to regions gets their regional dashboard)."""
    covered = selectors.user_region_ids(request.user)
    if covered is not None:
        return redirect("results:dashboard_region")
    return _render_dashboard(request, None)


def _dashboard_region(request: HttpRequest) -> Region:
    covered = selectors.user_region_ids(request.user)
    regions = selectors.default_regions()
    asked = _int(request.GET.get("region"), 0, 0, 10**9)
    allowed = [r for r in regions if covered is None or r.pk in covered]
    if not allowed:
        raise PermissionDenied
    return next((r for r in allowed if r.pk == asked), allowed[0])


@login_required
@require_GET
def dashboard_region(request: HttpRequest) -> HttpResponse:
    """Show the regional dashboard of one of the user's regions."""
    return _render_dashboard(request, _dashboard_region(request))


@login_required
@require_GET
def dashboard_csv(request: HttpRequest, chart: str) -> HttpResponse:
    """Download one chart's data as CSV (UTF-8 with BOM, so Excel reads the Thai)."""
    region = (
        _dashboard_region(request)
        if request.GET.get("region") or selectors.user_region_ids(request.user) is not None
        else None
    )
    table = _dashboard_data(request, region.pk if region else None)["tables"].get(chart)
    if table is None:
        raise Http404
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(table["header"])
    writer.writerows(table["rows"])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{chart}.csv"'
    return response
