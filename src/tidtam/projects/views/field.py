"""The phone flow (issue 4 §7): record a session in under two minutes, even offline.

The page works as a plain form. ``static/projects/record.js`` takes it over: it keeps the draft
in the browser, gives each draft an idempotency key, posts with ``fetch`` asking for JSON, and
re-sends queued drafts when the connection comes back. A key the server already knows returns
the session recorded the first time, so a draft sent twice is recorded once.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tidtam.accounts import access
from tidtam.projects import services
from tidtam.projects.forms import FieldRecordForm
from tidtam.projects.models import EvidenceKind, Project
from tidtam.projects.views.projects import project_url_kwargs


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_http_methods(["GET", "POST"])
@access.object_view(
    Project,
    access.Action.CHANGE,
    kwarg="code",
    url_kwargs=project_url_kwargs,
    methods=("GET", "POST"),
)
def record(request: HttpRequest, code: str) -> HttpResponse:
    """Show the phone form (GET) or record one session from it (POST, form or fetch)."""
    project = access.get_object_or_404(request.user, Project, access.Action.CHANGE, code=code)
    if request.method == "POST":
        form = FieldRecordForm(request.POST, request.FILES, project=project)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    session = services.session_record(
                        project,
                        {
                            "activity": data["activity"],
                            "start_date": data["start_date"],
                            "place": data["place"],
                            "participants": {
                                "total": data["total"],
                                "men": data["men"],
                                "women": data["women"],
                            },
                        },
                        user=request.user,
                        idempotency_key=data["idempotency_key"] or None,
                    )
                    created = session.was_created
                    if created and data.get("photo"):
                        services.evidence_add(
                            session, data["photo"], user=request.user, kind=EvidenceKind.PHOTO
                        )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                url = reverse("projects:session", kwargs={"pk": session.pk})
                if _wants_json(request):
                    return JsonResponse(
                        {"id": session.pk, "url": url, "created": created},
                        status=201 if created else 200,
                    )
                messages.success(request, _("The session has been recorded."))
                return redirect(url)
        if _wants_json(request):
            return JsonResponse(
                {"errors": {k: [str(m) for m in v] for k, v in form.errors.items()}}, status=400
            )
    else:
        form = FieldRecordForm(
            initial={"idempotency_key": str(uuid.uuid4()), "start_date": timezone.localdate()},
            project=project,
        )
    return render(request, "projects/record.html", {"project": project, "form": form})
