"""The progress report as DOCX: the built-in document (python-docx) and organisation templates.

The built-in document is editable in Word and LibreOffice: real tables, named styles (no direct
formatting of runs), the Thai font on the styles with the complex-script properties that
python-docx does not set (``w:rFonts w:cs``, ``w:szCs``, ``w:bCs``), the funder's line in the
page header, a PAGE field in the footer, A4 pages.

An organisation's template is a DOCX with docxtpl (Jinja) tags; the context is
``template_context(report)`` (documented in docs/reports.md and on the upload page).
"""

from __future__ import annotations

import io
from typing import IO, Any

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from tidtam.reports.progress import ProgressReport, table2_headers

FONT = "Noto Sans Thai"
BODY_PT = 10
TABLE_PT = 8.5
CONTENT_MM = 174.0  # A4 width minus the 18 mm margins


def _set_fonts(style: Any, *, size: float, bold: bool = False) -> None:
    """Set the Thai font on a style for every script, with the complex-script size and bold."""
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        if fonts.get(qn(theme_attr)) is not None:
            del fonts.attrib[qn(theme_attr)]
    _set_val(rpr, "w:szCs", str(int(size * 2)))
    if bold:
        _set_val(rpr, "w:bCs", None)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:bidi"), "th-TH")


def _set_val(rpr: Any, tag: str, value: str | None) -> None:
    el = rpr.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        rpr.append(el)
    if value is not None:
        el.set(qn("w:val"), value)


