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


def test_one_browser_serves_every_thread_and_restarts_after_close(tmp_path):
    """Two threads print at once through the process's one browser; close() starts a new one."""
    from concurrent.futures import ThreadPoolExecutor

    from tidtam.reports import pdf

    html_to_pdf(HTML % "<tr><td>0</td><td>ตาก</td></tr>")  # the browser is up
    before = pdf.browser_launches()
    pages = {n: HTML % f"<tr><td>{n}</td><td>จังหวัดที่{n}</td></tr>" for n in (1, 2, 3, 4)}
    with ThreadPoolExecutor(max_workers=4) as pool:
        pdfs = dict(zip(pages, pool.map(html_to_pdf, pages.values()), strict=True))
    assert pdf.browser_launches() == before  # no new Chromium
    for n, body in pdfs.items():
        text, _info = _text(body, tmp_path)
        assert f"จังหวัดที่{n}" in text
        assert not any(f"จังหวัดที่{m}" in text for m in pages if m != n)  # no page leaks

    pdf.close()
    text, _info = _text(html_to_pdf(HTML % "<tr><td>5</td><td>พะเยา</td></tr>"), tmp_path)
    assert "พะเยา" in text
    assert pdf.browser_launches() == before + 1


def test_a_report_never_reaches_the_network(tmp_path):
    """Images, stylesheets, scripts and frames pointing at a server are refused: it sees nothing."""
    import http.server
    import threading

    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        body = (
            f'<link rel="stylesheet" href="{base}/a.css"><img src="{base}/b.png">'
            f'<script src="{base}/c.js"></script><iframe src="{base}/d.html"></iframe>'
            "<tr><td>1</td><td>ลำปาง</td></tr>"
        )
        text, _info = _text(html_to_pdf(HTML % body), tmp_path)
    finally:
        server.shutdown()
        server.server_close()
    assert "ลำปาง" in text
    assert hits == []


def test_print_only_style_keeps_the_doctype_first():
    from tidtam.reports.pdf import SCREEN_HIDDEN, _print_only

    assert _print_only("<!DOCTYPE html><html></html>") == (
        f"<!DOCTYPE html>{SCREEN_HIDDEN}<html></html>"
    )
    assert _print_only("<p>x</p>") == f"{SCREEN_HIDDEN}<p>x</p>"
