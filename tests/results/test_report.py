"""The quarterly KPI report: computed once, the same numbers in JSON, XLSX, DOCX and HTML."""

from __future__ import annotations

import io
import json
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from tidtam.projects.models import ReviewStatus
from tidtam.results import formats, services
from tidtam.results.selectors import kpi_report

from .conftest import targets

pytestmark = pytest.mark.django_db


def approve(officer, analyst, indicator, quarter, value, region):
    result = services.result_save(officer, indicator, 2568, quarter, value=D(value), region=region)
    services.result_submit(officer, result)
    services.result_approve(analyst, result)
    return result


@pytest.fixture
def dataset(make_indicator, analyst, north_officer, south_officer, regions):
    """Indicator 1: regional targets (north 100/q, south 50/q), country targets that do not add up
    in Q2; Q1 north results exceed the cumulative target. Indicator 2: pass/fail. Indicator 3:
    a percentage with a zero annual target (percent does not exist)."""
    north, south = regions["north"], regions["south"]
    one = make_indicator("1", "จำนวนชุมชนที่ได้รับการพัฒนา")
    targets(analyst, one, 2568, [100, 100, 100, 100], region=north)
    targets(analyst, one, 2568, [50, 50, 50, 50], region=south)
    targets(analyst, one, 2568, [150, 140, 150, 150])  # Q2: 140 ≠ 100 + 50
    approve(north_officer, analyst, one, 1, 230, north)
    approve(south_officer, analyst, one, 1, 40, south)
    approve(north_officer, analyst, one, 2, 10, north)
    # a submitted (not yet approved) result does not count
    pending = services.result_save(south_officer, one, 2568, 2, value=D(45), region=south)
    services.result_submit(south_officer, pending)
    two = make_indicator("2", "รายงานประจำปีทันกำหนด", kind="pass_fail")
    services.target_set(analyst, two, 2568, 0, D(1))
    services.result_save(analyst, two, 2568, 1, value=D(1), status=ReviewStatus.APPROVED)
    three = make_indicator("3", "ร้อยละชุมชนประสบภัยที่ได้รับการช่วยเหลือ", kind="percentage")
    services.target_set(analyst, three, 2568, 0, D(0))
    services.result_save(analyst, three, 2568, 1, value=D(0), status=ReviewStatus.APPROVED)
    target = one.targets.get(quarter=2, region__isnull=True)
    services.target_revise(analyst, target, D(150), reason="ปรับตามภาค", approver="ผอ.")
    return one, two, three


def test_json_shape_and_values(dataset, analyst):
    report = kpi_report(analyst, 2568, 2)
    data = json.loads(formats.to_json(report))
    assert data["fiscal_year"] == 2568 and data["quarter"] == 2
    one, two, three = data["indicators"]
    assert {
        k: one[k]
        for k in (
            "code",
            "annual_target",
            "cumulative_result",
            "annual_percent",
            "annual_colour",
            "passed",
        )
    } == {
        "code": "1",
        "annual_target": 600,
        "cumulative_result": 280,  # 230 + 40 + 10 (the submitted 45 does not count)
        "annual_percent": 46.67,
        "annual_colour": "red",
        "passed": False,  # 280 < 150 + 150
    }
    assert one["quarters"] == [
        {
            "quarter": 1,
            "target": 150,
            "carried_target": 150,
            "carried_rule": "carried_forward",
            "result": 270,
            "percent": 180,
            "colour": "green",
        },
        # results so far (270) already exceed T1 + T2 (300)? No: 300 − 270 = 30 → carried forward
        {
            "quarter": 2,
            "target": 150,
            "carried_target": 30,
            "carried_rule": "carried_forward",
            "result": 10,
            "percent": 33.33,
            "colour": "red",
        },
        {
            "quarter": 3,
            "target": 150,
            "carried_target": None,
            "carried_rule": None,
            "result": None,
            "percent": None,
            "colour": None,
        },
        {
            "quarter": 4,
            "target": 150,
            "carried_target": None,
            "carried_rule": None,
            "result": None,
            "percent": None,
            "colour": None,
        },
    ]
    north = one["regions"][0]
    assert north == {
        "region": "ภาคเหนือ",
        "annual_target": 400,
        "cumulative_result": 240,
        "annual_percent": 60,
        "annual_colour": "yellow",
    }
    assert one["revisions"][0]["old"] == 140 and one["revisions"][0]["new"] == 150
    assert one["breakdown_mismatches"] == []  # after the revision Q2 adds up again
    assert (
        two["passed"] is True and two["annual_colour"] == "green" and two["annual_percent"] is None
    )
    assert two["quarters"][0]["carried_rule"] == "pass_fail"
    assert three["annual_percent"] is None and three["annual_colour"] is None
    assert three["quarters"][0]["percent"] is None