def _styles(doc: Any) -> None:
    styles = doc.styles
    _set_fonts(styles["Normal"], size=BODY_PT)
    for name, size in (("Title", 20), ("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 11)):
        style = styles[name]
        _set_fonts(style, size=size, bold=True)
        style.font.color.rgb = RGBColor(0, 0, 0)
    for name, size, bold in (
        ("Table Text", TABLE_PT, False),
        ("Table Heading", TABLE_PT, True),
        ("Cover", 14, True),
        ("Funder Line", 9, True),
        ("Small Note", 8, False),
    ):
        if name not in [s.name for s in styles]:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
        style = styles[name]
        _set_fonts(style, size=size, bold=bold)
        style.paragraph_format.space_after = Pt(0 if name.startswith("Table") else 4)
    styles["Cover"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Table Heading"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Funder Line"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _style(doc: Any, paragraph: Any, name: str) -> None:
    """Set a paragraph's style by its cached id (python-docx's setter scans every style)."""
    cache = doc.part.__dict__.setdefault("_tidtam_style_ids", {})
    if name not in cache:
        cache[name] = doc.styles[name].style_id
    paragraph._p.get_or_add_pPr().style = cache[name]


def _para(doc: Any, text: str, style: str = "Normal") -> Any:
    """Append a paragraph of ``text`` in ``style`` to the body."""
    paragraph = doc.add_paragraph()
    if style != "Normal":
        _style(doc, paragraph, style)
    if text:
        paragraph.add_run(text)
    return paragraph


def _page_field(paragraph: Any) -> None:
    """Append a PAGE field (the page number Word and LibreOffice fill in)."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, instr, separate, text, end):
        run._r.append(el)


def _shade(cell: Any, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _table(
    doc: Any, headers: list[str], rows: list[list[str]], *, widths: list[float] | None = None
) -> Any:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        _style(doc, cell.paragraphs[0], "Table Heading")
        cell.paragraphs[0].add_run(text)
        _shade(cell, "E8EEF6")
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            _cell_text(doc, cell, text)
    if widths:
        set_widths(table, widths)
    return table


def _narrow_margins(table: Any, twips: int = 40) -> None:
    """Give a table's cells small left/right margins (the month columns of Table 1)."""
    tblpr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(twips))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblpr.append(mar)


def _qty(value: Any) -> str:
    """Write a quantity without trailing zeros: 3 → "3", 2.5 → "2.5"."""
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def set_widths(table: Any, widths: list[float]) -> None:
    """Fix the column widths (mm) in the table grid with a fixed layout.

    Word and LibreOffice both lay a fixed table out from ``w:tblGrid``; writing ``w:tcW`` on
    every cell too would double the time of a long report for nothing.
    """
    table.autofit = False  # w:tblLayout w:type="fixed"
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for tc in table._tbl.iter(qn("w:tc")):
        tcpr = tc.tcPr
        if tcpr is not None:
            tcw = tcpr.find(qn("w:tcW"))
            if tcw is not None:
                tcpr.remove(tcw)


def _cell_text(doc: Any, cell: Any, text: str, *, style: str = "Table Text") -> None:
    lines = str(text).split("\n") or [""]
    paragraph = cell.paragraphs[0]
    _style(doc, paragraph, style)
    paragraph.add_run(lines[0])
    for line in lines[1:]:
        p = cell.add_paragraph()
        _style(doc, p, style)
        p.add_run(line)


def _plan_row(doc: Any, table: Any, text: str) -> None:
    cells = table.add_row().cells
    merged = cells[0].merge(cells[-1])
    merged.text = ""
    _cell_text(doc, merged, text, style="Table Heading")
    merged.paragraphs[0].alignment = None
    _shade(merged, "F3F3F3")


def _paragraphs(doc: Any, text: str, style: str = "Normal") -> None:
    for line in text.split("\n"):
        if line.strip():
            _para(doc, line.strip(), style)


def build(report: ProgressReport) -> bytes:
    """Write the built-in progress-report DOCX."""
    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.PORTRAIT
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(18))
    section.top_margin = section.bottom_margin = Mm(18)
    header = section.header.paragraphs[0]
    header.style = doc.styles["Funder Line"]
    header.add_run(report.funder_line)
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Small Note"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(footer)

    # Cover.
    for text in (
        _("Progress report"),
        _("Work carried out %(period)s") % {"period": report.period_text},
        f"“{report.project_title}”",
        _("under"),
        report.programme_name,
        _("prepared by"),
        report.implementer,
    ):
        _para(doc, text, "Cover")
    doc.add_page_break()

    months = report.months
    _para(doc, "1. " + _("Work carried out compared with the plan"), "Heading 1")
    _para(
        doc,
        _("Table 1 Progress against the work plan by month (period %(period)s)")
        % {"period": report.period_text},
        "Heading 3",
    )
    grid = _table(
        doc,
        [_("Activity"), *[m.label for m in months], _("Progress")],
        [],
    )
    for i, m in enumerate(months, start=1):
        if m.in_period:
            _shade(grid.rows[0].cells[i], "9FCDF4")
    for row in report.grid:
        if row.kind == "plan":
            _plan_row(doc, grid, f"{_('Work plan')} {row.number} {row.title}")
            continue
        cells = grid.add_row().cells
        _cell_text(doc, cells[0], f"{_('Activity')} {row.number} {row.title}")
        for i, c in enumerate(row.cells, start=1):
            mark = "✓" if c.planned else ("↻" if c.rescheduled else "")
            if c.held:
                mark += "●" if c.held == 1 else f"●{c.held}"
            _cell_text(doc, cells[i], mark)
            if c.in_period:
                _shade(cells[i], "CFE6FB")
        _cell_text(doc, cells[-1], row.note)
    month_mm = 8.5
    note_mm = max(30.0, CONTENT_MM - 40 - month_mm * len(months))
    set_widths(grid, [40, *[month_mm] * len(months), note_mm])
    _narrow_margins(grid)
    _para(
        doc,
        _(
            "Note: the shaded months are the reporting period. ✓ planned, ↻ rescheduled, "
            "● held (number of sessions)."
        ),
        "Small Note",
    )

    _para(doc, "2. " + _("Results by work plan"), "Heading 1")
    for i, plan in enumerate(report.results, start=1):
        title = f"{_('Work plan')} {plan.number} {plan.title}" if plan.number else plan.title
        _para(doc, f"2.{i}. {title}", "Heading 2")
        if not plan.items:
            _para(doc, "-")
        for item in plan.items:
            _para(doc, f"{item.date_text} {item.activity}", "Heading 3")
            _paragraphs(doc, item.text)

    _para(doc, "3. " + _("Problems, obstacles and solutions"), "Heading 1")
    _para(doc, _("Problems and obstacles"), "Heading 2")
    for p in report.problems:
        if p.problems:
            _paragraphs(doc, f"{p.date_text} {p.activity}: {p.problems}")
    _para(doc, _("Solutions"), "Heading 2")
    for p in report.problems:
        if p.solutions:
            _paragraphs(doc, f"{p.date_text} {p.activity}: {p.solutions}")
    if not report.problems:
        _para(doc, "-")

    doc.add_page_break()
    _para(doc, "4. " + _("Activities carried out"), "Heading 1")
    _para(
        doc,
        _(
            "Table 2 Overview of the activities (minutes and participant lists of each meeting in annex 1)"
        ),
        "Heading 3",
    )
    t2 = _table(doc, table2_headers(), [])
    last_plan = None
    for g in report.table2:
        if g.plan and g.plan != last_plan:
            _plan_row(doc, t2, f"{_('Work plan')} {g.plan}")
            last_plan = g.plan
        for r in g.rows:
            label = f"{_('Date')} {r.date_text} {r.activity}"
            if r.number:
                label += f" ({_('session')} {r.number}/{r.of or '...'})"
            if r.place:
                label += f" {_('Place')} {r.place}"
            cells = t2.add_row().cells
            for cell, text in zip(cells, [label, *r.cells], strict=True):
                _cell_text(doc, cell, text)
        if g.rows:
            cells = t2.add_row().cells
            for cell, text in zip(cells, [f"{_('Total')} {g.label}", *g.total_cells], strict=True):
                _cell_text(doc, cell, text, style="Table Heading")
        else:
            cells = t2.add_row().cells
            texts = [f"{g.label} ({_('not held in this period')})", *["-"] * (len(cells) - 1)]
            for cell, text in zip(cells, texts, strict=True):
                _cell_text(doc, cell, text)
    cells = t2.add_row().cells
    for cell, text in zip(
        cells, [_("Total, all activities"), *report.table2_total_cells], strict=True
    ):
        _cell_text(doc, cell, text, style="Table Heading")
        _shade(cell, "ECECEC")
    set_widths(t2, [46, *[(CONTENT_MM - 46) / 8] * 8])

    doc.add_page_break()
    _para(doc, "5. " + _("Outputs"), "Heading 1")
    _para(
        doc,
        _("Table 3 Outputs required for %(period)s") % {"period": report.period_text},
        "Heading 3",
    )
    t3_rows = []
    for o in report.table3:
        required = o.required + (f" ({_qty(o.planned)} {o.unit})" if o.planned is not None else "")
        achieved = f"{_qty(o.achieved)} {o.unit}" if o.achieved is not None else "-"
        if o.achieved_texts:
            achieved += "\n" + "\n".join(o.achieved_texts)
        t3_rows.append(
            [
                f"{o.plan}\n{_('Activity')} {o.activity}",
                required,
                achieved,
                f"{o.percent}" if o.percent is not None else "-",
                o.status_label,
            ]
        )
    _table(
        doc,
        [
            _("Work plan / activity"),
            _("Output required"),
            _("Output achieved"),
            _("Percent"),
            _("Status"),
        ],
        t3_rows,
        widths=[34, 50, 50, 15, 25],
    )

    _para(doc, "6. " + _("Publications"), "Heading 1")
    for pub in report.publications:
        doc.add_paragraph(f"{pub.date_text} {pub.title} ({pub.author})".replace(" ()", ""))
    if not report.publications:
        _para(doc, "-")

    doc.add_page_break()
    _para(doc, _("Annex 1") + ": " + _("Minutes of the meetings"), "Heading 1")
    for m in report.minutes:
        _para(doc, m.activity, "Heading 2")
        line = f"{_('Date')} {m.date_text}"
        if m.time_text:
            line += f" {_('time')} {m.time_text}"
        doc.add_paragraph(line)
        if m.place:
            doc.add_paragraph(f"{_('at')} {m.place}")
        if m.purpose:
            _para(doc, _("Objective"), "Heading 3")
            _paragraphs(doc, m.purpose)
        if m.expected_result:
            _para(doc, _("Expected result"), "Heading 3")
            _paragraphs(doc, m.expected_result)
        if m.opened_at:
            doc.add_paragraph(f"{_('Meeting opened at')} {m.opened_at}")
        for a in m.agenda:
            _para(doc, f"{_('Agenda item')} {a.number}: {a.title}", "Heading 3")
            _paragraphs(doc, a.summary)
        if m.closed_at:
            doc.add_paragraph(f"{_('Meeting closed at')} {m.closed_at}")
    if report.roles:
        _para(doc, _("Roles in the project"), "Heading 2")
        _table(
            doc,
            [_("Name"), _("Role"), _("Organisation")],
            [[r.name, r.role, r.organisation] for r in report.roles],
            widths=[50, 74, 50],
        )

    doc.add_page_break()
    _para(doc, _("Annex 2") + ": " + _("Activity summary form"), "Heading 1")
    _table(
        doc,
        [_("Date / place"), _("Activity"), _("What was done"), _("Who and how many"), _("Results")],
        [[r.date_place, r.activity, r.done, r.who, r.results] for r in report.summary_form],
        widths=[28, 28, 45, 35, 38],
    )
    _para(doc, _("Evidence"), "Heading 2")
    if report.evidence:
        _table(
            doc,
            [_("Date"), _("Activity"), _("Kind"), _("File")],
            [[e.date_text, e.activity, e.kind, e.name] for e in report.evidence],
            widths=[30, 50, 30, 64],
        )
    else:
        _para(doc, "-")

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- Organisation templates (docxtpl) ------------------------------------------------------------

CONTEXT_VARIABLES: tuple[tuple[str, str], ...] = (
    ("project_code, project_title, programme_name, funder_line, implementer", "texts of the cover"),
    ("period_text", "the period in BE, e.g. 1 กุมภาพันธ์-30 กันยายน พ.ศ. 2566"),
    ("start, end", "the period as ISO dates (CE)"),
    ("months[]", "label, in_period (Table 1 columns)"),
    (
        "grid[]",
        "kind (plan/activity), number, title, cells[] (planned, rescheduled, held, in_period), note",
    ),
    ("results[]", "number, title, items[] (date_text, activity, text)"),
    ("problems[]", "date_text, activity, problems, solutions"),
    (
        "table2[]",
        "plan, label, rows[] (date_text, activity, number, of, place, cells[], values{}), total_cells[]",
    ),
    ("table2_headers[], table2_total_cells[]", "Table 2 headings and the overall total row"),
    (
        "table3[]",
        "plan, activity, required, planned, achieved, unit, achieved_texts[], percent, status_label",
    ),
    ("publications[]", "date_text, title, author"),
    (
        "minutes[]",
        "activity, date_text, time_text, place, purpose, expected_result, opened_at, closed_at, agenda[] (number, title, summary)",
    ),
    ("roles[]", "name, role, organisation"),
    ("summary_form[]", "date_place, activity, done, who, results"),
    ("evidence[]", "date_text, activity, kind, name"),
)


def template_context(report: ProgressReport) -> dict[str, Any]:
    """Return the docxtpl context: the report's JSON data (see ``CONTEXT_VARIABLES``)."""
    from tidtam.reports.progress_formats import to_dict

    return to_dict(report)


def render_template(template: IO[bytes] | str, report: ProgressReport) -> bytes:
    """Render an organisation's docxtpl template with the report's context."""
    return render_template_context(template, template_context(report))


def render_template_context(template: IO[bytes] | str, context: dict[str, Any]) -> bytes:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(template)
    tpl.render(context, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()
