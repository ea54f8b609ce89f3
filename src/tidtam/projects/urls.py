"""Pages of programmes, projects, plans, sessions and review (mounted at /projects/)."""

from django.urls import path

from tidtam.projects.views import field, plans, programmes, projects, review, sessions

app_name = "projects"
urlpatterns = [
    path("", projects.project_list, name="index"),
    path("new/", projects.project_create, name="project_create"),
    path("programmes/", programmes.programme_list, name="programmes"),
    path("programmes/<int:pk>/", programmes.programme_detail, name="programme"),
    # Plans and change requests
    path("plans/<int:pk>/edit/", plans.work_plan_edit, name="work_plan_edit"),
    path("activities/<int:pk>/edit/", plans.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/change/", plans.change_request_create, name="change_request_create"),
    path("change-requests/<int:pk>/", plans.change_request_detail, name="change_request"),
    # Sessions and evidence
    path("sessions/<int:pk>/", sessions.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", sessions.session_edit, name="session_edit"),
    path("sessions/<int:pk>/evidence/", sessions.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", sessions.evidence_download, name="evidence_download"),
    # Review
    path("periods/<int:pk>/", review.period_detail, name="period"),
    path("periods/<int:pk>/submit/", review.period_submit, name="period_submit"),
    path("periods/<int:pk>/return/", review.period_return, name="period_return"),
    path("periods/<int:pk>/approve/", review.period_approve, name="period_approve"),
    path("periods/<int:pk>/unlock/", review.period_unlock, name="period_unlock"),
    # One project (by its code)
    path("<str:code>/", projects.project_page, name="project"),
    path("<str:code>/edit/", projects.project_edit, name="project_edit"),
    path("<str:code>/plans/", plans.plan_page, name="plans"),
    path("<str:code>/plans/new/", plans.work_plan_create, name="work_plan_create"),
    path("<str:code>/activities/new/", plans.activity_create, name="activity_create"),
    path("<str:code>/sessions/new/", sessions.session_create, name="session_create"),
    path(
        "<str:code>/sessions/unplanned/",
        sessions.session_create,
        {"unplanned": True},
        name="session_create_unplanned",
    ),
    path("<str:code>/record/", field.record, name="record"),
    path("<str:code>/periods/", review.period_list, name="periods"),
]
