"""The quality pages: findings scoped to the user, with filters and links; the legacy table audit."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.conftest import seed_file
from tests.projects.factories import ProgrammeFactory, ProjectFactory, user_with_grant
from tidtam.accounts.models import Role
from tidtam.projects.models import CountSource, ParticipantCount, Session

pytestmark = pytest.mark.django_db

INDEX = "/quality/"
AUDIT = "/quality/table-audit/"


def _session(project, day, **counts):
    s = Session.objects.create(project=project, start_date=day, title="ประชุมทีม")
    ParticipantCount.objects.create(session=s, source=CountSource.TABLE2, **counts)
    return s


@pytest.fixture
def data():
    """KKD-Q (ขอนแก่น, programme PROG-A): total 10 ≠ 4 + 5 (error) and a session before its start.

    OTHER-Q (เชียงใหม่, programme PROG-B): sectors 5 ≠ 3 + 4 (warning).
    """
    kkd = ProjectFactory(code="KKD-Q", programme=ProgrammeFactory(code="PROG-A"))
    other = ProjectFactory(
        code="OTHER-Q", programme=ProgrammeFactory(code="PROG-B"), province_id="50"
    )
    wrong_total = _session(kkd, dt.date(2023, 3, 10), total=10, men=4, women=5)
    early = _session(kkd, dt.date(2023, 1, 15), total=2, men=1, women=1)
    sectors = _session(other, dt.date(2023, 3, 11), total=7, men=3, women=4, civil_society_people=5)
    return {
        "kkd": kkd,
        "other": other,
        "wrong_total": wrong_total,
        "early": early,
        "sectors": sectors,
    }


def _client(client, user):
    client.force_login(user)
    return client


def _records(response):
    return [
        (f.severity, f.kind, f.record, f.expected, f.found)
        for g in response.context["report"].groups
        for f in g.findings
    ]


WRONG_TOTAL = ("error", "participants_total_vs_gender", "KKD-Q ประชุมทีม (10 มี.ค. 2566)", 9, 10)
EARLY = (
    "error", "session_before_project", "KKD-Q ประชุมทีม (15 ม.ค. 2566)",
    dt.date(2023, 2, 1), dt.date(2023, 1, 15),
)  # fmt: skip
SECTORS = ("warning", "participants_sector_sum", "OTHER-Q ประชุมทีม (11 มี.ค. 2566)", 7, 5)


def test_anonymous_people_are_sent_to_sign_in(client):
    for url in (INDEX, AUDIT):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_findings_by_severity_with_links_to_the_records(client, data):
    admin = user_with_grant("admin-q", Role.ADMINISTRATOR)
    response = _client(client, admin).get(INDEX)
    assert response.status_code == 200
    assert _records(response) == [WRONG_TOTAL, EARLY, SECTORS]
    assert [g.severity for g in response.context["report"].groups] == ["error", "warning", "info"]
    html = response.content.decode()
    assert (
        f'<a href="/projects/sessions/{data["wrong_total"].pk}/">KKD-Q ประชุมทีม (10 มี.ค. 2566)</a>'
        in html
    )
    assert (
        f'<a href="/projects/sessions/{data["sectors"].pk}/">OTHER-Q ประชุมทีม (11 มี.ค. 2566)</a>'
        in html
    )
    assert "ข้อผิดพลาด" in html or "ผิดพลาด" in html
    assert "ผู้เข้าร่วม: ทั้งหมด ≠ ชาย + หญิง" in html  # the kind's Thai label


def test_the_page_shows_only_what_the_user_may_see(client, data):
    # An area officer of Chiang Mai (50) sees OTHER-Q only; KKD-Q (Khon Kaen) is not theirs.
    officer = user_with_grant("cm-officer", Role.AREA_OFFICER, province_id="50")
    response = _client(client, officer).get(INDEX)
    assert _records(response) == [SECTORS]
    assert "KKD-Q" not in response.content.decode()
    # Their programme list holds PROG-B only; asking for PROG-A is refused and shows nothing.
    choices = [c[0] for c in response.context["form"].fields["programme"].choices]
    assert [str(c) for c in choices] == ["", "PROG-B"]
    refused = client.get(INDEX, {"programme": "PROG-A"})
    assert refused.status_code == 400
    assert refused.context["report"] is None
    assert "KKD-Q" not in refused.content.decode()


def test_someone_without_a_grant_sees_no_finding(client, data):
    nobody = user_with_grant("nobody-q")
    response = _client(client, nobody).get(INDEX)
    assert response.status_code == 200
    assert _records(response) == []


def test_filters_programme_severity_kind(client, data):
    admin = user_with_grant("admin-q", Role.ADMINISTRATOR)
    c = _client(client, admin)
    assert _records(c.get(INDEX, {"programme": "PROG-B"})) == [SECTORS]
    assert _records(c.get(INDEX, {"project": "KKD-Q"})) == [WRONG_TOTAL, EARLY]
    by_severity = c.get(INDEX, {"severity": "warning"})
    assert _records(by_severity) == [SECTORS]
    assert [g.severity for g in by_severity.context["report"].groups] == ["warning"]
    assert by_severity.context["report"].unfiltered == 3
    assert _records(c.get(INDEX, {"kind": "session_before_project"})) == [EARLY]
    assert _records(c.get(INDEX, {"severity": "error", "kind": "participants_sector_sum"})) == []
    # The as-of date (BE) is read; these checks do not depend on it.
    assert _records(c.get(INDEX, {"as_of": "31/12/2566"})) == [WRONG_TOTAL, EARLY, SECTORS]
    bad = c.get(INDEX, {"severity": "fatal"})
    assert bad.status_code == 400


def test_the_page_queries_do_not_grow_with_the_findings(client, data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = user_with_grant("admin-q", Role.ADMINISTRATOR)
    c = _client(client, admin)
    c.get(INDEX)  # warm the caches (content types, the session)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = c.get(INDEX)
        return len(ctx.captured_queries), response.context["report"].count

    before, found = queries()
    assert found == 3
    for day in range(12, 22):  # ten more sessions with wrong totals, in both projects
        _session(data["kkd"], dt.date(2023, 3, day), total=10, men=4, women=5)
        _session(
            data["other"], dt.date(2023, 4, day), total=7, men=3, women=4, civil_society_people=5
        )
    after, found = queries()
    assert found == 23
    assert after == before


# --- the legacy table audit ---------------------------------------------------------------------


def seed_003_lines():
    return seed_file("003").read_text(encoding="utf-8").splitlines()


def budget_summary_table():
    """Seed 003 lines 67-71: the budget summary table with its two header rows, as copied."""
    lines = seed_003_lines()
    start = next(i for i, line in enumerate(lines) if line.startswith("รายการ\t"))
    return "\n".join(lines[start : start + 5])


def tranche_table():
    """Seed 003 lines 84-106: the per-project tranche table with its total row as printed."""
    lines = seed_003_lines()
    start = next(i for i, line in enumerate(lines) if line.startswith("ที่\t"))
    end = next(i for i, line in enumerate(lines) if line.startswith("\t\t\t\t\t\t15,635,880"))
    return "\n".join(lines[start : end + 1])


@pytest.fixture
def person(client):
    user = user_with_grant("officer-q", Role.AREA_OFFICER, province_id="40")
    client.force_login(user)
    return client


def _marked_cells(html):
    """Return (id, text) of every cell the page marks wrong."""
    found = re.findall(r'<td id="(cell-\d+-\d+)" class="[^"]*cell-finding"[^>]*>([^<]*)', html)
    return [(anchor, text.strip()) for anchor, text in found]


def test_the_form_page(person):
    response = person.get(AUDIT)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "วางตาราง" in html


def test_seed_003_budget_summary_pasted_has_no_finding(person):
    response = person.post(AUDIT, {"text": budget_summary_table()})
    assert response.status_code == 200
    table = response.context["table"]
    assert table.findings == []
    # Two header rows ("รายการ / ผลการดำเนินงาน ณ 19 เม.ย.64", then the column names), 2 data
    # rows and the total row "รวมทั้งสิ้น".
    assert len(table.headers) == 2
    assert [r.number for r in table.rows] == [1, 2, 3]
    assert [r.total for r in table.rows] == [False, False, True]
    html = response.content.decode()
    assert "ไม่พบข้อผิดพลาด" in html
    assert _marked_cells(html) == []


def test_seed_003_tranche_table_marks_exactly_the_number_in_the_date_column(person):
    response = person.post(AUDIT, {"text": tranche_table()})
    assert response.status_code == 200
    table = response.context["table"]
    # Line 106, the total row: "10,921,966" under เบิกงวด 1 (right) and "281,545" under
    # วันที่โอนงวด1 (the 9th column): a number in a date column.
    assert [
        (f.kind, f.row, f.row_label, f.column, f.expected, f.found) for f in table.findings
    ] == [("type_mismatch", 20, "แถวรวม", "วันที่โอนงวด1", "วันที่", "281,545")]
    assert table.rows[19].total is True
    assert table.rows[19].cells[8].text == "281,545"
    assert [c.findings != [] for c in table.rows[19].cells] == [False] * 8 + [True, False]
    html = response.content.decode()
    assert _marked_cells(html) == [("cell-20-8", "281,545")]
    assert '<a href="#cell-20-8">1</a>' in html


def _wrong_totals_workbook():
    """The monthly table of tests/imports with one wrong row total and one wrong column total."""
    wb = Workbook()
    ws = wb.active
    ws.title = "ตาราง"
    for row in [
        ["จังหวัด", "ต.ค.", "พ.ย.", "ธ.ค.", "รวม"],
        ["เชียงใหม่", 10, 20, 30, 60],
        ["ลำพูน", 1000, 20, 0, 1020],
        ["ลำปาง", 5, 5, 5, 16],  # 5 + 5 + 5 = 15
        ["รวม", 1015, 54, 35, 1096],  # พ.ย.: 20 + 20 + 5 = 45
    ]:
        ws.append(row)
    wb.create_sheet("อื่น").append(["ไม่ใช่ตารางนี้"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_an_uploaded_xlsx_with_wrong_totals_marks_exactly_those_cells(person):
    upload = SimpleUploadedFile("ตารางรายเดือน.xlsx", _wrong_totals_workbook())
    response = person.post(AUDIT, {"file": upload})
    assert response.status_code == 200
    table = response.context["table"]
    assert [
        (f.kind, f.row, f.row_label, f.column, f.expected, f.found) for f in table.findings
    ] == [
        ("row_total", 3, "ลำปาง", "รวม", "15", "16"),
        ("column_total", 4, "รวม", "พ.ย.", "45", "54"),
    ]
    assert table.source == "ตารางรายเดือน.xlsx"
    assert _marked_cells(response.content.decode()) == [("cell-3-4", "16"), ("cell-4-2", "54")]


def test_an_uploaded_cp874_csv_is_read(person):
    text = "จังหวัด,ต.ค.,พ.ย.,รวม\nเชียงใหม่,10,20,30\nลำพูน,๕,-,5\nรวม,15,20,36\n"
    upload = SimpleUploadedFile("table.csv", text.encode("cp874"))
    response = person.post(AUDIT, {"file": upload})
    assert response.status_code == 200
    findings = response.context["table"].findings
    assert [(f.kind, f.row, f.column, f.expected, f.found) for f in findings] == [
        ("grand_total", 3, "รวม", "35", "36")
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "วางตารางหรืออัปโหลดไฟล์"),
        ({"text": "   \n\t\n"}, "วางตารางหรืออัปโหลดไฟล์"),
        (
            {"file": SimpleUploadedFile("report.pdf", b"%PDF-1.4 ...")},
            "อ่านไฟล์ชนิดนี้ไม่ได้",
        ),
        (
            {"text": "a\tb\n1\t2", "file": SimpleUploadedFile("t.csv", b"a,b\n1,2\n")},
            "อย่างใดอย่างหนึ่ง",
        ),
        ({"file": SimpleUploadedFile("empty.csv", b"")}, "ไฟล์ว่าง"),
    ],
)
def test_a_wrong_form_is_refused_with_a_thai_message(person, data, message):
    response = person.post(AUDIT, data)
    assert response.status_code == 400
    assert response.context["table"] is None
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.xlsx", b"PK\x03\x04 not really a workbook", "อ่านไฟล์ Excel ไม่ได้"),
        ("binary.csv", bytes([0xDB, 0xDC, 0xDD, 0xDE, 0xFC, 0xFD, 0xFE, 0xFF]), "อ่านไฟล์ไม่ได้"),
        ("blank.csv", b" , ,\n,,\n", "ไม่มีข้อมูลในตาราง"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_clear_thai_message(person, name, content, message):
    response = person.post(AUDIT, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert response.context["table"] is None
    html = response.content.decode()
    assert "อ่านตารางไม่ได้" in html
    assert message in html


def test_changes_without_reasons_need_the_right_to_see_history(db):
    from decimal import Decimal

    from tidtam.audit.services import with_reason
    from tidtam.quality.selectors import quality_report, quality_scope
    from tidtam.results.models import Indicator, IndicatorKind, IndicatorLevel, Target

    programme = ProgrammeFactory(code="KPI-Q")
    indicator = Indicator.objects.create(
        level=IndicatorLevel.PROGRAMME, programme=programme, code="1", sort_key="1",
        name="ตัวชี้วัด 1", kind=IndicatorKind.COUNT,
    )  # fmt: skip
    target = Target.objects.create(indicator=indicator, fiscal_year=2568, quarter=1, value=100)
    with with_reason("ปรับตามมติ"):
        target.value = Decimal(90)
        target.save()
    # A legacy row: the reason is missing (today's code refuses such a change).
    Target.history.filter(value=Decimal(90)).update(history_change_reason="")
    auditor = user_with_grant("auditor-q", Role.AUDITOR)  # VIEW and VIEW_HISTORY, whole country
    staff = user_with_grant("staff-q", Role.FIELD_STAFF)  # VIEW, no VIEW_HISTORY
    seen = quality_report(auditor, as_of=dt.date(2025, 1, 1))
    assert [(f.kind, f.record) for f in seen.findings] == [
        ("change_without_reason", "เป้าหมาย 1 2568 Q1: 90.00")
    ]
    assert "value: 100.00 → 90.00" in seen.findings[0].message
    assert quality_report(staff, as_of=dt.date(2025, 1, 1)).findings == []
    # The staff member does see the indicator and its target: only the history is withheld.
    assert list(quality_scope(staff).indicators) == [indicator]
