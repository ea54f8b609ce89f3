"""The progress report of the demo's KKD-2566 (seed 000), 1 Feb - 30 Sep 2566, in every format."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn

from tests.reports.conftest import END, START
from tidtam.projects.selectors import project_page
from tidtam.reports import progress_formats
from tidtam.reports.progress import count_text, progress_report, table2_cells
from tidtam.reports.system import system_user

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    """Run a poppler/LibreOffice tool on a file this test wrote; return its output."""
    tool = shutil.which(args[0]) or args[0]
    return subprocess.run(  # noqa: S603 - fixed tools, files we wrote
        [tool, *args[1:]], capture_output=True, check=True, text=True, timeout=300
    ).stdout


def test_count_text_follows_the_seed():
    assert count_text(7) == "7 คน"
    assert count_text(None) == "..คน"
    assert count_text(0) == "-"
    cells = table2_cells({"total": 7, "civil_society_people": 2, "civil_society_orgs": 2})
    assert cells[0] == "7 คน"
    assert cells[2] == "2 คน 2 องค์กร"
    assert cells[4] == "..คน ..เทศบาล"


def test_acceptance_kkd_2566(demo, tmp_path):
    """JSON numbers equal the data; the PDF has every section in Thai; the DOCX is editable."""
    with translation.override("th"):
        report = progress_report(system_user(), demo, START, END)
        data = json.loads(progress_formats.to_json(report))
        page = project_page(
            system_user(),
            demo,
            as_of=END,
            period=demo.reporting_periods.get(start=START, end=END),
        )

        # Cover.
        assert data["period_text"] == "1 กุมภาพันธ์-30 กันยายน พ.ศ. 2566"
        assert data["funder_line"] == page.project.programme.funder_line
        assert data["implementer"] == page.project.implementing_organisation.name

        # Table 1: the period's months are flagged, Oct-Dec 2566 are not.
        flagged = [m["month"] for m in data["months"] if m["in_period"]]
        assert flagged[0] == "2023-02-01" and flagged[-1] == "2023-09-01"
        assert len(flagged) == 8
        activities = [r for r in data["grid"] if r["kind"] == "activity"]
        assert [r["number"] for r in activities] == [
            r.number for r in page.plan_rows if r.kind == "activity"
        ]

        # Table 2: per-activity totals equal the projects core's, and the grand total is their sum.
        assert len(data["table2"]) == len(page.session_groups)
        for ours, theirs in zip(data["table2"], page.session_groups, strict=True):
            assert ours["label"] == theirs.label
            assert len(ours["rows"]) == len(theirs.rows)
            assert ours["totals"] == dict(theirs.totals.values)
        sessions = sum(len(g.rows) for g in page.session_groups)
        assert sessions == 13
        for name in ("total", "women", "civil_society_people"):
            known = [g.totals.values[name] for g in page.session_groups]
            assert data["table2_totals"][name] == sum(v for v in known if v is not None)
        first = data["table2"][0]
        assert first["label"].startswith("1.1 ")
        assert first["rows"][0]["date"] == "2023-03-10"
        assert first["rows"][0]["cells"][0] == "7 คน"

        # Table 3 and the annexes hold every session of the period.
        assert len(data["table3"]) == len(page.outputs)
        assert len(data["minutes"]) == sessions
        assert len(data["summary_form"]) == sessions
        assert all(m["date_text"] for m in data["minutes"])

        pdf = progress_formats.to_pdf(report)
        docx = progress_formats.to_docx(report)

    # PDF: A4, selectable Thai text with every section.
    pdf_path = tmp_path / "kkd.pdf"
    pdf_path.write_bytes(pdf)
    text = _run("pdftotext", "-layout", str(pdf_path), "-")
    for words in (
        "รายงานความก้าวหน้า",
        "ดำเนินงาน",
        "ผู้เข้าร่วมทั้งหมด",
        "ตารางที่ 1",
        "ตารางที่ 2",
        "ตารางที่ 3",
        "สรุปปัญหา อุปสรรค",
        "สรุปผลงานที่ได้รับการเผยแพร่",
        "เอกสารแนบ 1",
        "เอกสารแนบ 2",
        "แบบฟอร์มตารางสรุปกิจกรรม",
        "Funded by the European Union",
    ):
        assert words in text, words
    info = _run("pdfinfo", str(pdf_path))
    assert "(A4)" in info

    # DOCX: real tables, the funder's line in the header, styles with the Thai cs font.
    doc = Document(io.BytesIO(docx))
    assert len(doc.tables) >= 5
    header_text = doc.sections[0].header.paragraphs[0].text
    assert header_text == report.funder_line
    assert abs(doc.sections[0].page_width.mm - 210) < 1
    for name in ("Normal", "Heading 1", "Heading 2", "Table Text"):
        rpr = doc.styles[name].element.rPr
        fonts = rpr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:cs")) == "Noto Sans Thai", name
        assert rpr.find(qn("w:szCs")) is not None, name
    for name in ("Heading 1", "Heading 2", "Table Heading"):
        rpr = doc.styles[name].element.rPr
        assert rpr.find(qn("w:b")) is not None and rpr.find(qn("w:bCs")) is not None, name
    footer_xml = doc.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "fldChar" in footer_xml
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "รายงานความก้าวหน้า" in body
    cells = {c.text for t in doc.tables for r in t.rows for c in r.cells}
    assert "ผู้เข้าร่วมทั้งหมด" in cells
    assert "7 คน" in cells
    # No run carries direct font formatting: the look comes from the styles.
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    assert "<w:rFonts" not in xml

    # LibreOffice (when installed) opens it and its bold Thai headings are really bold.
    soffice = shutil.which("soffice")
    if soffice:
        src = tmp_path / "kkd.docx"
        src.write_bytes(docx)
        _run(
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "lo-out"),
            str(src),
        )
        converted = tmp_path / "lo-out" / "kkd.pdf"
        assert converted.exists()
        fonts = _run("pdffonts", str(converted))
        assert "NotoSansThai-Bold" in fonts
        lo_text = _run("pdftotext", str(converted), "-")
        assert "ดำเนินงาน" in lo_text


def test_json_and_html_name_every_section(demo):
    with translation.override("th"):
        report = progress_report(system_user(), demo, START, END)
        html = progress_formats.to_html(report)
    for words in ("ตารางที่ 1", "ตารางที่ 2", "ตารางที่ 3", "เอกสารแนบ 1", "เอกสารแนบ 2"):
        assert words in html
    assert "thead { display: table-header-group; }" in html.replace("\n", " ") or (
        "display: table-header-group" in html
    )


def test_a_period_without_a_saved_reporting_period(demo):
    """Any start..end works: only the sessions inside it are counted."""
    import datetime as dt

    report = progress_report(system_user(), demo, dt.date(2023, 6, 1), dt.date(2023, 6, 30))
    dates = [r.date for g in report.table2 for r in g.rows]
    assert dates and all(dt.date(2023, 6, 1) <= d <= dt.date(2023, 6, 30) for d in dates)
    assert sum(m.in_period for m in report.months) == 1


def test_cli_every_format(demo, tmp_path):
    from django.core.management import call_command

    for fmt in ("json", "html", "docx", "pdf"):
        out = tmp_path / f"kkd.{fmt}"
        stdout = io.StringIO()
        period = "2023-02-01..2023-09-30" if fmt != "docx" else "1/2/2566..30/9/2566"
        call_command(
            "report",
            "progress",
            "--project",
            "KKD-2566",
            "--period",
            period,
            "--format",
            fmt,
            "-o",
            str(out),
            stdout=stdout,
        )
        assert "13 sessions" in stdout.getvalue()
        body = out.read_bytes()
        assert body
    assert json.loads((tmp_path / "kkd.json").read_text())["project_code"] == "KKD-2566"
    assert (tmp_path / "kkd.pdf").read_bytes().startswith(b"%PDF")
    assert zipfile.is_zipfile(tmp_path / "kkd.docx")
    assert "ตารางที่ 2" in (tmp_path / "kkd.html").read_text()


def test_cli_refuses_unknown_project_and_bad_period(db, tmp_path):
    from tidtam.reports import progress_cli

    out = io.StringIO()
    assert (
        progress_cli.run(
            {
                "project": "NOPE",
                "period": "2023-02-01..2023-09-30",
                "format": "json",
                "output": str(tmp_path / "x"),
            },
            out,
        )
        == 2
    )
    assert "NOPE" in out.getvalue()
    with pytest.raises(ValueError):
        progress_cli.parse_period("2023-09-30..2023-02-01")
    with pytest.raises(ValueError):
        progress_cli.parse_period("2023-02-01")
    assert progress_cli.parse_period("1 ก.พ. 2566..30 ก.ย. 2566")[1].isoformat() == "2023-09-30"
    assert not Path(tmp_path / "x").exists()
