"""The audit trail: history pages, the auditors' page, XLSX export, reasons."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from tidtam.accounts.models import Grant, Role, User
from tidtam.audit import services
from tidtam.audit.services import ReasonRequired, reason_required, with_reason
from tidtam.projects.models import Project

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="th", REMOTE_ADDR="10.1.2.3")
    client.force_login(user)
    return client


def history_url(obj):
    return reverse(
        "audit:history",
        kwargs={"app_label": obj._meta.app_label, "model": obj._meta.model_name, "pk": obj.pk},
    )


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", password="correct-horse-battery-9")


def test_admin_change_appears_with_old_and_new_values(world, superuser):
    auditor = world.user(Role.AUDITOR, "country")
    grant = Grant.objects.create(
        user=world.user(Role.FIELD_STAFF, "a").__class__.objects.create_user("x"),
        role=Role.FIELD_STAFF,
        organisation=world.a.organisation,
    )
    admin = client_for(superuser)
    url = reverse("admin:accounts_grant_change", args=[grant.pk])
    response = admin.post(
        url,
        {
            "user": grant.user_id,
            "role": Role.COORDINATOR,
            "organisation": world.a.organisation.pk,
            "region": "",
            "province": "",
            "district": "",
            "subdistrict": "",
            "granted_by": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client_for(auditor).get(reverse("audit:index")).content.decode()
    assert "เจ้าหน้าที่ภาคสนาม" in page or "field staff" in page  # old role label
    assert "ผู้ประสานงานโครงการ" in page or "project coordinator" in page  # new role label
    assert "10.1.2.3" in page
    assert "root" in page


def test_view_change_appears_on_the_audit_page(world, superuser):
    auditor = world.user(Role.AUDITOR, "country")
    target = User.objects.create_user("newcomer")
    response = client_for(superuser).post(
        reverse("accounts:user_grants", args=[target.pk]),
        {"role": Role.AREA_OFFICER, "province": world.a.province.pk},
    )
    assert response.status_code == 302
    page = client_for(auditor).get(reverse("audit:index")).content.decode()
    assert str(world.a.province) in page
    assert "newcomer" in page


def test_history_page_shows_readable_field_changes(world):
    project = world.a.project
    project.title = "ชื่อใหม่ของโครงการ"
    project.implementing_organisation = world.a.organisation
    reason_required(project, "แก้ชื่อตามมติที่ประชุม")
    project.save()
    coordinator = world.user(Role.COORDINATOR, "a")
    body = client_for(coordinator).get(history_url(project)).content.decode()
    assert "ชื่อใหม่ของโครงการ" in body
    assert "โครงการทดสอบ เหนือทดสอบ" in body  # the old title
    assert str(world.a.organisation) in body  # FK shown by name, not id
    assert str(world.a.member) in body
    assert "แก้ชื่อตามมติที่ประชุม" in body


def test_history_page_is_scoped(world):
    coordinator_b = world.user(Role.COORDINATOR, "b")
    assert client_for(coordinator_b).get(history_url(world.a.project)).status_code == 404
    field_staff = world.user(Role.FIELD_STAFF, "a")  # may view, not read history
    assert client_for(field_staff).get(history_url(world.a.project)).status_code == 403
    assert (
        client_for(coordinator_b)
        .get(reverse("audit:history", kwargs={"app_label": "nope", "model": "nope", "pk": 1}))
        .status_code
        == 404
    )


def test_audit_page_filters(world):
    auditor = world.user(Role.AUDITOR, "country")
    client = client_for(auditor)
    url = reverse("audit:index")
    body = client.get(
        url, {"province": world.b.province.pk, "model": "projects.project"}
    ).content.decode()
    assert world.b.project.code in body
    assert world.a.project.code not in body
    body = client.get(url, {"date_from": "1/1/2500", "date_to": "2/1/2500"}).content.decode()
    assert world.a.project.code not in body
    body = client.get(url, {"user": "nobody-at-all"}).content.decode()
    assert world.a.project.code not in body


def test_audit_page_is_scoped_to_the_region(world):
    officer = world.user(Role.AREA_OFFICER, "a")
    body = client_for(officer).get(reverse("audit:index")).content.decode()
    assert world.a.project.code in body
    assert world.b.project.code not in body
    assert (
        client_for(world.user(Role.FIELD_STAFF, "a")).get(reverse("audit:index")).status_code == 403
    )


def test_audit_export_is_xlsx_with_thai_headers(world):
    auditor = world.user(Role.AUDITOR, "country")
    response = client_for(auditor).get(reverse("audit:export"), {"model": "projects.project"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["วันที่", "เวลา", "ผู้ใช้"]
    labels = {row[6] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert any(world.a.project.code in (label or "") for label in labels)
    assert any(world.b.project.code in (label or "") for label in labels)


@pytest.fixture
def title_needs_reason():
    services.require_reason_for(Project, fields=["title"])
    yield
    services._REASON_MODELS.pop(Project, None)


def test_change_without_reason_is_refused_and_nothing_saved(world, title_needs_reason):
    project = Project.objects.get(pk=world.a.project.pk)
    before = project.history.count()
    project.title = "เปลี่ยนโดยไม่มีเหตุผล"
    with pytest.raises(ReasonRequired):
        project.save()
    with pytest.raises(ReasonRequired):
        reason_required(project, "   ")
    with pytest.raises(ReasonRequired), with_reason(""):
        pass
    project.refresh_from_db()
    assert project.title == "โครงการทดสอบ เหนือทดสอบ"
    assert project.history.count() == before


def test_change_with_reason_is_saved_with_it(world, title_needs_reason):
    project = Project.objects.get(pk=world.a.project.pk)
    project.title = "มีเหตุผล"
    with with_reason("ปรับตามหนังสือแจ้ง"):
        project.save()
    assert project.history.first().history_change_reason == "ปรับตามหนังสือแจ้ง"
    # a reason is not reused by the next save of the same instance
    project.title = "อีกครั้ง"
    reason_required(project, "ครั้งที่สอง")
    project.save()
    project.title = "ครั้งที่สาม"
    with pytest.raises(ReasonRequired):
        project.save()
    # other fields change freely
    project.refresh_from_db()
    project.phase = "ระยะที่ 2"
    project.save()


def test_delete_without_reason_is_refused(world, title_needs_reason):
    from django.db import transaction

    project = world.b.project
    # Django deletes inside atomic(savepoint=False): the guard's refusal rolls the block back.
    with pytest.raises(ReasonRequired), transaction.atomic():
        project.delete()
    assert Project.objects.filter(pk=project.pk).exists()


def test_every_audited_model_in_the_admin_shows_its_history():
    from django.contrib import admin
    from simple_history.admin import SimpleHistoryAdmin

    from tidtam.audit.selectors import audited_models

    audited = set(audited_models())
    plain = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if model in audited and not isinstance(model_admin, SimpleHistoryAdmin)
    ]
    assert plain == [], f"register these with SimpleHistoryAdmin (docs/audit.md): {plain}"


def test_audit_page_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries):
    from tidtam.audit.selectors import AuditFilter, audit_rows, audited_models

    auditor = world.user(Role.AUDITOR, "country")
    tables = len(audited_models())
    rows = audit_rows(auditor, AuditFilter())
    # one COUNT and one slice per historical table, plus a few lookups per table on the page
    with django_assert_max_num_queries(tables * 2 + 30):
        entries = rows[0:50]
        assert rows.count() >= 8
    assert len(entries) >= 8


def test_change_through_a_page_shows_old_and_new_values(world):
    """An area officer edits an organisation on its page; the auditor sees old → new."""
    officer = world.user(Role.AREA_OFFICER, "a")
    organisation = world.a.organisation
    response = client_for(officer).post(
        reverse("organisations:edit", args=[organisation.pk]),
        {
            "name": organisation.name,
            "kind": organisation.kind,
            "province": organisation.province_id,
            "phone": "043-123456",
            "notes": "ย้ายสำนักงาน",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    auditor = world.user(Role.AUDITOR, "country")
    body = (
        client_for(auditor)
        .get(reverse("audit:index"), {"model": "organisations.organisation"})
        .content.decode()
    )
    assert "043-123456" in body
    assert "ย้ายสำนักงาน" in body
    assert "10.1.2.3" in body
    assert str(officer) in body
