"""Money pages: thin views that load through ``access``, call one service or selector, render.

Domain refusals (``FinanceError``) become form errors with their translated message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tidtam.accounts import access
from tidtam.accounts.access import Action, DataKind
from tidtam.finance import report_formats, selectors, services
from tidtam.finance.errors import FinanceError
from tidtam.finance.forms import (
    ApproveForm,
    BudgetLineForm,
    BudgetStatusForm,
    CommitteeForm,
    DecisionForm,
    ExpenditureForm,
    FrameForm,
    FrameReviseForm,
    MeetingForm,
    ProgrammeDecisionForm,
    ProgrammeMeetingForm,
    ReverseForm,
    TrancheAmountForm,
    TranchePolicyForm,
    TransferForm,
)
from tidtam.finance.models import (
    BudgetFrame,
    Committee,
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    Tranche,
    TranchePolicy,
    Transfer,
)
from tidtam.projects.models import Programme, Project
from tidtam.thai.dates import format_date
from tidtam.thai.fiscal import fiscal_year

FINANCE = DataKind.FINANCE


def _programme_kwargs(programme: Any) -> dict[str, Any]:
    return {"code": programme.code}


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """List the programmes and committees the user may see, with links to their money pages."""
    programmes = access.scoped(  # only the programmes whose money page they may open
        request.user,
        Programme.objects.select_related("owner").order_by("-first_fiscal_year", "code"),
        kind=FINANCE,
    )
    committees = access.scoped(request.user, Committee.objects.select_related("organisation"))
    return render(
        request, "finance/index.html", {"programmes": programmes, "committees": committees}
    )


def _apply(form: Any, call: Callable[[dict[str, Any]], Any]) -> bool:
    """Validate ``form`` and call one service with its data; a refusal becomes a form error.

    Returns True when the service accepted; otherwise the form carries the reason (the
    service's translated message) and nothing was written.
    """
    if not form.is_valid():
        return False
    try:
        call(dict(form.cleaned_data))
    except FinanceError as error:
        form.add_error(None, str(error))
        return False
    return True


# The programme page's forms, by the "action" field of the POST; the first four change money.
PROGRAMME_ACTIONS = ("frame_new", "frame_revise", "policy", "committee", "meeting", "decision")
PROGRAMME_CHANGES = {"frame_new", "frame_revise", "policy", "committee"}


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(Programme, kwarg="code", url_kwargs=_programme_kwargs, methods=("GET", "POST"))
def programme(request: HttpRequest, code: str) -> HttpResponse:
    """A programme's money: frames and their revisions, tranche policy, committees, decisions.

    Finance officers and administrators of the programme's scope change frames, the policy
    and committees (CHANGE of FINANCE data); committee members record meetings and decisions
    (DECIDE); everyone else who may see the programme reads.
    """
    user = request.user
    programme = access.get_object_or_404(
        user, Programme.objects.select_related("owner", "region"), Action.VIEW,
        kind=FINANCE, code=code,
    )  # fmt: skip
    policy = TranchePolicy.objects.filter(programme=programme).first()
    may_change = access.can(user, Action.CHANGE, programme, kind=FINANCE)
    own = {"organisation_id": programme.owner_id}
    frames_qs = BudgetFrame.objects.filter(programme=programme).order_by("-fiscal_year", "level")
    committees = access.scoped(user, Committee.objects.filter(**own).select_related("region"))
    deciding = access.scoped(user, Committee.objects.filter(**own).order_by("name"), Action.DECIDE)
    meetings = access.scoped(
        user,
        CommitteeMeeting.objects.filter(committee__organisation_id=programme.owner_id)
        .select_related("committee")
        .order_by("-fiscal_year", "-number"),
        Action.DECIDE,
    )
    projects = access.scoped(user, Project.objects.filter(programme=programme).order_by("code"))
    today = timezone.localdate()
    forms: dict[str, Any] = {
        "frame_new": FrameForm(prefix="new", programme=programme),
        "frame_revise": FrameReviseForm(prefix="revise", frames=frames_qs),
        "policy": TranchePolicyForm(prefix="policy", initial=TranchePolicyForm.initial_for(policy)),
        "committee": CommitteeForm(prefix="committee", initial={"region": programme.region}),
        "meeting": ProgrammeMeetingForm(
            prefix="meeting", committees=deciding, initial={"fiscal_year": fiscal_year(today)}
        ),
        "decision": ProgrammeDecisionForm(prefix="decision", meetings=meetings, projects=projects),
    }
    may_decide = deciding.exists()
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in PROGRAMME_ACTIONS:
            return HttpResponseBadRequest()
        if action in PROGRAMME_CHANGES:
            access.require(user, Action.CHANGE, programme, kind=FINANCE)
        elif not may_decide:
            raise PermissionDenied
        form = type(forms[action])(
            request.POST,
            prefix=forms[action].prefix,
            **{
                "frame_new": {"programme": programme},
                "frame_revise": {"frames": frames_qs},
                "policy": {},
                "committee": {},
                "meeting": {"committees": deciding},
                "decision": {"meetings": meetings, "projects": projects},
            }[action],
        )
        forms[action] = form
        calls: dict[str, tuple[Callable[[dict[str, Any]], Any], str]] = {
            "frame_new": (
                lambda d: services.budget_frame_create(programme, user=user, **d),
                _("The frame was added."),
            ),
            "frame_revise": (
                lambda d: services.budget_frame_revise(
                    d["frame"], d["new_amount"], d["reason"], user=user
                ),
                _("The frame was revised."),
            ),
            "policy": (
                lambda d: services.tranche_policy_set(programme, user=user, **d),
                _("The tranche policy was saved."),
            ),
            "committee": (
                lambda d: services.committee_create(
                    organisation=programme.owner, user=user, exists_ok=False, **d
                ),
                _("The committee was added."),
            ),
            "meeting": (
                lambda d: services.meeting_create(d.pop("committee"), user=user, **d),
                _("The meeting was recorded."),
            ),
            "decision": (
                lambda d: services.decision_record(
                    d.pop("meeting"), d.pop("project"), user=user, **d
                ),
                _("The decision was recorded."),
            ),
        }
        call, done = calls[action]
        if _apply(form, call):
            messages.success(request, done)
            anchor = {"frame_new": "frames", "frame_revise": "frames", "policy": "policy"}
            return redirect(
                reverse("finance:programme", kwargs={"code": programme.code})
                + "#"
                + anchor.get(action, "committees")
            )
    decisions = access.scoped(user, Decision.objects.filter(project__programme=programme))
    return render(
        request,
        "finance/programme.html",
        {
            "programme": programme,
            "policy": policy,
            "frames": selectors.programme_frames(programme),
            "committees": selectors.programme_committees(committees, decisions),
            "forms": forms,
            "may_change": may_change,
            "may_decide": may_decide,
            "may_view_history": access.can(user, Action.VIEW_HISTORY, programme),
        },
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
@access.object_view(Programme, kwarg="code", url_kwargs=_programme_kwargs)
def frames(request: HttpRequest, code: str) -> HttpResponse:
    """The frames moved to the programme page (kept so old links still lead there)."""
    programme = access.get_object_or_404(
        request.user, Programme, Action.VIEW, kind=FINANCE, code=code
    )
    return redirect(reverse("finance:programme", kwargs={"code": programme.code}) + "#frames")


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
    user = request.user
    meeting = access.get_object_or_404(
        user, CommitteeMeeting.objects.select_related("committee"), Action.VIEW, pk=pk
    )
    projects = access.scoped(user, Project.objects.order_by("code"), Action.VIEW)
    approvable = access.scoped(
        user,
        Decision.objects.filter(
            meeting=meeting, outcome=DecisionOutcome.APPROVED, approval__isnull=True
        )
        .select_related("project")
        .order_by("pk"),
        Action.DECIDE,
    )
    form = DecisionForm(projects=projects)
    approve_form = ApproveForm(prefix="approve", decisions=approvable)
    if request.method == "POST":
        access.require(user, Action.DECIDE, meeting)
        if request.POST.get("action") == "approve":
            approve_form = ApproveForm(request.POST, prefix="approve", decisions=approvable)
            if _apply(
                approve_form,
                lambda d: services.project_approve(d.pop("decision"), user=user, **d),
            ):
                messages.success(request, _("The project is approved."))
                return redirect("finance:meeting", pk=meeting.pk)
        else:
            form = DecisionForm(request.POST, projects=projects)
            if _apply(
                form,
                lambda d: services.decision_record(meeting, d.pop("project"), user=user, **d),
            ):
                messages.success(request, _("The decision was recorded."))
                return redirect("finance:meeting", pk=meeting.pk)
    decisions = meeting.decisions.select_related("project", "approval").order_by("pk")
    return render(
        request,
        "finance/meeting.html",
        {
            "meeting": meeting,
            "decisions": decisions,
            "form": form,
            "approve_form": approve_form,
            "may_decide": access.can(user, Action.DECIDE, meeting),
        },
    )


PROJECT_TRANSFERS = {"transfer", "reverse"}  # TRANSFER; the others are CHANGE of money
PROJECT_ACTIONS = ("transfer", "reverse", "amount", "budget_line", "expenditure")


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(Project, methods=("GET", "POST"))
def project_finance(request: HttpRequest, pk: int) -> HttpResponse:
    """A project's money: approval, tranche schedule, transfers, budget lines and spending.

    Regional officers and administrators transfer and reverse (TRANSFER); finance officers
    set tranche amounts and record budget lines and spending (CHANGE of FINANCE data); a
    refusal is shown on its form with the service's message and nothing is written.
    """
    user = request.user
    project = access.get_object_or_404(
        user,
        Project.objects.select_related("programme", "province"),
        Action.VIEW,
        kind=FINANCE,
        pk=pk,
    )
    tranches = Tranche.objects.filter(project=project).order_by("number")
    last = tranches.aggregate(n=Max("number"))["n"]
    settable = tranches.exclude(number=last) if last else tranches.none()
    reversible = Transfer.objects.filter(
        project=project, reverses__isnull=True, reversed_by__isnull=True
    ).order_by("date", "pk")
    today = timezone.localdate()
    money = selectors.project_finance(project)  # a refused POST changes nothing: still true
    next_tranche = next((line.tranche.pk for line in money["tranches"] if line.left > 0), None)
    needs: dict[str, dict[str, Any]] = {
        "transfer": {"tranches": tranches},
        "reverse": {"transfers": reversible},
        "amount": {"tranches": settable},
        "budget_line": {"project": project},
        "expenditure": {"project": project},
    }
    forms: dict[str, Any] = {
        "transfer": TransferForm(
            prefix="transfer",
            initial={"date": today, "tranche": next_tranche},
            **needs["transfer"],
        ),
        "reverse": ReverseForm(prefix="reverse", **needs["reverse"]),
        "amount": TrancheAmountForm(prefix="amount", **needs["amount"]),
        "budget_line": BudgetLineForm(prefix="line", **needs["budget_line"]),
        "expenditure": ExpenditureForm(
            prefix="spend", initial={"date": today}, **needs["expenditure"]
        ),
    }
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in PROJECT_ACTIONS:
            return HttpResponseBadRequest()
        needed = Action.TRANSFER if action in PROJECT_TRANSFERS else Action.CHANGE
        access.require(user, needed, project, kind=FINANCE)
        form = type(forms[action])(
            request.POST, request.FILES, prefix=forms[action].prefix, **needs[action]
        )
        forms[action] = form
        calls: dict[str, tuple[Callable[[dict[str, Any]], Any], str]] = {
            "transfer": (
                lambda d: services.tranche_transfer(
                    d["tranche"],
                    d["amount"],
                    d["date"],
                    d["reference"],
                    user=user,
                    evidence=d["evidence"],
                ),
                _("The transfer was recorded."),
            ),
            "reverse": (
                lambda d: services.transfer_reverse(
                    d["transfer"], d["reason"], user=user, date=today
                ),
                _("The transfer was reversed."),
            ),
            "amount": (
                lambda d: services.tranche_amount_set(d["tranche"], d["amount"], user=user),
                _("The tranche amount was set."),
            ),
            "budget_line": (
                lambda d: services.budget_line_add(project, user=user, **d),
                _("The budget line was added."),
            ),
            "expenditure": (
                lambda d: services.expenditure_record(user=user, **d),
                _("The expenditure was recorded."),
            ),
        }
        call, done = calls[action]
        if _apply(form, call):
            messages.success(request, done)
            return redirect("finance:project", pk=project.pk)
    return render(
        request,
        "finance/project.html",
        {
            "project": project,
            **money,
            "forms": forms,
            "may_transfer": access.can(user, Action.TRANSFER, project, kind=FINANCE),
            "may_change": access.can(user, Action.CHANGE, project, kind=FINANCE),
        },
    )
