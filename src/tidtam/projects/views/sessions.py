"""Session pages: the minutes and figures of one session, its form, and its evidence files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tidtam.accounts import access
from tidtam.projects import selectors, services
from tidtam.projects.forms import (
    AgendaItemFormSet,
    EvidenceForm,
    OutputFormSet,
    ParticipantCountForm,
    SessionForm,
)
from tidtam.projects.models import (
    CountSource,
    Evidence,
    OutputAchieved,
    ParticipantCount,
    Project,
    ReviewComment,
    Session,
)
from tidtam.projects.views.projects import project_url_kwargs

SESSION_RELATED = ("project", "activity", "activity__plan", "subdistrict", "community")


def _entry_counts(session: Session) -> ParticipantCount | None:
    for count in session.counts.all():
        if count.source == CountSource.ENTRY:
            return count
    counts = list(session.counts.all())
    return counts[0] if counts else None


@login_required
@require_GET
@access.object_view(Session)
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a session as its minutes: agenda, times, participants, outputs, results, evidence."""
    session = access.get_object_or_404(
        request.user,
        Session.objects.select_related(*SESSION_RELATED, "recorded_by").prefetch_related(
            "counts",
            "agenda_items",
            Prefetch("outputs", queryset=OutputAchieved.objects.select_related("planned_output")),
            Prefetch("evidence", queryset=Evidence.objects.select_related("uploaded_by")),
            Prefetch(
                "review_comments",
                queryset=ReviewComment.objects.select_related("author", "period"),
            ),
        ),
        pk=pk,
    )
    return render(
        request,
        "projects/session_detail.html",
        {
            "session": session,
            "project": session.project,
            "counts": list(session.counts.all()),
            "locked": selectors.session_is_locked(session),
            "may_change": access.can(request.user, access.Action.CHANGE, session),
            "evidence_form": EvidenceForm(),
        },
    )


def _forms(request: HttpRequest, project: Project, session: Session | None, unplanned: bool):
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    counts = _entry_counts(session) if session else None
    return (
        SessionForm(data, instance=session, project=project, unplanned=unplanned, prefix="s"),
        ParticipantCountForm(data, instance=counts, prefix="c"),
        AgendaItemFormSet(data, instance=session or Session(), prefix="agenda"),
        OutputFormSet(
            data,
            instance=session or Session(),
            prefix="outputs",
            form_kwargs={"project": project},
        ),
        EvidenceForm(data, files, prefix="e") if session is None else None,
    )


def _payload(session_form, count_form, agenda, outputs) -> dict:
    """Return the data of ``services.session_record`` / ``session_update`` from the forms."""
    data = {k: v for k, v in session_form.cleaned_data.items() if k != "dates"}
    counts = dict(count_form.cleaned_data)
    data["participants"] = counts
    data["agenda_items"] = [
        {k: f.cleaned_data.get(k) for k in ("number", "title", "summary")}
        for f in agenda.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("title")
    ]
    data["outputs"] = [
        {k: f.cleaned_data.get(k) for k in ("planned_output", "description", "quantity")}
        for f in outputs.forms
        if f.cleaned_data
        and not f.cleaned_data.get("DELETE")
        and (f.cleaned_data.get("description") or f.cleaned_data.get("planned_output"))
    ]
    return data


def _evidence_given(evidence_form) -> bool:
    return evidence_form is not None and bool(evidence_form.files.get("e-file"))


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(
    Project,
    access.Action.CHANGE,
    kwarg="code",
    url_kwargs=project_url_kwargs,
    methods=("GET", "POST"),
)
def session_create(request: HttpRequest, code: str, unplanned: bool = False) -> HttpResponse:
    """Record a held session of a planned activity (or an unplanned record under a budget category)."""
    project = access.get_object_or_404(request.user, Project, access.Action.CHANGE, code=code)
    session_form, count_form, agenda, outputs, evidence_form = _forms(
        request, project, None, unplanned
    )
    if request.method == "POST":
        valid = all(
            [session_form.is_valid(), count_form.is_valid(), agenda.is_valid(), outputs.is_valid()]
        )
        if _evidence_given(evidence_form):
            valid = evidence_form.is_valid() and valid
        if valid:
            payload = _payload(session_form, count_form, agenda, outputs)
            try:
                with transaction.atomic():
                    session = services.session_record(project, payload, user=request.user)
                    if _evidence_given(evidence_form):
                        services.evidence_add(
                            session,
                            evidence_form.cleaned_data["file"],
                            user=request.user,
                            kind=evidence_form.cleaned_data["kind"],
                        )
            except ValidationError as error:
                session_form.add_error(None, error)
            else:
                messages.success(request, _("The session has been recorded."))
                return redirect("projects:session", pk=session.pk)
    return render(
        request,
        "projects/session_form.html",
        {
            "project": project,
            "session": None,
            "unplanned": unplanned,
            "form": session_form,
            "count_form": count_form,
            "agenda": agenda,
            "outputs": outputs,
            "evidence_form": evidence_form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(Session, access.Action.CHANGE, methods=("GET", "POST"))
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a session; refused (with no change) when its reporting period is locked."""
    session = access.get_object_or_404(
        request.user,
        Session.objects.select_related(*SESSION_RELATED).prefetch_related(
            "counts", "agenda_items", "outputs"
        ),
        access.Action.CHANGE,
        pk=pk,
    )
    project = session.project
    if selectors.session_is_locked(session):
        messages.error(request, _("This session is in a locked reporting period."))
        return redirect("projects:session", pk=session.pk)
    unplanned = session.activity_id is None
    session_form, count_form, agenda, outputs, _evidence = _forms(
        request, project, session, unplanned
    )
    if request.method == "POST":
        valid = all(
            [session_form.is_valid(), count_form.is_valid(), agenda.is_valid(), outputs.is_valid()]
        )
        if valid:
            payload = _payload(session_form, count_form, agenda, outputs)
            try:
                services.session_update(session, payload, user=request.user)
            except ValidationError as error:
                session_form.add_error(None, error)
            else:
                messages.success(request, _("The session has been saved."))
                return redirect("projects:session", pk=session.pk)
    return render(
        request,
        "projects/session_form.html",
        {
            "project": project,
            "session": session,
            "unplanned": unplanned,
            "form": session_form,
            "count_form": count_form,
            "agenda": agenda,
            "outputs": outputs,
            "evidence_form": None,
        },
    )


@login_required
@require_POST
@access.object_view(Session, access.Action.CHANGE, methods=("POST",))
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach one evidence file to a session (size and type checked by the service)."""
    session = access.get_object_or_404(request.user, Session, access.Action.CHANGE, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(
                session,
                form.cleaned_data["file"],
                user=request.user,
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The file has been attached."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("projects:session", pk=session.pk)


@login_required
@require_GET
@access.object_view(Evidence)
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Send an evidence file as a download (never shown inline, never as HTML)."""
    evidence = access.get_object_or_404(request.user, Evidence, pk=pk)
    return services.evidence_open(request.user, evidence)
