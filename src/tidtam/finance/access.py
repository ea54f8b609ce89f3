"""How money belongs to organisations, areas and projects (imported from FinanceConfig.ready).

Everything under a project inherits the project's rules; frames and committees belong to the
programme's owner, region and funder. All of it is FINANCE data in ``access.ROLE_ACTIONS``.
"""

from __future__ import annotations

from tidtam.accounts import access
from tidtam.accounts.access import DataKind
from tidtam.finance import models as m

FINANCE = DataKind.FINANCE

access.register(
    m.BudgetFrame,
    organisations=("programme__owner",),
    provinces=("province",),
    regions=("region", "programme__region"),
    funders=("programme__funder",),
    kind=FINANCE,
)
access.register(m.BudgetFrameRevision, projects=("frame",), kind=FINANCE)
access.register(m.TranchePolicy, projects=("programme",), kind=FINANCE)
access.register(m.Committee, organisations=("organisation",), regions=("region",), kind=FINANCE)
access.register(m.CommitteeMeeting, projects=("committee",), kind=FINANCE)
for _model in (m.Decision, m.ProjectApproval, m.Tranche, m.Transfer, m.BudgetLine):
    access.register(_model, projects=("project",), kind=FINANCE)
access.register(m.Expenditure, projects=("budget_line__project",), kind=FINANCE)
