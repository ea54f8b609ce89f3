"""The audit trail's pages: one object's history, and the auditors' page across all records."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tidtam.accounts import access
from tidtam.accounts.access import Action
from tidtam.audit import selectors
from tidtam.audit.exports import audit_xlsx
from tidtam.audit.forms import AuditFilterForm

PAGE_SIZE = 50
EXPORT_LIMIT = 20_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _history_kwargs(obj: object) -> dict[str, object]:
    meta = obj._meta  # type: ignore[attr-defined]
    return {"app_label": meta.app_label, "model": meta.model_name, "pk": obj.pk}  # type: ignore[attr-defined]


@login_required
@require_GET
@access.object_view(None, Action.VIEW_HISTORY, url_kwargs=_history_kwargs)
def object_history(request: HttpRequest, app_label: str, model: str, pk: str) -> HttpResponse:
    """Show who changed what and when on one object (needs VIEW_HISTORY on it)."""
    try:
        model_class = apps.get_model(app_label, model)
        access.registration(model_class)
    except (LookupError, ImproperlyConfigured) as exc:
        raise Http404 from exc
    if model_class not in selectors.audited_models():
        raise Http404
    obj = access.get_object_or_404(request.user, model_class, Action.VIEW_HISTORY, pk=pk)
    entries = selectors.object_history(request.user, obj)
    return render(
        request,
        "audit/object_history.html",
        {"object": obj, "entries": entries, "model_name": model_class._meta.verbose_name},
    )


def _audit_page_allowed(request: HttpRequest) -> None:
    if not access.may_anywhere(request.user, Action.VIEW_HISTORY):
        raise PermissionDenied


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    """List changes across every audited record the user may read, filtered and paged."""
    _audit_page_allowed(request)
    form = AuditFilterForm(request.GET or None)
    filters = form.to_filter() if form.is_bound and form.is_valid() else selectors.AuditFilter()
    if form.is_bound and not form.is_valid():
        rows = selectors.AuditRows(request.user, [])
    else:
        rows = selectors.audit_rows(request.user, filters)
    paginator: Paginator[selectors.HistoryEntry] = Paginator(rows, PAGE_SIZE)  # type: ignore[arg-type]
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/audit_list.html",
        {"form": form, "page_obj": page, "entries": page.object_list, "query": query.urlencode()},
    )


@login_required
@require_GET
def audit_export(request: HttpRequest) -> HttpResponse:
    """Download the filtered changes as XLSX (at most EXPORT_LIMIT changes)."""
    _audit_page_allowed(request)
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        entries: list[selectors.HistoryEntry] = []
    else:
        filters = form.to_filter() if form.is_bound else selectors.AuditFilter()
        entries = selectors.audit_rows(request.user, filters)[0:EXPORT_LIMIT]
    response = HttpResponse(audit_xlsx(entries), content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="tidtam-audit-{stamp}.xlsx"'
    return response
