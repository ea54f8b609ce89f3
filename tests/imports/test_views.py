"""The import pages: templates and exports to download, upload → preview → confirm, good rows
only with the error file, who may see what."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.organisations.factories import PASSWORD, OrganisationFactory, user_with_grant
from tidtam.accounts.models import Role
from tidtam.areas.models import Province
from tidtam.imports import services
from tidtam.imports.kinds import available_kinds, get_kind
from tidtam.imports.models import ImportRun, ImportStatus
from tidtam.organisations.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMMEDIATE_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "reports", "imports"],
    }
}
SHEET = "องค์กร"


@pytest.fixture
def immediate_tasks(settings):
    """Run the check and the import inside the request, as the worker would."""
    settings.TASKS = IMMEDIATE_TASKS
    return settings.TASKS


@pytest.fixture
def world(media_dir):
    khon_kaen = Province.objects.get(code="40")
    chiang_mai = Province.objects.get(code="50")
    sila = OrganisationFactory(
        name="สภาองค์กรชุมชนตำบลศิลา",
        kind=OrganisationKind.COMMUNITY_COUNCIL,
        province=khon_kaen,
        phone="043 000 111",
    )
    consumers = OrganisationFactory(
        name="สมาคมผู้บริโภคจังหวัดขอนแก่น", kind=OrganisationKind.ASSOCIATION, province=khon_kaen
    )
    northern = OrganisationFactory(name="เครือข่ายองค์กรชุมชนเชียงใหม่", province=chiang_mai)
    officer = user_with_grant("officer-kk", Role.AREA_OFFICER, province=khon_kaen)
    other = user_with_grant("officer-kk2", Role.AREA_OFFICER, province=khon_kaen)
    auditor = user_with_grant("auditor", Role.AUDITOR)
    return {
        "sila": sila,
        "consumers": consumers,
        "northern": northern,
        "officer": officer,
        "other": other,
        "auditor": auditor,
    }


def _login(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def _book(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _exported(client) -> openpyxl.Workbook:
    response = client.get(reverse("imports:export", kwargs={"kind": "organisations"}))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return _book(response)


def _rows(sheet) -> dict[str, int]:
    """Map each organisation's name to its spreadsheet row."""
    return {row[0].value: row[0].row for row in sheet.iter_rows(min_row=2) if row[0].value}


def _column(sheet, header: str) -> int:
    for cell in sheet[1]:
        if str(cell.value).rstrip(" *") == header:
            return cell.column
    raise KeyError(header)


def _upload(client, book, name="orgs.xlsx", good_rows_only=False):
    data = io.BytesIO()
    book.save(data)
    payload = {"kind": "organisations", "file": SimpleUploadedFile(name, data.getvalue(), XLSX)}
    if good_rows_only:
        payload["good_rows_only"] = "on"
    return client.post(reverse("imports:index"), payload)


def _edited_export(client, world, *, bad_row=False):
    """The officer's export with ศิลา's phone changed (and, if asked, a new row with an
    unknown province)."""
    book = _exported(client)
    sheet = book[SHEET]
    rows = _rows(sheet)
    assert set(rows) == {"สภาองค์กรชุมชนตำบลศิลา", "สมาคมผู้บริโภคจังหวัดขอนแก่น"}
    sheet.cell(rows["สภาองค์กรชุมชนตำบลศิลา"], _column(sheet, "โทรศัพท์"), "043 999 888")
    if bad_row:
        row = max(rows.values()) + 1
        sheet.cell(row, _column(sheet, "ชื่อองค์กร"), "กลุ่มออมทรัพย์บ้านใหม่")
        sheet.cell(row, _column(sheet, "จังหวัดที่ตั้ง"), "จังหวัดสมมุติ")
        sheet.cell(row, _column(sheet, "ประเภท"), str(OrganisationKind.ASSOCIATION.label))
    return book


def _counts(run, which="preview"):
    return getattr(run, which)["counts"][SHEET]


