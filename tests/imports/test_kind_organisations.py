"""Spreadsheet kinds "organisations" and "people": round trip, one edited cell, CSV, refusals."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.imports.helpers import book_of, edit, export_book, find_row, sheet_rows, template_book
from tests.organisations.factories import MembershipFactory, OrganisationFactory, PersonFactory
from tidtam.accounts.models import User
from tidtam.areas.models import Province
from tidtam.imports.engine import run_import
from tidtam.imports.kinds import get_kind
from tidtam.imports.models import ImportRun
from tidtam.organisations.models import Membership, Organisation, OrganisationKind, Person

ORG = "องค์กร"


@pytest.fixture
def admin(db):
    return User.objects.create_superuser("boss", password="a-strong-pass-2568")


@pytest.fixture
def organisations(db):
    khon_kaen = Province.objects.get(code="40")
    chiang_mai = Province.objects.get(code="50")
    network = OrganisationFactory(
        name="เครือข่ายองค์กรชุมชนขอนแก่น", province=khon_kaen, kind=OrganisationKind.NETWORK
    )
    council = OrganisationFactory(
        name="สภาองค์กรชุมชนตำบลศิลา",
        province=khon_kaen,
        kind=OrganisationKind.COMMUNITY_COUNCIL,
        parent=network,
        phone="043-000000",
    )
    # the same name in another province is another organisation
    other = OrganisationFactory(
        name="สภาองค์กรชุมชนตำบลศิลา", province=chiang_mai, kind=OrganisationKind.COMMUNITY_COUNCIL
    )
    return network, council, other


def snapshot():
    return sorted(
        (o.pk, o.name, o.province_id, o.kind, o.parent_id, o.phone, o.notes, o.is_active)
        for o in Organisation.objects.all()
    )


def test_export_then_import_changes_nothing(organisations, admin):
    data = export_book("organisations", admin)
    assert len(sheet_rows(data, ORG)) == 1 + Organisation.objects.count()
    before = snapshot()
    outcome = run_import(get_kind("organisations"), io.BytesIO(data), "o.xlsx", user=admin)
    assert outcome.problems == [] and outcome.applied
    assert vars(outcome.counts[ORG]) == {
        "created": 0,
        "updated": 0,
        "unchanged": Organisation.objects.count(),
        "refused": 0,
    }
    assert snapshot() == before


def test_one_edited_cell_changes_that_field_only_with_the_import_in_the_history(
    organisations, admin, media_dir, tmp_path
):
    _network, council, other = organisations
    data = export_book("organisations", admin)
    rows = sheet_rows(data, ORG)
    headers = [str(h).rstrip(" *") for h in rows[0]]
    # the Khon Kaen council's row (two rows have its name: choose by province)
    row = next(
        n
        for n, r in enumerate(rows[1:], start=1)
        if r[0] == council.name and r[headers.index("จังหวัดที่ตั้ง")] == "ขอนแก่น"
    )
    path = tmp_path / "องค์กร.xlsx"
    path.write_bytes(edit(data, ORG, [(row, "โทรศัพท์", "043-111111")]))
    before = {s[0]: s for s in snapshot()}
    history_before = council.history.count()

    out = io.StringIO()
    call_command("import", "organisations", str(path), "--user", "boss", stdout=out)

    run = ImportRun.objects.get()
    assert run.status == "applied" and run.original_name == "องค์กร.xlsx"
    assert run.file.read() == path.read_bytes()  # the file is kept
    after = {s[0]: s for s in snapshot()}
    assert {pk for pk in after if after[pk] != before[pk]} == {council.pk}
    council.refresh_from_db()
    assert council.phone == "043-111111"
    other.refresh_from_db()
    assert other.phone == ""
    assert council.history.count() == history_before + 1
    latest = council.history.first()
    assert latest.history_change_reason == f"นำเข้าไฟล์ #{run.pk} องค์กร.xlsx"
    assert [c.field for c in latest.diff_against(latest.prev_record).changes] == ["phone"]
    assert "ปรับปรุง 1" in out.getvalue()


def test_a_new_organisation_with_its_network_by_name_and_province(organisations, admin):
    data = book_of(
        ORG,
        [
            ["ชื่อองค์กร", "จังหวัดที่ตั้ง", "ประเภท", "สังกัดเครือข่าย", "จังหวัดที่ทำงาน"],
            [
                "กลุ่ม\u200bออมทรัพย์บ้านโนนเเดง",  # a zero-width space and "เเ" as people type
                "จ.ขอนแก่น",
                "องค์กรชุมชน",
                "เครือข่ายองค์กรชุมชนขอนแก่น (ขอนแก่น)",
                "ขอนแก่น, มหาสารคาม",
            ],
        ],
    )
    outcome = run_import(get_kind("organisations"), io.BytesIO(data), "n.xlsx", user=admin)
    assert outcome.problems == [] and outcome.applied
    new = Organisation.objects.get(name="กลุ่มออมทรัพย์บ้านโนนแดง")
    assert new.province_id == "40"
    assert new.parent == organisations[0]
    assert sorted(p.name_th for p in new.working_provinces.all()) == ["ขอนแก่น", "มหาสารคาม"]


def test_an_ambiguous_network_name_is_refused_with_the_candidates(organisations, admin):
    data = book_of(
        ORG,
        [
            ["ชื่อองค์กร", "จังหวัดที่ตั้ง", "ประเภท", "สังกัดเครือข่าย"],
            ["กลุ่มใหม่", "ขอนแก่น", "องค์กรชุมชน", "สภาองค์กรชุมชนตำบลศิลา"],
        ],
    )
    before = snapshot()
    outcome = run_import(get_kind("organisations"), io.BytesIO(data), "n.xlsx", user=admin)
    assert [(p.sheet, p.row, p.column) for p in outcome.problems] == [(ORG, 2, "สังกัดเครือข่าย")]
    assert "หลายแห่ง" in outcome.problems[0].message
    assert "(เชียงใหม่)" in outcome.problems[0].message
    assert snapshot() == before


def test_header_problems_name_the_column_and_read_no_row(organisations, admin):
    data = book_of(ORG, [["ชื่อ", "ประเภท", "ประเภท", "สี"], ["x", "เครือข่าย", "เครือข่าย", "แดง"]])
    outcome = run_import(get_kind("organisations"), io.BytesIO(data), "h.xlsx", user=admin)
    assert [(p.row, p.column, p.message) for p in outcome.problems] == [
        (0, "ชื่อ", "ไม่รู้จักหัวคอลัมน์นี้ (ดูแผ่นงาน “คำอธิบาย”)"),
        (0, "ประเภท", "หัวคอลัมน์ซ้ำ"),
        (0, "สี", "ไม่รู้จักหัวคอลัมน์นี้ (ดูแผ่นงาน “คำอธิบาย”)"),
        (0, "ชื่อองค์กร", "ไม่มีคอลัมน์นี้ ซึ่งต้องมี"),
    ]
    assert not outcome.applied


CSV_TEXT = "ชื่อองค์กร,จังหวัดที่ตั้ง,ประเภท,โทรศัพท์\nกลุ่มแม่บ้านบ้านสร้างแก้ว,ขอนแก่น,องค์กรชุมชน,๐๔๓-๒๒๒๒๒๒\n"


@pytest.mark.parametrize(
    "payload",
    [
        CSV_TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + CSV_TEXT.encode("utf-8"),
        CSV_TEXT.encode("cp874"),
        CSV_TEXT.replace(",", ";").encode("utf-8"),
    ],
    ids=["utf-8", "utf-8-bom", "cp874", "semicolons"],
)
def test_csv_in_every_encoding_people_save(db, admin, payload):
    outcome = run_import(get_kind("organisations"), io.BytesIO(payload), "o.csv", user=admin)
    assert outcome.problems == [] and outcome.applied
    new = Organisation.objects.get(name="กลุ่มแม่บ้านบ้านสร้างแก้ว")
    assert (new.province_id, new.kind, new.phone) == (
        "40",
        OrganisationKind.COMMUNITY_ORGANISATION,
        "043-222222",
    )


def test_an_old_excel_file_is_refused_with_a_reason(db, admin):
    outcome = run_import(
        get_kind("organisations"),
        io.BytesIO(b"\xd0\xcf\x11\xe0" + b"\0" * 100),
        "o.xls",
        user=admin,
    )
    assert outcome.unreadable.startswith("ไฟล์ Excel รุ่นเก่า (.xls) อ่านไม่ได้")
    assert not outcome.applied


def test_the_template_has_instructions_drop_downs_and_no_data_rows(db):
    data = template_book("organisations")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["คำอธิบาย", ORG, "รายการ"]
    assert book["รายการ"].sheet_state == "hidden"
    sheet = book[ORG]
    assert [c.value for c in sheet[1]][:4] == ["ชื่อองค์กร *", "จังหวัดที่ตั้ง", "ชื่อย่อ", "ประเภท *"]
    assert sheet.max_row == 1
    ranges = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    province_list = next(f for r, f in ranges.items() if r.startswith("B2"))
    assert province_list == "'รายการ'!$A$1:$A$77"  # the 77 provinces on the hidden sheet
    instructions = "\n".join(
        str(c) for row in book["คำอธิบาย"].iter_rows(values_only=True) for c in row if c
    )
    assert "สภาองค์กรชุมชนตำบลศิลา" in instructions  # the example lives on the instructions sheet


def test_export_template_and_export_commands(organisations, admin, tmp_path):
    template = tmp_path / "t.xlsx"
    call_command("export_template", "organisations", "-o", str(template), stdout=io.StringIO())
    assert sheet_rows(template.read_bytes(), ORG)[0][0] == "ชื่อองค์กร *"
    exported = tmp_path / "e.xlsx"
    call_command(
        "export", "organisations", "-o", str(exported), "--user", "boss", stdout=io.StringIO()
    )
    rows = sheet_rows(exported.read_bytes(), ORG)
    assert find_row(rows, "ชื่อองค์กร", "เครือข่ายองค์กรชุมชนขอนแก่น") >= 1


def test_dry_run_json_and_exit_status(organisations, admin, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(
        book_of(ORG, [["ชื่อองค์กร", "ประเภท"], ["กลุ่มก", "องค์กรชุมชน"], ["กลุ่มข", "ไม่มีประเภทนี้"]])
    )
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "import", "organisations", str(path), "--dry-run", "--format", "json", stdout=out
        )
    assert exit_info.value.code == 3
    report = json.loads(out.getvalue())
    assert report["applied"] is False
    assert report["problems"] == [
        {"sheet": ORG, "row": 3, "column": "ประเภท", "message": report["problems"][0]["message"]}
    ]
    assert "ไม่มีประเภทนี้" in report["problems"][0]["message"]
    assert not Organisation.objects.filter(name__in=["กลุ่มก", "กลุ่มข"]).exists()
    assert ImportRun.objects.count() == 0  # a dry run records nothing


# --- people ------------------------------------------------------------------------------------


@pytest.fixture
def people(organisations):
    _network, council, _other = organisations
    person = PersonFactory(first_name="สมถวิล", last_name="พิมพ์ทักษ์", phone="081-0000000")
    MembershipFactory(person=person, organisation=council, role="ประธาน")
    return person


def test_people_round_trip_and_an_edited_membership(people, admin, media_dir):
    data = export_book("people", admin)
    first = run_import(get_kind("people"), io.BytesIO(data), "p.xlsx", user=admin)
    assert first.problems == []
    assert {name: vars(c)["unchanged"] for name, c in first.counts.items()} == {
        "บุคคล": Person.objects.count(),
        "สังกัด": Membership.objects.count(),
    }
    rows = sheet_rows(data, "บุคคล")
    row = find_row(rows, "ชื่อ", "สมถวิล")
    second = run_import(
        get_kind("people"),
        io.BytesIO(edit(data, "บุคคล", [(row, "นามสกุล", "พิมพ์ทักษ์ดี")])),
        "p.xlsx",
        user=admin,
    )
    assert second.problems == []
    people.refresh_from_db()
    assert people.last_name == "พิมพ์ทักษ์ดี"
    assert people.phone == "081-0000000"


def test_personal_columns_are_left_out_for_who_may_not_see_them(people, db):
    from tests.organisations.factories import user_with_grant
    from tidtam.accounts.models import Role

    officer = user_with_grant("field", Role.FIELD_STAFF, province_id="40")
    headers = [str(h).rstrip(" *") for h in sheet_rows(export_book("people", officer), "บุคคล")[0]]
    assert "โทรศัพท์" not in headers and "อีเมล" not in headers
    assert "ชื่อ" in headers


def test_the_kept_file_lives_in_media(people, admin, media_dir, tmp_path):
    path = tmp_path / "p.xlsx"
    path.write_bytes(export_book("people", admin))
    call_command("import", "people", str(path), "--user", "boss", stdout=io.StringIO())
    run = ImportRun.objects.get()
    assert Path(run.file.path).is_relative_to(Path(media_dir))
