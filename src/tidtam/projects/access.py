"""How programmes, projects and the monitoring record belong to organisations and areas.

Imported from ``ProjectsConfig.ready``. Children inherit the project's rules through
``projects=`` paths, so a session is visible exactly to those who may see its project.
"""

from __future__ import annotations

from tidtam.accounts import access
from tidtam.projects import models as m

# Those who may see a project may see its programme's page (VIEW only: changing a programme and
# the money under it stays with its owner, region and funder).
access.register(
    m.Programme,
    organisations=("owner",),
    regions=("region",),
    funders=("funder",),
    viewed_through=("projects",),
)
# A regional-level project has no province: its region is its programme's (seed 003's "งบภาค"
# line), so a regional office sees the regional projects of its programmes.
access.register(
    m.Project,
    organisations=("proposing_organisation", "implementing_organisation"),
    provinces=("province", "working_provinces"),
    regions=("programme__region",),
    subdistricts=("working_subdistricts",),
    funders=("programme__funder",),
)
for _model in (
    m.ProjectTargetGroup,
    m.WorkPlan,
    m.ChangeRequest,
    m.ReportingPeriod,
    m.Session,
):
    access.register(_model, projects=("project",))
access.register(m.ProjectTeamMember, projects=("project",), personal_fields=("person",))
access.register(m.Activity, projects=("plan__project",))
access.register(m.ActivityMonth, projects=("activity__plan__project",))
access.register(m.PlannedOutput, projects=("activity__plan__project",))
for _child in (m.AgendaItem, m.ParticipantCount, m.OutputAchieved, m.Evidence):
    access.register(_child, projects=("session__project",))
access.register(m.ReviewComment, projects=("period__project",))