def test_index_lists_the_kinds_with_their_downloads(client, world, django_assert_num_queries):
    _login(client, "officer-kk")
    page = client.get(reverse("imports:index"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'href="/imports/organisations/template/"' in html
    assert 'href="/imports/people/export/"' in html
    assert 'name="good_rows_only"' in html
    assert '<option value="organisations">องค์กร</option>' in html
    with django_assert_num_queries(5):  # session, user, grants, the imports, unread count
        client.get(reverse("imports:index"))


def test_template_download_is_an_empty_workbook(client, world):
    _login(client, "officer-kk")
    response = client.get(reverse("imports:template", kwargs={"kind": "organisations"}))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="tidtam-organisations-template.xlsx"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    book = _book(response)
    assert book.sheetnames[:2] == ["คำอธิบาย", SHEET]
    assert book[SHEET].cell(1, 1).value == "ชื่อองค์กร *"
    assert book[SHEET].max_row == 1
    assert client.get("/imports/nothing/template/").status_code == 404


def test_export_holds_only_what_the_user_may_see(client, world):
    _login(client, "officer-kk")
    sheet = _exported(client)[SHEET]
    assert sorted(_rows(sheet)) == ["สภาองค์กรชุมชนตำบลศิลา", "สมาคมผู้บริโภคจังหวัดขอนแก่น"]


def test_upload_preview_confirm_changes_the_edited_field(
    client, world, immediate_tasks, django_assert_num_queries
):
    _login(client, "officer-kk")
    book = _edited_export(client, world)
    response = _upload(client, book)
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:run", kwargs={"pk": run.pk})
    assert run.status == ImportStatus.CHECKED
    assert run.requested_by == world["officer"]
    assert _counts(run) == {"created": 0, "updated": 1, "unchanged": 1, "refused": 0}
    assert run.preview["problems"] == []

    with django_assert_num_queries(5):  # session, user, grants, the run, unread count
        page = client.get(response["Location"]).content.decode()
    assert 'id="import-preview"' in page
    assert "hx-get" not in page  # the check is over: no polling
    assert "สภาองค์กรชุมชนตำบลศิลา / ขอนแก่น" in page
    assert "<del>043 000 111</del> → <ins>043 999 888</ins>" in page
    world["sila"].refresh_from_db()
    assert world["sila"].phone == "043 000 111"  # nothing saved before confirmation
    before = world["sila"].history.count()

    response = client.post(reverse("imports:confirm", kwargs={"pk": run.pk}))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED
    assert _counts(run, "outcome") == {"created": 0, "updated": 1, "unchanged": 1, "refused": 0}
    world["sila"].refresh_from_db()
    assert world["sila"].phone == "043 999 888"
    assert world["consumers"].history.count() == 1
    assert world["sila"].history.count() == before + 1
    latest = world["sila"].history.first()
    assert latest.history_change_reason == f"นำเข้าไฟล์ #{run.pk} orgs.xlsx"
    assert run.reason == latest.history_change_reason
    page = client.get(reverse("imports:run", kwargs={"pk": run.pk})).content.decode()
    assert 'id="import-outcome"' in page
    assert "นำเข้าแล้ว" in page
    assert f"imports/runs/{run.pk}/errors/" not in page  # no refused rows, no error file

    # A second confirmation is refused; the same file uploaded again changes nothing.
    response = client.post(reverse("imports:confirm", kwargs={"pk": run.pk}), follow=True)
    assert "การนำเข้านี้ไม่ได้รอการยืนยันแล้ว" in response.content.decode()
    _upload(client, book)
    again = ImportRun.objects.latest("pk")
    assert _counts(again) == {"created": 0, "updated": 0, "unchanged": 2, "refused": 0}
    client.post(reverse("imports:confirm", kwargs={"pk": again.pk}))
    again.refresh_from_db()
    assert again.status == ImportStatus.APPLIED
    assert world["sila"].history.count() == before + 1


def test_a_bad_row_is_shown_and_nothing_is_imported(client, world, immediate_tasks):
    _login(client, "officer-kk")
    _upload(client, _edited_export(client, world, bad_row=True))
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.CHECKED
    assert _counts(run) == {"created": 0, "updated": 1, "unchanged": 1, "refused": 1}
    assert run.preview["problems"] == [
        {"sheet": SHEET, "row": 4, "column": "จังหวัดที่ตั้ง", "message": 'ไม่พบจังหวัด "จังหวัดสมมุติ"'}
    ]
    page = client.get(reverse("imports:run", kwargs={"pk": run.pk})).content.decode()
    assert (
        '<tr><td>องค์กร</td><td class="num">4</td><td>จังหวัดที่ตั้ง</td>'
        "<td>ไม่พบจังหวัด &quot;จังหวัดสมมุติ&quot;</td></tr>"
    ) in page
    assert "1 ปัญหา" in page
    count, history = Organisation.objects.count(), Organisation.history.count()

    response = client.post(reverse("imports:confirm", kwargs={"pk": run.pk}), follow=True)
    assert "ไฟล์มีข้อผิดพลาด" in response.content.decode()
    run.refresh_from_db()
    assert run.status == ImportStatus.CHECKED
    assert run.outcome == {}
    assert Organisation.objects.count() == count
    assert Organisation.history.count() == history
    world["sila"].refresh_from_db()
    assert world["sila"].phone == "043 000 111"

    client.post(reverse("imports:cancel", kwargs={"pk": run.pk}))
    run.refresh_from_db()
    assert run.status == ImportStatus.CANCELLED
    response = client.post(reverse("imports:confirm", kwargs={"pk": run.pk}), follow=True)
    assert "การนำเข้านี้ไม่ได้รอการยืนยันแล้ว" in response.content.decode()
    assert Organisation.history.count() == history


def test_good_rows_only_imports_them_and_gives_back_the_bad_ones(client, world, immediate_tasks):
    _login(client, "officer-kk")
    _upload(client, _edited_export(client, world, bad_row=True), good_rows_only=True)
    run = ImportRun.objects.get()
    assert run.good_rows_only is True
    page = client.get(reverse("imports:run", kwargs={"pk": run.pk})).content.decode()
    assert 'name="good_rows_only" id="id_good_rows_only" checked' in page

    client.post(reverse("imports:confirm", kwargs={"pk": run.pk}), {"good_rows_only": "on"})
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED
    assert _counts(run, "outcome") == {"created": 0, "updated": 1, "unchanged": 1, "refused": 1}
    world["sila"].refresh_from_db()
    assert world["sila"].phone == "043 999 888"
    assert not Organisation.objects.filter(name="กลุ่มออมทรัพย์บ้านใหม่").exists()

    url = reverse("imports:error_file", kwargs={"pk": run.pk})
    page = client.get(reverse("imports:run", kwargs={"pk": run.pk})).content.decode()
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="orgs-errors.xlsx"'
    book = _book(response)
    errors = book[SHEET]
    assert errors.max_row == 2
    assert errors.cell(1, 1).value == "ข้อผิดพลาด"
    assert errors.cell(2, 1).value == 'จังหวัดที่ตั้ง: ไม่พบจังหวัด "จังหวัดสมมุติ"'
    assert errors.cell(2, 2).value == 4

    # Corrected, the error file imports the row it held.
    errors.cell(2, _column(errors, "จังหวัดที่ตั้ง"), "ขอนแก่น")
    _upload(client, book, name="orgs-errors.xlsx")
    again = ImportRun.objects.latest("pk")
    assert _counts(again) == {"created": 1, "updated": 0, "unchanged": 0, "refused": 0}
    client.post(reverse("imports:confirm", kwargs={"pk": again.pk}))
    again.refresh_from_db()
    assert again.status == ImportStatus.APPLIED
    created = Organisation.objects.get(name="กลุ่มออมทรัพย์บ้านใหม่")
    assert created.province_id == "40"
    assert created.history.get().history_change_reason == (f"นำเข้าไฟล์ #{again.pk} orgs-errors.xlsx")


def test_people_without_the_right_to_change_get_403_and_nothing_is_stored(
    client, world, media_dir, immediate_tasks
):
    _login(client, "auditor")
    page = client.get(reverse("imports:index"))
    assert page.status_code == 200
    assert 'name="file"' not in page.content.decode()  # downloads only
    book = openpyxl.Workbook()
    book.active.title = SHEET
    book.active.append(["ชื่อองค์กร", "ประเภท"])
    book.active.append(["กลุ่มใหม่", str(OrganisationKind.ASSOCIATION.label)])
    response = _upload(client, book)
    assert response.status_code == 403
    assert ImportRun.objects.count() == 0
    assert not media_dir.exists() or list(media_dir.rglob("*.xlsx")) == []
    assert not Organisation.objects.filter(name="กลุ่มใหม่").exists()
    assert services.may_import(world["auditor"]) is False


def test_an_upload_of_another_type_is_refused_with_the_reason(client, world, immediate_tasks):
    _login(client, "officer-kk")
    response = client.post(
        reverse("imports:index"),
        {"kind": "organisations", "file": SimpleUploadedFile("orgs.pdf", b"%PDF-1.4")},
    )
    assert response.status_code == 400
    assert "อัปโหลดไฟล์ Excel (.xlsx) หรือ CSV" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_only_the_requester_and_administrators_see_a_run(client, world, immediate_tasks):
    _login(client, "officer-kk")
    _upload(client, _edited_export(client, world))
    run = ImportRun.objects.get()
    response = client.get(reverse("imports:run_file", kwargs={"pk": run.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="orgs.xlsx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    client.logout()

    _login(client, "officer-kk2")
    for name in ("run", "run_status", "run_file", "error_file"):
        assert client.get(reverse(f"imports:{name}", kwargs={"pk": run.pk})).status_code == 404
    for name in ("confirm", "cancel"):
        assert client.post(reverse(f"imports:{name}", kwargs={"pk": run.pk})).status_code == 404
    assert "orgs.xlsx" not in client.get(reverse("imports:index")).content.decode()
    run.refresh_from_db()
    assert run.status == ImportStatus.CHECKED
    client.logout()

    from tidtam.accounts.models import User

    User.objects.create_superuser("boss", password=PASSWORD)
    _login(client, "boss")
    page = client.get(reverse("imports:run", kwargs={"pk": run.pk}))
    assert page.status_code == 200
    assert "ยืนยันการนำเข้า" not in page.content.decode()  # only the requester confirms
    assert client.post(reverse("imports:confirm", kwargs={"pk": run.pk})).status_code == 403
    run.refresh_from_db()
    assert run.status == ImportStatus.CHECKED
    world["sila"].refresh_from_db()
    assert world["sila"].phone == "043 000 111"


def test_the_page_polls_while_the_worker_has_not_checked_the_file(client, world):
    """With the real (database) task backend nothing runs until a worker does: the page says
    so and polls; once checked, the status part shows the preview and stops the polling."""
    _login(client, "officer-kk")
    _upload(client, _edited_export(client, world))
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.QUEUED
    status_url = reverse("imports:run_status", kwargs={"pk": run.pk})
    page = client.get(reverse("imports:run", kwargs={"pk": run.pk})).content.decode()
    assert f'hx-get="{status_url}" hx-trigger="every 1s"' in page
    assert '<span class="badge import-status">รอดำเนินการ</span>' in page
    response = client.get(status_url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'value="0"' in response.content.decode()

    # While the worker checks, the rows it has read so far (services.import_progress).
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.CHECKING, rows_done=50, rows_total=200
    )
    html = client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert '<progress max="100" value="25"' in html
    assert "50 จาก 200 แถว" in html
    assert 'hx-trigger="every 1s"' in html

    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.QUEUED)
    services.import_check(run.pk)
    response = client.get(status_url, HTTP_HX_REQUEST="true")
    assert response.status_code == 286
    html = response.content.decode()
    assert "hx-get" not in html
    assert 'id="import-preview"' in html
    assert "<del>043 000 111</del> → <ins>043 999 888</ins>" in html


@pytest.mark.parametrize("kind", available_kinds())
def test_every_kind_offers_its_template_and_current_data(client, world, kind):
    """Whatever kinds exist today, the page offers both downloads and both open as workbooks
    whose data sheets are the kind's sheets."""
    _login(client, "officer-kk")
    sheets = [h.name for h in get_kind(kind).sheets]
    assert (
        f'href="/imports/{kind}/template/"' in client.get(reverse("imports:index")).content.decode()
    )
    for name in ("template", "export"):
        response = client.get(reverse(f"imports:{name}", kwargs={"kind": kind}))
        assert response.status_code == 200
        assert response["Content-Type"] == XLSX
        book = _book(response)
        assert book.sheetnames[0] == "คำอธิบาย"
        assert [s for s in book.sheetnames if s in sheets] == sheets


def test_a_thai_windows_csv_is_checked_like_a_workbook(client, world, immediate_tasks):
    _login(client, "officer-kk")
    text = "ชื่อองค์กร,จังหวัดที่ตั้ง,ประเภท\r\nกลุ่มออมทรัพย์บ้านใหม่,ขอนแก่น,สมาคม\r\n"
    upload = SimpleUploadedFile("orgs.csv", text.encode("cp874"), "text/csv")
    client.post(reverse("imports:index"), {"kind": "organisations", "file": upload})
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.CHECKED
    assert _counts(run) == {"created": 1, "updated": 0, "unchanged": 0, "refused": 0}
    response = client.get(reverse("imports:run_file", kwargs={"pk": run.pk}))
    assert response["Content-Type"] == "text/csv"  # UTF-8 or cp874: as uploaded
    assert response["Content-Disposition"] == 'attachment; filename="orgs.csv"'
    assert b"".join(response.streaming_content) == text.encode("cp874")  # kept as uploaded


def test_an_unreadable_file_is_refused_with_the_reason(client, world, immediate_tasks):
    _login(client, "officer-kk")
    upload = SimpleUploadedFile("orgs.xlsx", b"not a workbook", XLSX)
    client.post(reverse("imports:index"), {"kind": "organisations", "file": upload})
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.REFUSED
    page = client.get(reverse("imports:run", kwargs={"pk": run.pk})).content.decode()
    assert "ไม่ได้นำเข้าอะไร" in page
    assert "อ่านไฟล์ไม่ได้:" in page
    assert "ไฟล์นี้ไม่ใช่ Excel (.xlsx) ที่ถูกต้อง" in page
    assert "ยืนยันการนำเข้า" not in page
