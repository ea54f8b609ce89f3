"""Project and session lists are scoped by access; another organisation's data is invisible."""

from __future__ import annotations

import pytest
from django.http import Http404

from tests.projects.factories import ProjectFactory, SessionFactory, user_with_grant
from tidtam.accounts.models import Role
from tidtam.projects import selectors

pytestmark = pytest.mark.django_db


def test_lists_are_scoped(project, coordinator, outsider):
    mine = SessionFactory(activity__plan__project=project)
    other_project = ProjectFactory(code="OTHER-1", province_id="50")
    SessionFactory(activity__plan__project=other_project)
    assert list(selectors.project_list(coordinator)) == [project]
    assert list(selectors.session_list(coordinator)) == [mine]
    assert list(selectors.project_list(outsider)) == [other_project]
    assert list(selectors.project_list(coordinator, q=project.code)) == [project]
    with pytest.raises(Http404):
        selectors.project_page(outsider, project)
    with pytest.raises(Http404):
        selectors.session_detail(outsider, mine)


def test_funder_sees_what_it_funds(project):
    funder_user = user_with_grant("funder", Role.FUNDER, organisation=project.programme.funder)
    other = ProjectFactory(code="OTHER-2")
    assert list(selectors.project_list(funder_user)) == [project]
    assert other not in selectors.project_list(funder_user)
