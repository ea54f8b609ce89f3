"""The budget-status charts drawn on the server for the printable HTML and the PDF.

Not a pixel test: the bars drawn are read back from the matplotlib figure and compared with
the report's figures; the document and the PDF must carry the two pictures.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from PIL import Image

from tidtam.finance import charts, report_formats
from tidtam.finance.selectors import budget_status

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2021, 4, 19)


@pytest.fixture
def report(demo_programme):
    return budget_status(demo_programme, as_of=AS_OF)


def _bars(figure, series=None):
    axes = figure.axes[0]
    containers = [c for c in axes.containers if series is None or c.get_label() == series]
    assert len(containers) == 1
    return [Decimal(str(round(bar.get_height(), 2))) for bar in containers[0]]


def test_the_font_is_the_vendored_noto_sans_thai():
    assert charts.thai_font_family() == "Noto Sans Thai"


def test_percent_bars_are_the_report_figures(report):
    figure = charts.percent_figure(report, "ร้อยละ")
    labels = [t.get_text() for t in figure.axes[0].get_xticklabels()]
    assert labels == report.chart.labels
    assert "งบภาค" in labels and "เชียงใหม่" in labels
    assert _bars(figure) == [Decimal(v) for v in report.chart.disbursed_percent]
    # The regional line: 1,233,666 of 1,762,380 → 70 (seed 003).
    assert _bars(figure)[labels.index("งบภาค")] == Decimal("70")
    printed = [t.get_text() for t in figure.axes[0].texts]
    assert printed == [
        report_formats.calc.format_percent(v) for v in report.chart.disbursed_percent
    ]
    assert printed[labels.index("งบภาค")] == "70"


def test_amount_bars_add_up_to_the_summary(report):
    figure = charts.amounts_figure(report, "ยอด", "อนุมัติ", "เบิกจ่าย")
    approved = _bars(figure, "อนุมัติ")
    disbursed = _bars(figure, "เบิกจ่าย")
    assert approved == report.chart.approved
    assert disbursed == report.chart.disbursed
    assert sum(approved) == report.grand_total.approved == Decimal("15635880")
    assert sum(disbursed) == report.grand_total.disbursed == Decimal("10921966")
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert legend == ["อนุมัติ", "เบิกจ่าย"]


def test_printable_html_embeds_two_png_charts(report):
    html = report_formats.to_html(report)
    images = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)"', html)
    assert len(images) == 2
    for data, _alt in images:
        picture = Image.open(io.BytesIO(base64.b64decode(data)))
        assert picture.format == "PNG"
        assert picture.width > 800 and picture.height > 400
    percent_alt, amounts_alt = (alt for _data, alt in images)
    assert "งบภาค: 70" in percent_alt
    assert "งบภาค: อนุมัติ 1,762,380, เบิกจ่าย 1,233,666" in amounts_alt
    assert "<script" not in html


def test_no_chart_without_projects(demo_programme):
    empty = budget_status(demo_programme, as_of=dt.date(2020, 1, 1))
    assert charts.report_charts(empty, report_formats.chart_titles()) == []
    assert "data:image/png" not in report_formats.to_html(empty)


@pytest.mark.skipif(shutil.which("pdfimages") is None, reason="poppler-utils not installed")
def test_pdf_carries_the_charts(report, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(report_formats.to_pdf(report))
    listing = subprocess.run(  # noqa: S603 - fixed arguments, a file we wrote
        ["pdfimages", "-list", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    images = [line for line in listing.splitlines()[2:] if line.strip()]
    assert len([line for line in images if " image " in line]) >= 2
