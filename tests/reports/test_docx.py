"""The built-in progress-report DOCX as XML: real tables Word accepts, styles rather than direct
formatting, multi-line cells as paragraphs (small data; the demo's report is in test_progress)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from tests.projects.factories import (
    ActivityFactory,
    ParticipantCountFactory,
    ProjectFactory,
    SessionFactory,
    WorkPlanFactory,
    months,
)
from tidtam.reports.progress import progress_report
from tidtam.reports.progress_docx import build
from tidtam.reports.system import system_user

pytestmark = pytest.mark.django_db

TBLPR_ORDER = [
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
]


@pytest.fixture
def docx_bytes(media_dir):
    project = ProjectFactory(code="PRJ-D1")
    plan = WorkPlanFactory(project=project, number=1, title="พัฒนาทีม")
    activity = ActivityFactory(plan=plan, number="1.1", title="ประชุมทีม", planned_sessions=2)
    months(activity, (2023, 3), (2023, 4))
    for n, day in ((1, 10), (2, 20)):
        session = SessionFactory(
            activity=activity,
            start_date=dt.date(2023, 3, day),
            number=n,
            results=f"ผลข้อ {n}.1\nผลข้อ {n}.2",
        )
        ParticipantCountFactory(session=session, total=7, men=2, women=5)
    report = progress_report(system_user(), project, dt.date(2023, 2, 1), dt.date(2023, 9, 30))
    return build(report)


def _local(el) -> str:
    return etree.QName(el).localname


def test_tables_are_real_and_in_schema_order(docx_bytes):
    xml = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx_bytes)).read("word/document.xml"))
    body = xml.find(qn("w:body"))
    assert _local(body[-1]) == "sectPr"  # every paragraph and table comes before the section
    tables = body.findall(qn("w:tbl"))
    assert len(tables) >= 4
    for tbl in tables:
        names = [_local(el) for el in tbl.find(qn("w:tblPr"))]
        assert names == sorted(names, key=TBLPR_ORDER.index), names
        columns = len(tbl.find(qn("w:tblGrid")))
        assert tbl.find(qn("w:tblPr")).find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        rows = tbl.findall(qn("w:tr"))
        assert rows[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None  # repeated header
        for tr in rows:
            cells = tr.findall(qn("w:tc"))
            spans = [
                int(tc.find(qn("w:tcPr")).find(qn("w:gridSpan")).get(qn("w:val")))
                if tc.find(qn("w:tcPr")) is not None
                and tc.find(qn("w:tcPr")).find(qn("w:gridSpan")) is not None
                else 1
                for tc in cells
            ]
            assert sum(spans) == columns  # a plan row spans the whole table
            for tc in cells:
                paragraphs = tc.findall(qn("w:p"))
                assert paragraphs  # Word needs a paragraph in every cell
                for p in paragraphs:
                    style = p.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val"))
                    assert style in ("TableText", "TableHeading")
    assert not list(xml.iter(qn("w:tcW")))  # widths come from the grid
    assert not list(xml.iter(qn("w:rPr")))  # no direct run formatting anywhere in the body


def test_cells_read_back_with_python_docx(docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    grid = doc.tables[0]
    plan_row = grid.rows[1]
    assert plan_row.cells[0].text == "แผนงาน 1 พัฒนาทีม"
    assert len({id(c._tc) for c in plan_row.cells}) == 1  # one merged cell
    activity_row = grid.rows[2]
    assert [c.text for c in activity_row.cells][:4] == ["กิจกรรม 1.1 ประชุมทีม", "", "✓●2", "✓"]

    table2 = doc.tables[1]
    # "ครั้งที่ n/N" as in seed 000 (not Django's "เซสชัน" for the word "session").
    assert table2.rows[2].cells[0].text == (
        "วันที่ 10/มี.ค./2566 1.1 ประชุมทีม (ครั้งที่ 1/2) สถานที่ บ้านโฮมแสนสุข อ.เมือง จ.ขอนแก่น"
    )
    totals = [c.text for c in table2.rows[-1].cells]
    assert totals[0] == "รวมทุกกิจกรรม"
    assert totals[1:3] == ["14 คน", "10 คน"]

    summary = doc.tables[3]
    results_cells = [row.cells[-1] for row in summary.rows[1:]]
    assert [[p.text for p in c.paragraphs] for c in results_cells] == [
        ["ผลข้อ 1.1", "ผลข้อ 1.2"],
        ["ผลข้อ 2.1", "ผลข้อ 2.2"],
    ]
