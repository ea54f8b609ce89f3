"""Fixtures of the reports tests: the demo (seed 000's KKD-2566) and background tasks run inline."""

from __future__ import annotations

import datetime as dt

import pytest

from tidtam.areas.loading import ensure_areas_loaded

KKD = "KKD-2566"
START = dt.date(2023, 2, 1)
END = dt.date(2023, 9, 30)

IMMEDIATE_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "reports", "imports"],
    }
}


@pytest.fixture
def immediate_tasks(settings):
    """Run django-tasks synchronously, as the worker would."""
    settings.TASKS = IMMEDIATE_TASKS  # django-tasks drops its cached backends on the change
    return settings.TASKS


@pytest.fixture
def demo(db, media_dir):
    """Load the whole demo (every step, through the services) and return KKD-2566."""
    from tidtam.demo.steps import run_steps
    from tidtam.projects.models import Project

    ensure_areas_loaded()
    run_steps()
    return Project.objects.get(code=KKD)


@pytest.fixture
def admin_user(db):
    from tidtam.accounts.models import User

    return User.objects.create_superuser("boss", password="a-strong-pass-2568")
