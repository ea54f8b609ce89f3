"""Money pages: thin views that load through ``access``, call one service or selector, render.

Domain refusals (``FinanceError``) become form errors with their translated message.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tidtam.accounts import access
from tidtam.accounts.access import Action, DataKind
from tidtam.finance import report_formats, selectors, services
from tidtam.finance.errors import FinanceError
from tidtam.finance.forms import (
    ApproveForm,
    BudgetStatusForm,
    DecisionForm,
    FrameForm,
    FrameReviseForm,
    MeetingForm,
    ReverseForm,
    TrancheAmountForm,
    TransferForm,
)
from tidtam.finance.models import (
    BudgetFrame,
    Committee,
    CommitteeMeeting,
    Decision,
    Tranche,
    Transfer,
)
from tidtam.projects.models import Programme, Project
from tidtam.thai.dates import format_date

FINANCE = DataKind.FINANCE


def _programme_kwargs(programme: Any) -> dict[str, Any]:
    return {"code": programme.code}


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """List the programmes and committees the user may see, with links to their money pages."""
    programmes = access.scoped(
        request.user,
        Programme.objects.select_related("owner").order_by("-first_fiscal_year", "code"),
    )
    committees = access.scoped(request.user, Committee.objects.select_related("organisation"))
    return render(
        request, "finance/index.html", {"programmes": programmes, "committees": committees}
    )


@login_required
@access.object_view(Programme, kwarg="code", url_kwargs=_programme_kwargs)
def budget_status(request: HttpRequest, code: str) -> HttpResponse:
    """Show (or download with ?format=xlsx|pdf|json) a programme's budget-status report."""
    programme = access.get_object_or_404(
        request.user, Programme, Action.VIEW, kind=FINANCE, code=code
    )
    data = request.GET.copy()
    try:  # the URL carries YYYY-MM-DD; the field shows and reads the BE date
        data["as_of"] = format_date(dt.date.fromisoformat(data.get("as_of", "")), "numeric")
    except ValueError:
        data.setdefault("as_of", format_date(timezone.localdate(), "numeric"))
    form = BudgetStatusForm(data)
    as_of = timezone.localdate()
    region = None
    if form.is_valid():
        as_of = form.cleaned_data["as_of"]
        region = form.cleaned_data["region"]
    report = selectors.budget_status(programme, region=region, as_of=as_of)
    fmt = request.GET.get("format", "")
    if fmt in ("xlsx", "pdf", "json"):
        body = report_formats.render(report, fmt)
        response = HttpResponse(body, content_type=report_formats.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = (
            f'attachment; filename="{report_formats.filename(report, fmt)}"'
        )
        return response
    query = urlencode({"as_of": as_of.isoformat(), **({"region": region.code} if region else {})})
    return render(
        request,
        "finance/budget_status.html",
        {
            **report_formats.context(report),
            "programme": programme,
            "form": form,
            "query": query,
            "chart": report_formats.chart_data(report),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(Programme, kwarg="code", url_kwargs=_programme_kwargs, methods=("GET", "POST"))
def frames(request: HttpRequest, code: str) -> HttpResponse:
    """List a programme's budget frames with their revisions; add a frame or revise one."""
    programme = access.get_object_or_404(
        request.user, Programme, Action.VIEW, kind=FINANCE, code=code
    )
    may_change = access.can(request.user, Action.CHANGE, programme, kind=FINANCE)
    create_form = FrameForm(prefix="new")
    revise_form = FrameReviseForm(prefix="revise")
    if request.method == "POST":
        access.require(request.user, Action.CHANGE, programme, kind=FINANCE)
        try:
            if "frame" in request.POST:
                frame = access.get_object_or_404(
                    request.user,
                    BudgetFrame.objects.filter(programme=programme),
                    Action.CHANGE,
                    pk=request.POST["frame"],
                )
                revise_form = FrameReviseForm(request.POST, prefix="revise")
                if revise_form.is_valid():
                    services.budget_frame_revise(
                        frame,
                        revise_form.cleaned_data["new_amount"],
                        revise_form.cleaned_data["reason"],
                        user=request.user,
                    )
                    messages.success(request, _("The frame was revised."))
                    return redirect("finance:frames", code=programme.code)
            else:
                create_form = FrameForm(request.POST, prefix="new")
                if create_form.is_valid():
                    services.budget_frame_create(
                        programme, user=request.user, **create_form.cleaned_data
                    )
                    messages.success(request, _("The frame was added."))
                    return redirect("finance:frames", code=programme.code)
        except FinanceError as error:
            messages.error(request, str(error))
    frame_list = (
        BudgetFrame.objects.filter(programme=programme)
        .select_related("province", "region")
        .prefetch_related("revisions__changed_by")
    )
    return render(
        request,
        "finance/frames.html",
        {
            "programme": programme,
            "frames": frame_list,
            "create_form": create_form,
            "revise_form": revise_form,
            "may_change": may_change,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(Committee, methods=("GET", "POST"))
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a committee's meetings; record a new numbered meeting."""
    committee = access.get_object_or_404(request.user, Committee, Action.VIEW, pk=pk)
    form = MeetingForm()
    if request.method == "POST":
        access.require(request.user, Action.DECIDE, committee)
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                services.meeting_create(committee, user=request.user, **form.cleaned_data)
            except FinanceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The meeting was recorded."))
                return redirect("finance:committee", pk=committee.pk)
    meetings = committee.meetings.order_by("-fiscal_year", "-number")
    return render(
        request,
        "finance/committee.html",
        {
            "committee": committee,
            "meetings": meetings,
            "form": form,
            "may_decide": access.can(request.user, Action.DECIDE, committee),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(CommitteeMeeting, methods=("GET", "POST"))
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a meeting's decisions; record a decision; approve a project from a decision."""
    meeting = access.get_object_or_404(
        request.user, CommitteeMeeting.objects.select_related("committee"), Action.VIEW, pk=pk
    )
    projects = access.scoped(request.user, Project.objects.order_by("code"), Action.VIEW)
    form = DecisionForm(projects=projects)
    approve_form = ApproveForm(prefix="approve")
    if request.method == "POST":
        access.require(request.user, Action.DECIDE, meeting)
        try:
            if "decision" in request.POST:
                decision = access.get_object_or_404(
                    request.user,
                    Decision.objects.filter(meeting=meeting),
                    Action.DECIDE,
                    pk=request.POST["decision"],
                )
                approve_form = ApproveForm(request.POST, prefix="approve")
                if approve_form.is_valid():
                    services.project_approve(
                        decision, user=request.user, **approve_form.cleaned_data
                    )
                    messages.success(request, _("The project is approved."))
                    return redirect("finance:meeting", pk=meeting.pk)
            else:
                form = DecisionForm(request.POST, projects=projects)
                if form.is_valid():
                    data = form.cleaned_data
                    services.decision_record(
                        meeting, data.pop("project"), user=request.user, **data
                    )
                    messages.success(request, _("The decision was recorded."))
                    return redirect("finance:meeting", pk=meeting.pk)
        except FinanceError as error:
            messages.error(request, str(error))
    decisions = meeting.decisions.select_related("project", "approval").order_by("pk")
    return render(
        request,
        "finance/meeting.html",
        {
            "meeting": meeting,
            "decisions": decisions,
            "form": form,
            "approve_form": approve_form,
            "may_decide": access.can(request.user, Action.DECIDE, meeting),
        },
    )


def _project_finance_context(
    request: HttpRequest, project: Project, **forms: Any
) -> dict[str, Any]:
    return {
        "project": project,
        **selectors.project_finance(project),
        "transfer_form": forms.get("transfer_form")
        or TransferForm(prefix="transfer", initial={"date": timezone.localdate()}),
        "amount_form": forms.get("amount_form") or TrancheAmountForm(prefix="amount"),
        "reverse_form": forms.get("reverse_form") or ReverseForm(prefix="reverse"),
        "may_transfer": access.can(request.user, Action.TRANSFER, project, kind=FINANCE),
        "may_change": access.can(request.user, Action.CHANGE, project, kind=FINANCE),
    }


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(Project, methods=("GET", "POST"))
def project_finance(request: HttpRequest, pk: int) -> HttpResponse:
    """A project's money: approval, tranches, transfers; transfer, set a tranche, reverse."""
    project = access.get_object_or_404(
        request.user,
        Project.objects.select_related("programme", "province"),
        Action.VIEW,
        kind=FINANCE,
        pk=pk,
    )
    bound: dict[str, Any] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "transfer":
                access.require(request.user, Action.TRANSFER, project, kind=FINANCE)
                tranche = access.get_object_or_404(
                    request.user,
                    Tranche.objects.filter(project=project),
                    Action.TRANSFER,
                    pk=request.POST.get("tranche"),
                )
                form = TransferForm(request.POST, request.FILES, prefix="transfer")
                bound["transfer_form"] = form
                if form.is_valid():
                    d = form.cleaned_data
                    services.tranche_transfer(
                        tranche,
                        d["amount"],
                        d["date"],
                        d["reference"],
                        user=request.user,
                        evidence=d["evidence"],
                    )
                    messages.success(request, _("The transfer was recorded."))
                    return redirect("finance:project", pk=project.pk)
            elif action == "amount":
                access.require(request.user, Action.CHANGE, project, kind=FINANCE)
                tranche = access.get_object_or_404(
                    request.user,
                    Tranche.objects.filter(project=project),
                    Action.CHANGE,
                    pk=request.POST.get("tranche"),
                )
                form_a = TrancheAmountForm(request.POST, prefix="amount")
                bound["amount_form"] = form_a
                if form_a.is_valid():
                    services.tranche_amount_set(
                        tranche, form_a.cleaned_data["amount"], user=request.user
                    )
                    messages.success(request, _("The tranche amount was set."))
                    return redirect("finance:project", pk=project.pk)
            elif action == "reverse":
                access.require(request.user, Action.TRANSFER, project, kind=FINANCE)
                transfer = access.get_object_or_404(
                    request.user,
                    Transfer.objects.filter(project=project),
                    Action.TRANSFER,
                    pk=request.POST.get("transfer"),
                )
                form_r = ReverseForm(request.POST, prefix="reverse")
                bound["reverse_form"] = form_r
                if form_r.is_valid():
                    services.transfer_reverse(
                        transfer,
                        form_r.cleaned_data["reason"],
                        user=request.user,
                        date=timezone.localdate(),
                    )
                    messages.success(request, _("The transfer was reversed."))
                    return redirect("finance:project", pk=project.pk)
        except FinanceError as error:
            messages.error(request, str(error))
    return render(
        request, "finance/project.html", _project_finance_context(request, project, **bound)
    )
