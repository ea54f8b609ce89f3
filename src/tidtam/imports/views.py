"""Pages of the imports app: templates and exports to download, the upload, and one import's
page (its progress, the preview to confirm, the outcome)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tidtam.accounts import access
from tidtam.imports import selectors, services
from tidtam.imports.forms import ConfirmForm, UploadForm
from tidtam.imports.kinds import available_kinds
from tidtam.imports.models import ImportRun

RUN_REASON = "an import belongs to its requester: looked up with requested_by=user (or admin)"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {
    ".xlsx": XLSX,
    ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
    ".csv": "text/csv",
    ".tsv": "text/tab-separated-values",
}


def _attachment(handle: Any, filename: str, content_type: str) -> FileResponse:
    """Send ``handle`` as a download that no browser will show as a page."""
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _workbook_response(write: Any, filename: str) -> FileResponse:
    """Write a workbook to a temporary file and stream it (the file is gone once sent)."""
    with tempfile.TemporaryDirectory(prefix="tidtam-export-") as folder:
        path = Path(folder) / "book.xlsx"
        write(path)
        handle = path.open("rb")
        os.unlink(path)  # the open handle keeps the data until FileResponse closes it
    return _attachment(handle, filename, XLSX)


def _kind(kind: str) -> str:
    if kind not in available_kinds():
        raise Http404
    return kind


def _run(request: HttpRequest, pk: int) -> ImportRun:
    run = selectors.run_for(request.user, pk)
    if run is None:
        raise Http404
    return run


def _index(request: HttpRequest, form: UploadForm | None, status: int = 200) -> HttpResponse:
    may_import = services.may_import(request.user)
    return render(
        request,
        "imports/index.html",
        {
            "kinds": selectors.kind_entries(),
            "form": form if form is not None else (UploadForm() if may_import else None),
            "may_import": may_import,
            "runs": selectors.runs_of(request.user),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """Templates and exports of every kind, the upload form and the person's own imports."""
    if request.method != "POST":
        return _index(request, None)
    if not services.may_import(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        d = form.cleaned_data
        try:
            run = services.import_request(
                request.user, d["kind"], d["file"], good_rows_only=d["good_rows_only"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("imports:run", pk=run.pk)
    return _index(request, form, status=400)


@login_required
def template(request: HttpRequest, kind: str) -> FileResponse:
    """Download the empty template of a kind."""
    name = _kind(kind)
    return _workbook_response(
        lambda path: selectors.write_template(name, path), f"tidtam-{name}-template.xlsx"
    )


@login_required
def export(request: HttpRequest, kind: str) -> FileResponse:
    """Download the records of a kind the user may see, ready to edit and import again."""
    name = _kind(kind)
    today = timezone.localdate().isoformat()
    return _workbook_response(
        lambda path: selectors.write_export(name, request.user, path),
        f"tidtam-{name}-{today}.xlsx",
    )


def _run_context(request: HttpRequest, run: ImportRun) -> dict[str, Any]:
    done, total = (
        services.import_progress(run)
        if run.status in selectors.RUNNING
        else (run.rows_done, run.rows_total)
    )
    preview = selectors.run_report(run, "preview")
    return {
        "run": run,
        "kind_title": selectors.kind_title(run.kind),
        "running": run.status in selectors.RUNNING,
        "rows_done": done,
        "rows_total": total,
        "percent": min(100, round(100 * done / total)) if total else 0,
        "preview": preview,
        "outcome": selectors.run_report(run, "outcome"),
        "is_requester": run.requested_by_id == request.user.pk,
        "confirm_form": ConfirmForm(initial={"good_rows_only": run.good_rows_only}),
        "has_problems": bool(preview and preview.problem_count),
    }


@login_required
@access.no_object_view(RUN_REASON)
def run(request: HttpRequest, pk: int) -> HttpResponse:
    """One import: its progress, then the preview to confirm, then the outcome."""
    import_run = _run(request, pk)
    return render(request, "imports/run.html", _run_context(request, import_run))


@login_required
@access.no_object_view(RUN_REASON)
def run_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The changing part of an import's page (htmx polls it while the import runs)."""
    import_run = _run(request, pk)
    context = _run_context(request, import_run)
    response = render(request, "imports/_run_state.html", context)
    if not context["running"] and request.headers.get("HX-Request"):
        response.status_code = 286  # htmx: stop polling
    return response


@login_required
@require_POST
@access.no_object_view(RUN_REASON)
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply a checked file (its requester only; refused while it has errors, unless only the
    good rows are to be imported)."""
    import_run = _run(request, pk)
    form = ConfirmForm(request.POST)
    good_rows_only = form.is_valid() and form.cleaned_data["good_rows_only"]
    try:
        services.import_confirm(request.user, import_run, good_rows_only=good_rows_only)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("imports:run", pk=import_run.pk)


@login_required
@require_POST
@access.no_object_view(RUN_REASON)
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Drop a checked file without importing it (its requester only)."""
    import_run = _run(request, pk)
    try:
        services.import_cancel(request.user, import_run)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("imports:run", pk=import_run.pk)


@login_required
@access.no_object_view(RUN_REASON)
def run_file(request: HttpRequest, pk: int) -> FileResponse:
    """Download the file as it was uploaded (its requester or an administrator only)."""
    import_run = _run(request, pk)
    if not import_run.file:
        raise Http404
    name = import_run.original_name or Path(import_run.file.name or "file").name
    content_type = CONTENT_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")
    return _attachment(import_run.file.open("rb"), name, content_type)


@login_required
@access.no_object_view(RUN_REASON)
def error_file(request: HttpRequest, pk: int) -> FileResponse:
    """Download the refused rows with their errors (to correct and import again)."""
    import_run = _run(request, pk)
    if not import_run.error_file:
        raise Http404
    name = f"{Path(import_run.original_name).stem or 'import'}-errors.xlsx"
    return _attachment(import_run.error_file.open("rb"), name, XLSX)
