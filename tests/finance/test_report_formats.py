"""The budget-status report written as XLSX, PDF, JSON and HTML, and through the CLI."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess

import openpyxl
import pytest
from django.core.management import call_command

from tidtam.finance import report_formats
from tidtam.finance.selectors import budget_status

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2021, 4, 19)


@pytest.fixture
def report(demo_programme):
    return budget_status(demo_programme, as_of=AS_OF)


def _find_row(sheet, first_value):
    for row in sheet.iter_rows():
        if row[0].value == first_value:
            return row
    raise AssertionError(f"no row starting with {first_value!r}")


def test_xlsx_has_numbers_dates_and_a_totals_row_without_date(report):
    book = openpyxl.load_workbook(io.BytesIO(report_formats.to_xlsx(report)))
    sheet = book.active
    grand = _find_row(sheet, "รวมทั้งสิ้น")
    assert [c.value for c in grand[1:11]] == [
        15635880, 15635880, 18, 100, 18, 10921966, 18, 69.85, 4713914, 30.15,
    ]  # fmt: skip
    assert grand[1].number_format == "#,##0"
    regional = _find_row(sheet, "โครงการระดับภาค")
    assert regional[8].value == 70 and regional[10].value == 30
    first = _find_row(sheet, 1)
    assert first[3].value == "เชียงใหม่"
    assert isinstance(first[6].value, int | float) and first[6].value == 1781000
    assert first[8].value == dt.datetime(2021, 2, 25)
    assert first[8].number_format == report_formats.BE_DATE_FORMAT
    assert first[2].value == dt.datetime(2021, 2, 4)
    total = _find_row(sheet, "รวม")
    assert total[6].value == 15635880
    assert total[7].value == 10921966
    assert total[8].value is None  # seed 003 printed 281,545 here
    assert total[9].value == 4713914
    assert first[0].font.name == "Noto Sans Thai"
    assert sheet.row_dimensions[first[0].row].height is not None


def test_json_numbers_are_numbers(report):
    data = json.loads(report_formats.to_json(report))
    assert data["as_of"] == "2021-04-19"
    assert data["programme"]["code"] == "CODI-N-2564-LEADERS"
    total = data["summary"][-1]
    assert total["disbursed"] == 10921966 and total["disbursed_percent"] == 69.85
    assert total["remaining_percent"] == 30.15
    assert data["summary"][0]["disbursed_percent"] == 70
    assert len(data["projects"]) == 18
    row = data["projects"][0]
    assert row["approved"] == 1781000 and row["tranche_1_date"] == "2021-02-25"
    assert set(data["totals"]) == {"approved", "tranche_1", "disbursed", "remaining"}
    assert data["chart"]["labels"][-1] == "งบภาค"


def test_html_document_shows_the_seed_figures(report):
    html = report_formats.to_html(report)
    for text in (
        "15,635,880",
        "10,921,966",
        "69.85",
        "30.15",
        "69.83",
        "30.17",
        "ครั้งที่ 2/2564 วันที่ 20-21 ม.ค.64",
        "25 ก.พ.64",
        "งบภาค",
    ):
        assert text in html
    assert "<script" not in html
    assert "display: table-header-group" in html


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_pdf_is_a4_landscape_with_thai_text(report, tmp_path):
    pdf = report_formats.to_pdf(report)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(  # noqa: S603 - fixed arguments, a file we wrote
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for words in ("โครงการระดับจังหวัด", "รวมทั้งสิ้น", "เชียงใหม่", "งบภาค", "10,921,966", "69.85"):
        assert words in text
    info = subprocess.run(  # noqa: S603
        ["pdfinfo", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size:"))
    assert "(A4)" in size
    width, height = (float(v) for v in size.split(":")[1].split("pts")[0].split(" x "))
    assert width > height  # landscape
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    assert pages >= 2
    assert re.search(rf"\b1\s*/\s*{pages}\b", text)  # the page-number footer


def test_cli_writes_json_and_xlsx(demo_programme, tmp_path):
    out = io.StringIO()
    target = tmp_path / "status.json"
    call_command(
        "report", "budget-status", "--programme", "CODI-N-2564-LEADERS", "--as-of", "2021-04-19",
        "--format", "json", "-o", str(target), stdout=out,
    )  # fmt: skip
    assert json.loads(target.read_text())["summary"][-1]["remaining"] == 4713914
    xlsx = tmp_path / "status.xlsx"
    call_command(
        "report", "budget-status", "--programme", "CODI-N-2564-LEADERS", "--as-of", "2021-04-19",
        "--region", "north", "--format", "xlsx", "-o", str(xlsx), stdout=out,
    )  # fmt: skip
    assert openpyxl.load_workbook(xlsx).active.max_row > 20
    assert "18 projects" in out.getvalue()
