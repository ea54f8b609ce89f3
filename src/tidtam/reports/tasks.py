"""Background tasks of the reports app (django-tasks, queue "reports")."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="reports")
def run_report_job(job_id: int) -> str:
    """Generate the report of one ReportJob row and record the outcome on it."""
    from tidtam.reports.services import report_job_run

    return str(report_job_run(job_id).status)
