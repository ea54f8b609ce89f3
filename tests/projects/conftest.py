from __future__ import annotations

import pytest

from tests.projects.factories import ProjectFactory, user_with_grant
from tidtam.accounts.models import Role


@pytest.fixture
def project(db):
    return ProjectFactory()


@pytest.fixture
def coordinator(project):
    return user_with_grant(
        "coordinator", Role.COORDINATOR, organisation=project.implementing_organisation
    )


@pytest.fixture
def reviewer(project):
    return user_with_grant("reviewer", Role.AREA_OFFICER, province=project.province)


@pytest.fixture
def outsider(db):
    return user_with_grant("outsider", Role.AREA_OFFICER, province_id="50")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Call a service as if its transaction committed: its on_commit callbacks run."""

    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return run
