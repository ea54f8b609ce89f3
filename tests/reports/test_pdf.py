"""The shared HTML-to-PDF helper: A4, orientation, page numbers, Thai text kept whole."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tidtam.reports.pdf import chromium_path, html_to_pdf

pytestmark = pytest.mark.skipif(
    not Path(chromium_path()).exists() or shutil.which("pdftotext") is None,
    reason="Chromium or pdftotext missing",
)

HTML = """<!DOCTYPE html><html lang="th"><head><meta charset="utf-8">
<style>body{font-family:"Noto Sans Thai",sans-serif} thead{display:table-header-group}
td,th{border:1px solid #000;padding:4px}</style></head><body>
<h1>รายงานสถานะโครงการ</h1><table><thead><tr><th>ลำดับ</th><th>จังหวัด</th></tr></thead><tbody>
%s</tbody></table></body></html>"""


def _text(pdf: bytes, tmp_path: Path) -> tuple[str, str]:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(  # noqa: S603 - fixed arguments, a file we wrote
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    info = subprocess.run(  # noqa: S603
        ["pdfinfo", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return text, info


def test_portrait_a4_with_thai_and_page_numbers(tmp_path):
    rows = "".join(f"<tr><td>{i}</td><td>เชียงใหม่ ลำพูน แม่ฮ่องสอน</td></tr>" for i in range(1, 120))
    text, info = _text(html_to_pdf(HTML % rows), tmp_path)
    assert "(A4)" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 2
    assert "รายงานสถานะโครงการ" in text
    assert "แม่ฮ่องสอน" in text
    assert text.count("ลำดับ") == pages  # the header row is repeated on every page
    assert re.search(rf"\b{pages}\s*/\s*{pages}\b", text)


def test_landscape_and_custom_footer(tmp_path):
    footer = '<div style="font-size:8pt;width:100%;text-align:center">หน้า <span class="pageNumber"></span></div>'
    text, info = _text(
        html_to_pdf(HTML % "<tr><td>1</td><td>น่าน</td></tr>", landscape=True, footer_html=footer),
        tmp_path,
    )
    width, height = (
        float(v) for v in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups()
    )
    assert width > height
    assert "หน้า 1" in text