def test_north_region_exceeds_cumulative_target_and_uses_annual_remainder(
    dataset, analyst, regions
):
    report = kpi_report(analyst, 2568, 2, region_id=regions["north"].pk)
    row = report.rows[0]
    q2 = row.year.quarters[1]
    # north: T1 + T2 = 200 but R1 = 230 already → annual remainder 400 − 230 = 170
    assert q2.carried_rule.value == "annual_remainder"
    assert q2.carried_target.value == D("170.00")
    assert q2.percent.value == D("5.88")
    assert "400 − (230) = 170" in q2.carried_target.explanation.working


def test_breakdown_that_does_not_add_up_is_flagged(make_indicator, analyst, regions):
    ind = make_indicator("9", "ตัวชี้วัดที่แยกรายภาค")
    targets(analyst, ind, 2568, [10, 10, 10, 10], region=regions["north"])
    targets(analyst, ind, 2568, [5, 5, 5, 5], region=regions["south"])
    targets(analyst, ind, 2568, [15, 20, 15, 15])
    row = kpi_report(analyst, 2568, 1).rows[0]
    assert row.breakdown_mismatches == (
        "The regional targets of quarter 2 add up to 15, not to the target 20.",
    ) or row.breakdown_mismatches == ("เป้าหมายรายภาคของไตรมาส 2 รวมได้ 15 ไม่เท่ากับเป้าหมาย 20",)


def test_regional_officer_sees_only_their_region(dataset, north_officer):
    report = kpi_report(north_officer, 2568, 2)
    one = report.rows[0]
    # only the north's approved results are visible to the north's officer
    assert one.year.cumulative_result.value == D("240")
    assert [b.label for b in one.breakdown] == ["ภาคเหนือ", "ภาคใต้"]
    assert one.breakdown[1].year.cumulative_result.value is None


def test_report_queries_do_not_grow_with_indicators(make_indicator, analyst, regions):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            kpi_report(analyst, 2568, 2)
        return len(ctx.captured_queries)

    for i in range(1, 4):
        ind = make_indicator(str(i))
        targets(analyst, ind, 2568, [10, 10, 10, 10], region=regions["north"])
    few = count_queries()
    for i in range(4, 12):
        ind = make_indicator(str(i))
        for region in regions.values():
            targets(analyst, ind, 2568, [10, 10, 10, 10], region=region)
    assert count_queries() == few
    assert few <= 8


def test_xlsx_has_cell_colours(dataset, analyst):
    book = load_workbook(io.BytesIO(formats.to_xlsx(kpi_report(analyst, 2568, 2))))
    sheet = book.active
    header = [c.value for c in sheet[3]]
    annual_col = (
        header.index("ร้อยละทั้งปี") + 1 if "ร้อยละทั้งปี" in header else header.index("annual %") + 1
    )
    row = 4
    assert sheet.cell(row, 1).value == "1"
    assert sheet.cell(row, annual_col).value == pytest.approx(46.67)
    assert sheet.cell(row, annual_col).fill.fgColor.rgb == "FFF8D7D7"  # red
    q1_pct = annual_col + 5  # pass/fail, then Q1 target, carried, result, %
    assert sheet.cell(row, q1_pct).value == 180
    assert sheet.cell(row, q1_pct).fill.fgColor.rgb == "FFD3EFD9"  # green
    names = [sheet.cell(r, 2).value for r in range(4, 9)]
    assert "    ภาคเหนือ" in names


