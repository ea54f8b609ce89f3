"""Background tasks of the imports app (django-tasks, queue "imports")."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="imports")
def check_import(run_id: int) -> str:
    """Check an uploaded file (a dry run) and record the preview on its ImportRun."""
    from tidtam.imports.services import import_check

    return str(import_check(run_id).status)


@task(queue_name="imports")
def apply_import(run_id: int) -> str:
    """Apply a checked file and record the outcome on its ImportRun."""
    from tidtam.imports.services import import_apply

    return str(import_apply(run_id).status)
