"""Acceptance: the demo's budget-status report as of 19 April 2021 is seed 003's, cell for cell."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tidtam.finance import calculations as calc
from tidtam.finance.selectors import budget_status
from tidtam.thai.dates import format_date

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2021, 4, 19)

# Seed 003, "ตารางสรุปผลการดำเนินงาน (ณ วันที่ 19 เมษายน 2564)", as printed.
SUMMARY = [
    ["โครงการระดับภาค", "1,762,380", "1,762,380", "1", "100", "1", "1,233,666", "1", "70", "528,714", "30"],
    ["โครงการระดับจังหวัด", "13,873,500", "13,873,500", "17", "100", "17", "9,688,300", "17", "69.83", "4,185,200", "30.17"],
    ["รวมทั้งสิ้น", "15,635,880", "15,635,880", "18", "100", "18", "10,921,966", "18", "69.85", "4,713,914", "30.15"],
]  # fmt: skip

# Seed 003's per-project table (dates normalised: "10 มี ค 64" is printed "10 มี.ค.64").
M2 = "ครั้งที่ 2/2564 วันที่ 20-21 ม.ค.64"
ROWS = [
    ["1", M2, "4 ก.พ.64", "เชียงใหม่", "1,781,000", "1,240,000", "25 ก.พ.64", "541,000"],
    ["2", M2, "4 ก.พ.64", "ลำพูน", "519,500", "363,650", "25 ก.พ.64", "155,850"],
    ["3", M2, "4 ก.พ.64", "ลำปาง", "785,500", "545,000", "10 มี.ค.64", "240,500"],
    ["4", M2, "4 ก.พ.64", "แม่ฮ่องสอน", "438,500", "306,950", "10 มี.ค.64", "131,550"],
    ["5", M2, "4 ก.พ.64", "น่าน", "926,000", "647,000", "10 มี.ค.64", "279,000"],
    ["6", M2, "4 ก.พ.64", "เชียงราย", "1,451,500", "1,016,050", "17 มี.ค.64", "435,450"],
    ["7", M2, "4 ก.พ.64", "พะเยา", "714,000", "499,800", "8 มี.ค.64", "214,200"],
    ["8", M2, "4 ก.พ.64", "แพร่", "789,500", "550,000", "8 มี.ค.64", "239,500"],
    ["9", M2, "4 ก.พ.64", "พิษณุโลก", "913,000", "639,100", "8 มี.ค.64", "273,900"],
    ["10", M2, "4 ก.พ.64", "อุตรดิตถ์", "695,500", "486,000", "8 มี.ค.64", "209,500"],
    ["11", M2, "4 ก.พ.64", "เพชรบูรณ์", "841,500", "589,050", "1 เม.ย.64", "252,450"],
    ["12", M2, "4 ก.พ.64", "สุโขทัย", "800,000", "560,000", "1 เม.ย.64", "240,000"],
    ["13", M2, "4 ก.พ.64", "ตาก", "461,500", "323,050", "1 เม.ย.64", "138,450"],
    ["14", M2, "4 ก.พ.64", "นครสวรรค์", "688,500", "480,000", "1 เม.ย.64", "208,500"],
    ["15", M2, "4 ก.พ.64", "อุทัยธานี", "393,500", "275,000", "1 เม.ย.64", "118,500"],
    ["16", M2, "4 ก.พ.64", "กำแพงเพชร", "785,000", "545,000", "7 เม.ย.64", "240,000"],
    ["17", M2, "4 ก.พ.64", "พิจิตร", "889,500", "622,650", "7 เม.ย.64", "266,850"],
    ["18", "ครั้งที่ 1/2564 วันที่ 22 ธ.ค.63", "4 ม.ค.64", "งบภาค", "1,762,380", "1,233,666", "1 เม.ย.64", "528,714"],
]  # fmt: skip


def _summary_cells(report):
    a, p = calc.format_amount, calc.format_percent
    return [
        [
            s.label, a(s.frame), a(s.approved), str(s.approved_count), p(s.frame_approved_percent),
            str(s.recorded_count), a(s.disbursed), str(s.disbursed_count), p(s.disbursed_percent),
            a(s.remaining), p(s.remaining_percent),
        ]
        for s in report.summary
    ]  # fmt: skip


def test_summary_table_is_seed_003s(demo_programme):
    report = budget_status(demo_programme, as_of=AS_OF)
    assert _summary_cells(report) == SUMMARY
    total = report.grand_total
    assert total.disbursed_percent + total.remaining_percent == Decimal(100)


def test_project_rows_are_seed_003s(demo_programme):
    report = budget_status(demo_programme, as_of=AS_OF)
    a = calc.format_amount
    cells = [
        [
            str(r.number), r.meeting, format_date(r.approval_date, "compact"), r.province,
            a(r.approved), a(r.tranche_1), format_date(r.tranche_1_date, "compact"), a(r.remaining),
        ]
        for r in report.rows
    ]  # fmt: skip
    assert cells == ROWS
    assert report.rows[0].proposing_organisation == "เครือข่ายองค์กรชุมชนจังหวัดเชียงใหม่"
    assert report.rows[17].title.startswith("โครงการพัฒนาขีดความสามารถผู้นำชุมชนภาคเหนือ")
    assert not any(r.tranche_1_late for r in report.rows)
    totals = report.totals
    assert [a(totals.approved), a(totals.tranche_1), a(totals.remaining)] == [
        "15,635,880",
        "10,921,966",
        "4,713,914",
    ]
    assert not hasattr(totals, "tranche_1_date")  # the seed printed 281,545 there


def test_narrative_sentences(demo_programme):
    report = budget_status(demo_programme, as_of=AS_OF)
    assert report.narrative_heading == (
        "โครงการพัฒนาขีดความสามารถผู้นำชุมชนภาคเหนือ ปีงบประมาณ 2564 กรอบงบประมาณ 15,635,880 บาท "
        "มีการดำเนินงาน ณ เดือนเมษายน 2564 ดังนี้"
    )
    s11, s12, s13 = report.narrative
    assert s11 == (
        "1.1 จำนวนโครงการและงบประมาณที่มีการอนุมัติ ให้แก่องค์กรชุมชน ระดับภาค จำนวน 1 โครงการ "
        "และ ระดับจังหวัด 17 โครงการ รวม 18 โครงการ วงเงินงบประมาณ 15,635,880 บาท คิดเป็น ร้อยละ 100 "
        "ของกรอบงบประมาณที่ได้รับการจัดสรร"
    )
    assert "จำนวน 18 โครงการได้ครบถ้วน" in s12
    assert s13.startswith(
        "1.3 จำนวนงบประมาณที่มีการเบิกจ่าย (ณ วันที่ 19 เมษายน 2564) จำนวน 10,921,966 บาท "
        "(สิบล้านเก้าแสนสองหมื่นหนึ่งพันเก้าร้อยหกสิบหกบาทถ้วน) คิดเป็นร้อยละ 69.85 ของกรอบงบอนุมัติ "
        "โดยโครงการที่เบิกจ่าย เป็นโครงการระดับภาค จำนวน 1 โครงการ โครงการระดับจังหวัด จำนวน 17 โครงการ "
        "รวมเบิกจ่ายงวด 1 แล้ว 18 โครงการ ซึ่งยังเหลือการเบิกจ่ายงวด 2 งบประมาณ จำนวน 4,713,914 บาท "
        "คิดเป็นร้อยละคงเหลือ 30.15"
    )
    assert s13.endswith(
        "โดยแบ่งการเบิกจ่ายเป็น 2 งวด งวดแรกไม่เกินร้อยละ 70 และ งวดสองร้อยละ 30 "
        "การเบิกจ่ายงบประมาณงวดแรก ภายใน 3 เดือน นับจากวันที่ได้รับอนุมัติโครงการ"
    )


def test_chart_data_by_province(demo_programme):
    chart = budget_status(demo_programme, as_of=AS_OF).chart
    assert len(chart.labels) == 18
    assert chart.labels[-1] == "งบภาค"
    assert chart.disbursed_percent[-1] == Decimal("70.00")
    assert chart.approved[0] == Decimal("1781000")
    assert chart.disbursed[0] == Decimal("1240000")


def test_as_of_before_transfers_and_region_filter(demo_programme):
    from tidtam.areas.models import Region

    early = budget_status(demo_programme, as_of=dt.date(2021, 3, 1))
    assert early.grand_total.approved_count == 18
    assert calc.format_amount(early.grand_total.disbursed) == "1,603,650"  # 1,240,000 + 363,650
    assert early.rows[2].tranche_1_date is None
    north = Region.objects.get(grouping__is_default=True, code="north")
    assert budget_status(demo_programme, region=north, as_of=AS_OF).grand_total.approved_count == 18
    central = Region.objects.filter(grouping__is_default=True).exclude(code="north").first()
    assert budget_status(demo_programme, region=central, as_of=AS_OF).rows == []


def test_demo_load_is_idempotent(demo_programme):
    from tidtam.demo import finance as demo
    from tidtam.finance.models import ProjectApproval, Transfer

    demo.load()
    assert ProjectApproval.objects.count() == 18
    assert Transfer.objects.count() == 18


def test_report_takes_a_fixed_number_of_queries(demo_programme):
    with CaptureQueriesContext(connection) as queries:
        budget_status(demo_programme, as_of=AS_OF)
    assert len(queries) <= 7