def test_docx_is_landscape_with_thai_complex_script_fonts(dataset, analyst):
    document = Document(io.BytesIO(formats.to_docx(kpi_report(analyst, 2568, 2))))
    section = document.sections[0]
    assert section.page_width > section.page_height
    normal = document.styles["Normal"].element
    fonts = normal.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cs")) == "Noto Sans Thai"
    assert fonts.get(qn("w:ascii")) == "Noto Sans Thai"
    assert normal.rPr.find(qn("w:szCs")).get(qn("w:val")) == "20"
    heading = document.styles["Heading 1"].element
    assert heading.rPr.find(qn("w:bCs")) is not None
    table = document.tables[0]
    assert table.rows[1].cells[0].text == "1"
    run = table.rows[1].cells[1].paragraphs[0].runs[0]._r
    assert run.rPr.find(qn("w:rFonts")).get(qn("w:cs")) == "Noto Sans Thai"
    shading = table.rows[1].cells[4]._tc.tcPr.find(qn("w:shd"))
    assert shading.get(qn("w:fill")) == "F8D7D7"
    assert "TH Sarabun" not in document.styles.element.xml


def test_cli_writes_every_format(dataset, tmp_path):
    for fmt in ("json", "xlsx", "docx", "html"):
        path = tmp_path / f"kpi.{fmt}"
        out = io.StringIO()
        call_command(
            "report",
            "kpi",
            "--fiscal-year",
            "2568",
            "--quarter",
            "2",
            "--format",
            fmt,
            "-o",
            str(path),
            stdout=out,
        )
        assert path.stat().st_size > 0
        assert "3 indicator(s)" in out.getvalue()
    data = json.loads((tmp_path / "kpi.json").read_text(encoding="utf-8"))
    assert data["indicators"][0]["cumulative_result"] == 280
    html = (tmp_path / "kpi.html").read_text(encoding="utf-8")
    assert "<details" in html and "180" in html


def test_demo_loads_twice_and_covers_every_kind(db):
    from tidtam.demo import organisations
    from tidtam.demo import results as demo
    from tidtam.results.models import Indicator, Result, TargetRevision

    organisations.load()
    demo.load()
    counts = (Indicator.objects.count(), Result.objects.count(), TargetRevision.objects.count())
    demo.load()
    assert (
        Indicator.objects.count(),
        Result.objects.count(),
        TargetRevision.objects.count(),
    ) == counts
    assert set(Indicator.objects.values_list("kind", flat=True)) == {
        "count", "percentage", "pass_fail", "milestones", "base_percent", "composite",
    }  # fmt: skip
    assert set(Result.objects.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "returned",
        "approved",
    }
    report = kpi_report(None, 2568, 3)
    by_code = {r.code: r for r in report.rows}
    assert by_code["2"].breakdown_mismatches  # the revised Q3 target no longer matches the regions
    assert [c.code for c in by_code["1"].year.components] == ["1.1", "1.2", "1.3"]
    assert by_code["3"].year.annual_target.value == D("80")


def test_budget_disbursed_source_agrees_with_the_budget_status_report(db):
    """The built-in "% of approved budget disbursed" gives the budget-status report's figure."""
    import datetime as dt

    from tidtam.demo import finance, organisations
    from tidtam.finance.selectors import budget_status
    from tidtam.projects.models import Programme
    from tidtam.results import sources

    organisations.load()
    finance.load()
    programme = Programme.objects.get(code=finance.PROGRAMME_CODE)
    values = sources.budget_disbursed_percent(2564, programme_id=programme.pk)
    for quarter, as_of in ((2, dt.date(2021, 3, 31)), (3, dt.date(2021, 6, 30))):
        expected = budget_status(programme, as_of=as_of).grand_total.disbursed_percent
        assert values[(quarter, None)] == expected
    assert values  # the demo programme has approvals and transfers
