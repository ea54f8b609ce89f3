"""How indicators, targets and results belong to organisations, regions and projects.

Read by ``tidtam.accounts.access``'s autodiscovery. An indicator is seen by whoever may see its
organisation, programme or project, and by the officers of a region or province in which it
has a target or which reports it; a result belongs to its region or province (and to the indicator's owners).
Target values change only with a reason (the revision's reason).
"""

from __future__ import annotations

from tidtam.accounts import access
from tidtam.accounts.access import DataKind
from tidtam.audit.services import require_reason_for
from tidtam.results import models as m

access.register(
    m.Indicator,
    organisations=("organisation", "owner", "programme__owner"),
    regions=("regions", "targets__region", "programme__region"),
    provinces=("regions__provinces", "targets__province", "targets__region__provinces"),
    projects=("project",),
    kind=DataKind.INDICATORS,
)
access.register(m.Target, projects=("indicator",), kind=DataKind.INDICATORS)
access.register(m.TargetRevision, projects=("target",), kind=DataKind.INDICATORS)
access.register(
    m.Result,
    organisations=("indicator__organisation", "indicator__owner"),
    regions=("region",),
    provinces=("province", "region__provinces"),
    projects=("indicator__project",),
    kind=DataKind.PROJECT,
)
require_reason_for(m.Target, fields=["value"])
