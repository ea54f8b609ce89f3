"""Reads of the data-quality checker: the scope the checks see, and the report they make.

``quality_report(user, ...)`` scopes every queryset the checks start from with
``tidtam.accounts.access.scoped`` (``user=None`` is the command line: everything), filters
them to a programme or a project, runs every check of ``tidtam.quality.checks`` and groups
the findings by severity. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from tidtam.accounts import access
from tidtam.areas.models import Community
from tidtam.organisations.models import Organisation
from tidtam.projects.models import ChangeRequest, Programme, Project
from tidtam.quality.checks import CHECKS, SEVERITY_LABELS, Finding, Scope, Severity
from tidtam.results.models import Indicator, Target


class UnknownCode(ValueError):
    """A programme or project code that does not exist (or that the user may not see)."""

    def __init__(self, what: str, code: str) -> None:
        self.what = what
        self.code = code
        super().__init__(f"{what} {code}")


def _scoped(
    user: Any,
    qs: QuerySet[Any],
    *,
    kind: access.DataKind | None = None,
    action: access.Action = access.Action.VIEW,
) -> QuerySet[Any]:
    if user is None:
        return qs
    return access.scoped(user, qs, action, kind=kind)


def quality_scope(
    user: Any,
    *,
    programme_code: str = "",
    project_code: str = "",
    as_of: dt.date | None = None,
) -> Scope:
    """Return what the checks may see: the user's data, narrowed to a programme or project.

    Raises ``UnknownCode`` for a programme or project code the user cannot see.
    """
    programmes: QuerySet[Programme] = _scoped(user, Programme.objects.all())
    projects: QuerySet[Project] = _scoped(user, Project.objects.all())
    if programme_code:
        if not programmes.filter(code=programme_code).exists():
            raise UnknownCode("programme", programme_code)
        programmes = programmes.filter(code=programme_code)
        projects = projects.filter(programme__code=programme_code)
    if project_code:
        project = projects.filter(code=project_code).first()
        if project is None:
            raise UnknownCode("project", project_code)
        projects = projects.filter(pk=project.pk)
        programmes = programmes.filter(pk=project.programme_id)
    filtered = bool(programme_code or project_code)
    finance_projects: QuerySet[Project] = _scoped(
        user, Project.objects.filter(pk__in=projects.values("pk")), kind=access.DataKind.FINANCE
    )
    indicators: QuerySet[Indicator] = _scoped(user, Indicator.objects.all())
    if filtered:
        link = Q(project__in=projects)
        if not project_code:
            link |= Q(programme__in=programmes)
        indicators = indicators.filter(link)
    change_requests: QuerySet[ChangeRequest] = _scoped(
        user, ChangeRequest.objects.filter(project__in=projects)
    )

    history = access.Action.VIEW_HISTORY

    def history_visible(model: type[Model]) -> QuerySet[Any] | None:
        # The audit trail (who changed what, old and new values) needs VIEW_HISTORY.
        if model is Target:
            return _scoped(user, Target.objects.filter(indicator__in=indicators), action=history)
        names = {f.name for f in model._meta.get_fields()}
        if "project" in names:
            qs = model._default_manager.filter(project__in=projects)
            return _scoped(user, qs, action=history)
        if filtered:
            return None
        return _scoped(user, model._default_manager.all(), action=history)

    return Scope(
        as_of=as_of or timezone.localdate(),
        programmes=programmes,
        projects=projects,
        finance_projects=finance_projects,
        indicators=indicators,
        organisations=_scoped(user, Organisation.objects.all()),
        communities=_scoped(user, Community.objects.all()),
        change_requests=change_requests,
        history_visible=history_visible,
        filtered=filtered,
    )


@dataclass
class SeverityGroup:
    """The findings of one severity, in check order then record order."""

    severity: str
    findings: list[Finding]

    @property
    def label(self) -> str:
        return str(SEVERITY_LABELS[self.severity])


@dataclass
class QualityReport:
    """Every finding, grouped by severity (error, warning, info), and how many of each kind."""

    as_of: dt.date
    programme_code: str
    project_code: str
    findings: list[Finding]
    groups: list[SeverityGroup] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)
    unfiltered: int = 0

    @property
    def count(self) -> int:
        return len(self.findings)

    def as_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "programme": self.programme_code or None,
            "project": self.project_code or None,
            "counts": {g.severity: len(g.findings) for g in self.groups},
            "kinds": self.kinds,
            "findings": [f.as_json() for f in self.findings],
        }


def run_checks(scope: Scope) -> list[Finding]:
    """Return every check's findings, errors first, each check's own order kept within a severity."""
    found: list[Finding] = []
    for check in CHECKS:
        found.extend(sorted(check(scope), key=lambda f: f.sort))
    rank = {s: i for i, s in enumerate(Severity.ORDER)}
    return sorted(found, key=lambda f: rank[f.severity])


def quality_report(
    user: Any,
    *,
    programme_code: str = "",
    project_code: str = "",
    as_of: dt.date | None = None,
    severity: str = "",
    kind: str = "",
) -> QualityReport:
    """Run every check on what ``user`` may see (``None``: everything) and group the findings.

    ``severity`` and ``kind`` keep only the findings of that severity or kind (the page's
    filters); ``unfiltered`` then still counts every finding.
    """
    scope = quality_scope(
        user, programme_code=programme_code, project_code=project_code, as_of=as_of
    )
    every = run_checks(scope)
    findings = [
        f
        for f in every
        if (not severity or f.severity == severity) and (not kind or f.kind == kind)
    ]
    shown = [severity] if severity else list(Severity.ORDER)
    groups = [SeverityGroup(s, [f for f in findings if f.severity == s]) for s in shown]
    return QualityReport(
        as_of=scope.as_of,
        programme_code=programme_code,
        project_code=project_code,
        findings=findings,
        groups=groups,
        kinds=dict(sorted(Counter(f.kind for f in findings).items())),
        unfiltered=len(every),
    )


def visible_programmes(user: Any) -> QuerySet[Programme]:
    """Return the programmes the user may filter by, newest first."""
    return _scoped(user, Programme.objects.order_by("-first_fiscal_year", "code"))


def visible_projects(user: Any, programme_code: str = "") -> QuerySet[Project]:
    """Return the projects the user may filter by (of one programme when given), by code."""
    qs = _scoped(user, Project.objects.order_by("code"))
    if programme_code:
        qs = qs.filter(programme__code=programme_code)
    return qs
