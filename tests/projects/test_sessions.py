"""Recording sessions: idempotency, typed counts refused, legacy counts kept, evidence."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from tests.projects.factories import ActivityFactory, SessionFactory, WorkPlanFactory
from tidtam.projects import services
from tidtam.projects.errors import EvidenceRefused
from tidtam.projects.models import (
    AgendaItem,
    Evidence,
    OutputAchieved,
    ParticipantCount,
    Session,
)

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"0" * 64


@pytest.fixture
def activity(project):
    return ActivityFactory(plan=WorkPlanFactory(project=project, number=1), planned_sessions=5)


def _rows() -> tuple[int, ...]:
    return (
        Session.objects.count(),
        Session.history.count(),
        ParticipantCount.objects.count(),
        ParticipantCount.history.count(),
        AgendaItem.objects.count(),
        OutputAchieved.objects.count(),
    )


def _data(activity, **extra):
    return {
        "activity": activity,
        "number": 1,
        "start_date": dt.date(2023, 3, 10),
        "place": "ชุมชนมิตรภาพ",
        "participants": {"total": 7, "men": 2, "women": 5, "project_team": 7},
        "agenda_items": [{"title": "ทบทวนโครงการ", "summary": "สรุป"}],
        **extra,
    }


def test_recording_twice_with_the_same_key_gives_one_session(project, activity, coordinator):
    first = services.session_record(
        project, _data(activity), user=coordinator, idempotency_key="phone-1234"
    )
    assert first.was_created is True
    rows = _rows()
    again = services.session_record(
        project, _data(activity, place="ส่งซ้ำ"), user=coordinator, idempotency_key="phone-1234"
    )
    assert again.pk == first.pk and again.was_created is False
    assert _rows() == rows
    assert Session.objects.get().place == "ชุมชนมิตรภาพ"
    counts = ParticipantCount.objects.get()
    assert (counts.source, counts.total, counts.men, counts.women) == ("entry", 7, 2, 5)
    assert Session.history.get().history_user == coordinator


def test_a_key_of_another_project_is_refused(project, activity, coordinator):
    from tests.projects.factories import ProjectFactory

    services.session_record(project, _data(activity), user=coordinator, idempotency_key="k")
    other = ProjectFactory()
    with pytest.raises(ValidationError):
        services.session_record(other, {"title": "x", "start_date": dt.date(2023, 3, 1)},
                                user=coordinator, idempotency_key="k")  # fmt: skip
    assert Session.objects.count() == 1


@pytest.mark.parametrize(
    ("participants", "number", "field"),
    [
        ({"total": 7, "women": 8}, 1, "women"),
        ({"total": 7, "men": 3, "women": 5}, 1, "total"),
        ({"total": 7, "project_team": 8}, 1, "project_team"),
        ({"civil_society_people": 1, "civil_society_women": 2}, 1, "civil_society_women"),
        ({"total": -1}, 1, "total"),
        ({"total": 7}, 6, "number"),  # session 6 of N = 5
    ],
)
def test_impossible_typed_input_is_refused_and_nothing_saved(
    project, activity, coordinator, participants, number, field
):
    rows = _rows()
    with pytest.raises(ValidationError) as excinfo:
        services.session_record(
            project,
            _data(activity, participants=participants, number=number),
            user=coordinator,
            idempotency_key="bad",
        )
    assert field in excinfo.value.message_dict
    assert _rows() == rows


def test_legacy_counts_are_stored_as_given(project, activity, coordinator):
    session = services.session_record(
        project,
        {
            "activity": activity,
            "start_date": dt.date(2023, 6, 18),
            "counts": {
                "summary_form": {
                    "total": None,
                    "men": 12,
                    "women": 30,
                    "community_leaders": 10,
                    "civil_society_people": 1,
                }
            },
        },
        user=coordinator,
        imported=True,
    )
    row = session.counts.get()
    assert (row.men, row.women, row.community_leaders, row.total) == (12, 30, 10, None)


def test_session_update_checks_typed_counts_and_changes_nothing_when_refused(
    project, activity, coordinator
):
    session = services.session_record(project, _data(activity), user=coordinator)
    rows = _rows()
    with pytest.raises(ValidationError):
        services.session_update(
            session, {"place": "ใหม่", "participants": {"total": 3, "women": 4}}, user=coordinator
        )
    assert _rows() == rows
    assert Session.objects.get().place == "ชุมชนมิตรภาพ"
    services.session_update(
        session, {"place": "ใหม่", "participants": {"total": 9, "women": 4}}, user=coordinator
    )
    assert (Session.objects.get().place, ParticipantCount.objects.get().total) == ("ใหม่", 9)


def test_activity_of_another_project_is_refused(project, coordinator):
    foreign = ActivityFactory()
    with pytest.raises(ValidationError):
        services.session_record(
            project, {"activity": foreign, "start_date": dt.date(2023, 3, 1)}, user=coordinator
        )
    assert Session.objects.count() == 0


def test_unplanned_session_under_a_budget_category(project, coordinator):
    session = services.session_record(
        project,
        {"budget_category": "หมวดค่าบุคลากร", "start_date": dt.date(2023, 5, 19)},
        user=coordinator,
    )
    assert (session.activity, session.budget_category) == (None, "หมวดค่าบุคลากร")


def test_evidence_is_sniffed_stored_under_a_random_name_and_served_safely(
    project, activity, coordinator, reviewer, outsider, media_dir
):
    session = SessionFactory(activity=activity)
    photo = services.evidence_add(
        session, SimpleUploadedFile("รูป.png", PNG, "text/html"), user=coordinator, kind="photo"
    )
    assert (photo.content_type, photo.original_name, photo.size) == ("image/png", "รูป.png", 72)
    assert "รูป" not in photo.file.name and photo.file.name.startswith("evidence/")
    response = services.evidence_open(reviewer, photo)
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in response.get("Content-Disposition", "")
    pdf = services.evidence_add(
        session, SimpleUploadedFile("minutes.pdf", PDF), user=coordinator, kind="minutes"
    )
    response = services.evidence_open(coordinator, pdf)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    with pytest.raises((Http404, PermissionDenied)):
        services.evidence_open(outsider, pdf)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", b"<!doctype html><script>alert(1)</script>"),
        ("photo.png", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>"),
        ("notes.txt", b"hello <script>alert(1)</script>"),
        ("program.exe", b"MZ\x90\x00"),
        ("empty.pdf", b""),
    ],
)
def test_evidence_refused_types(project, activity, coordinator, media_dir, name, content):
    session = SessionFactory(activity=activity)
    with pytest.raises(EvidenceRefused):
        services.evidence_add(
            session, SimpleUploadedFile(name, content), user=coordinator, kind="other"
        )
    assert Evidence.objects.count() == 0
    assert Evidence.history.count() == 0


def test_evidence_size_limit(project, activity, coordinator, media_dir, settings):
    settings.TIDTAM_EVIDENCE_MAX_BYTES = 50
    session = SessionFactory(activity=activity)
    with pytest.raises(EvidenceRefused) as excinfo:
        services.evidence_add(session, SimpleUploadedFile("a.pdf", PDF), user=coordinator,
                              kind="minutes")  # fmt: skip
    assert excinfo.value.code == "too_large"
    assert Evidence.objects.count() == 0
