"""The indicator import: all or nothing, every bad row named, re-import updates by code."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from tidtam.projects.models import ReviewStatus
from tidtam.results.importing import THAI_HEADERS, indicators_import
from tidtam.results.models import Indicator, Result, Target, TargetRevision

pytestmark = pytest.mark.django_db

HEADER = "code,name,unit,kind,base,annual_target,target_q1,target_q2,target_q3,target_q4,result_q1,result_q2,result_q3,result_q4,colour_rule,parent_code"


def csv_bytes(*rows: str, encoding: str = "utf-8-sig", header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode(encoding)


GOOD = [
    "1,จำนวนครัวเรือนที่ได้รับการพัฒนาที่อยู่อาศัย,ครัวเรือน,composite,,,,,,,,,,,,",
    '1.1,บ้านมั่นคง,ครัวเรือน,,,"1,200",300,300,300,300,250,,,,,1',
    "1.2,บ้านพอเพียง,ครัวเรือน,count,,,๑๐๐,๑๐๐,๑๐๐,๑๐๐,๙๐,,,,,1",
    "2,ร้อยละบุคลากรที่ผ่านการพัฒนา,ร้อยละ,base_percent,267,,20,40,60,80,60,,,,,",
    "3,ร้อยละความพึงพอใจ,ร้อยละ,percentage,,85,,,,,80,,,,60/90,",
    "4,รายงานประจำปีทันกำหนด,,pass_fail,,,,,,,ไม่ผ่าน,ผ่าน,,,,",
    "5,ชุมชนประสบภัยได้รับการช่วยเหลือ,ร้อยละ,percentage,,100,,,,,,,,,green_when_none,",
]


def test_import_creates_indicators_targets_and_approved_results(codi, analyst):
    outcome = indicators_import(csv_bytes(*GOOD), "kpi.csv", fiscal_year=2568, user=analyst)
    assert outcome.problems == []
    assert outcome.applied and outcome.created == 7
    codes = list(Indicator.objects.order_by("sort_key").values_list("code", "kind", "parent__code"))
    assert codes == [
        ("1", "composite", None),
        ("1.1", "count", "1"),
        ("1.2", "count", "1"),
        ("2", "base_percent", None),
        ("3", "percentage", None),
        ("4", "pass_fail", None),
        ("5", "percentage", None),
    ]
    ind = Indicator.objects.get(code="1.2")
    assert list(
        Target.objects.filter(indicator=ind).order_by("quarter").values_list("quarter", "value")
    ) == [(1, D("100")), (2, D("100")), (3, D("100")), (4, D("100"))]
    assert Result.objects.get(indicator=ind, quarter=1).value == D("90")
    assert Result.objects.get(indicator=ind, quarter=1).status == ReviewStatus.APPROVED
    three = Indicator.objects.get(code="3")
    assert (three.colour_rule, three.red_below, three.green_above) == (
        "thresholds",
        D("60"),
        D("90"),
    )
    assert Target.objects.get(indicator=three).quarter == 0
    assert Indicator.objects.get(code="2").base == D("267")
    assert Indicator.objects.get(code="5").colour_rule == "green_when_none"
    assert list(
        Result.objects.filter(indicator__code="4")
        .order_by("quarter")
        .values_list("value", flat=True)
    ) == [D("0"), D("1")]


def test_a_bad_row_applies_nothing_and_names_the_row_and_column(codi, analyst):
    rows = [*GOOD]
    rows[2] = "1.2,บ้านพอเพียง,ครัวเรือน,count,,,100,abc,100,100,,,,,,1"  # row 4 of the file
    rows.append("6,ตัวชี้วัดใหม่,,unknown-kind,,,,,,,,,,,,")  # row 9
    rows.append("7,ร้อยละของฐาน,,base_percent,,,20,40,60,80,,,,,,")  # row 10: no base
    outcome = indicators_import(csv_bytes(*rows), "kpi.csv", fiscal_year=2568, user=analyst)
    assert not outcome.applied
    assert [(p.row, p.column) for p in outcome.problems] == [
        (4, "target_q2"),
        (9, "kind"),
        (10, "base"),
    ]
    assert "abc" in outcome.problems[0].message
    assert Indicator.objects.count() == 0
    assert Target.objects.count() == 0
    assert Result.objects.count() == 0


def test_annual_target_must_be_the_sum_of_quarters_and_parent_must_exist(codi, analyst):
    rows = [
        "1,ชุมชน,,,,500,100,100,100,100,,,,,,",
        "2,ส่วนหนึ่ง,,,,,1,1,1,1,,,,,,99",
        "3,ส่วนของนับ,,,,,1,1,1,1,,,,,,1",
        "3,ซ้ำ,,,,,,,,,,,,,,",
    ]
    outcome = indicators_import(csv_bytes(*rows), "kpi.csv", fiscal_year=2568, user=analyst)
    assert [(p.row, p.column) for p in outcome.problems] == [
        (2, "annual_target"),
        (3, "parent_code"),
        (4, "parent_code"),
        (5, "code"),
    ]
    assert Indicator.objects.count() == 0


def test_reimport_updates_by_code_and_a_changed_target_needs_a_reason(codi, analyst):
    indicators_import(csv_bytes(*GOOD), "kpi.csv", fiscal_year=2568, user=analyst)
    changed = [*GOOD]
    changed[2] = "1.2,บ้านพอเพียง (ซ่อมบ้าน),ครัวเรือน,count,,,100,80,100,100,90,95,,,,1"
    refused = indicators_import(csv_bytes(*changed), "kpi.csv", fiscal_year=2568, user=analyst)
    assert [(p.row, p.column) for p in refused.problems] == [(4, "target_q2")]
    assert Indicator.objects.get(code="1.2").name == "บ้านพอเพียง"
    outcome = indicators_import(
        csv_bytes(*changed),
        "kpi.csv",
        fiscal_year=2568,
        user=analyst,
        reason="ปรับแผนตามงบประมาณที่ได้รับ",
        approver="ผอ.สำนักนโยบายและแผน",
    )
    assert outcome.applied and outcome.created == 0 and outcome.updated == 1
    assert Indicator.objects.count() == 7
    ind = Indicator.objects.get(code="1.2")
    assert ind.name == "บ้านพอเพียง (ซ่อมบ้าน)"
    assert Target.objects.get(indicator=ind, quarter=2).value == D("80")
    revision = TargetRevision.objects.get()
    assert (revision.old_value, revision.new_value, revision.reason) == (
        D("100"),
        D("80"),
        "ปรับแผนตามงบประมาณที่ได้รับ",
    )
    assert Result.objects.get(indicator=ind, quarter=2).value == D("95")


def test_thai_headers_in_cp874_and_xlsx(codi, analyst):
    header = ",".join(THAI_HEADERS.values())
    data = csv_bytes("1,จำนวนชุมชน,ชุมชน,,,,10,10,10,10,๕,,,,,", header=header, encoding="cp874")
    outcome = indicators_import(data, "kpi.csv", fiscal_year=2568, user=analyst)
    assert outcome.problems == [] and outcome.applied
    assert Result.objects.get().value == D("5")

    book = Workbook()
    sheet = book.active
    sheet.append(["code", "name", "unit", "target_q1", "target_q2", "result_q1"])
    sheet.append(["1", "จำนวนชุมชน", "ชุมชน", 10, 10, 11.5])
    buffer = io.BytesIO()
    book.save(buffer)
    outcome = indicators_import(buffer.getvalue(), "kpi.xlsx", fiscal_year=2568, user=analyst)
    assert outcome.problems == []
    assert Target.objects.get(quarter=1).value == D("10")  # unchanged target: no problem
    assert Result.objects.get().value == D("11.5")


def test_xlsx_change_of_target_is_refused(codi, analyst):
    indicators_import(
        csv_bytes("1,ชุมชน,,,,,10,10,10,10,,,,,,"), "a.csv", fiscal_year=2568, user=analyst
    )
    book = Workbook()
    book.active.append(["code", "name", "target_q1"])
    book.active.append(["1", "ชุมชน", 12])
    buffer = io.BytesIO()
    book.save(buffer)
    outcome = indicators_import(buffer.getvalue(), "kpi.xlsx", fiscal_year=2568, user=analyst)
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "target_q1")]


def test_dry_run_changes_nothing(codi, analyst):
    outcome = indicators_import(
        csv_bytes(*GOOD), "kpi.csv", fiscal_year=2568, user=analyst, dry_run=True
    )
    assert outcome.ok and not outcome.applied and outcome.created == 7
    assert Indicator.objects.count() == 0


def test_unknown_column_and_missing_name(codi, analyst):
    outcome = indicators_import(
        csv_bytes("1,,,", header="code,name,unit,colour"), "x.csv", fiscal_year=2568, user=analyst
    )
    assert [(p.row, p.column) for p in outcome.problems] == [(1, "colour")]


def test_cli_import_reports_rows_and_applies_nothing(codi, analyst, tmp_path):
    analyst.is_superuser = True
    analyst.save()
    path = tmp_path / "kpi.csv"
    path.write_bytes(csv_bytes("1,ชุมชน,,,,,10,x,10,10,,,,,,"))
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import", "indicators", str(path), "--fiscal-year", "2568", stdout=out)
    assert exit_info.value.code == 1
    assert "row 2, target_q2" in out.getvalue() or "แถว 2, target_q2" in out.getvalue()
    assert Indicator.objects.count() == 0
    path.write_bytes(csv_bytes(*GOOD))
    out = io.StringIO()
    call_command(
        "import",
        "indicators",
        str(path),
        "--fiscal-year",
        "2568",
        "--dry-run",
        "--user",
        "analyst",
        stdout=out,
    )
    assert "would create 7" in out.getvalue()
    assert Indicator.objects.count() == 0
    call_command(
        "import", "indicators", str(path), "--fiscal-year", "2568", "--user", "analyst", stdout=out
    )
    assert Indicator.objects.count() == 7
