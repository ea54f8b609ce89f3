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
import re
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

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


W_P, W_PPR, W_PSTYLE, W_R, W_T = (qn(t) for t in ("w:p", "w:pPr", "w:pStyle", "w:r", "w:t"))
W_TAB, W_BR, W_VAL, W_SECTPR = (qn(t) for t in ("w:tab", "w:br", "w:val", "w:sectPr"))
W_TR, W_TRPR, W_TC, W_TCPR = (qn(t) for t in ("w:tr", "w:trPr", "w:tc", "w:tcPr"))
W_TCW, W_GRIDSPAN, W_SHD, W_TBLHEADER = (
    qn(t) for t in ("w:tcW", "w:gridSpan", "w:shd", "w:tblHeader")
)
W_COLOR, W_FILL, XML_SPACE = qn("w:color"), qn("w:fill"), qn("xml:space")
_SPECIAL = re.compile(r"([\t\r\n])")

# A long report has ~11,000 paragraphs in ~8,000 table cells. python-docx's proxies (style
# setter by name, ``row.cells``, ``add_run``) cost ~0.3 ms each, so the body is written with
# lxml directly: the same elements python-docx would write, styles set by their id.


def _style_id(doc: Any, name: str) -> str:
    """Return the id of the style ``name``, resolved once per document."""
    cache = doc.part.__dict__.setdefault("_tidtam_style_ids", {})
    if name not in cache:
        cache[name] = doc.styles[name].style_id
    return str(cache[name])


def _style(doc: Any, paragraph: Any, name: str) -> None:
    """Set a paragraph's style by its cached id (python-docx's setter scans every style)."""
    paragraph._p.get_or_add_pPr().style = _style_id(doc, name)


def _run(p: Any, text: str) -> None:
    """Append a run of ``text`` to the ``w:p`` element, as python-docx's ``add_run`` writes it.

    A tab becomes ``w:tab`` and a line end ``w:br``; ``xml:space="preserve"`` keeps the
    spaces at either end.
    """
    r = etree.SubElement(p, W_R)
    for part in _SPECIAL.split(text) if ("\t" in text or "\r" in text or "\n" in text) else (text,):
        if part == "\t":
            etree.SubElement(r, W_TAB)
        elif part in ("\r", "\n"):
            etree.SubElement(r, W_BR)
        elif part:
            t = etree.SubElement(r, W_T)
            t.text = part
            if len(part.strip()) < len(part):
                t.set(XML_SPACE, "preserve")


def _p(parent: Any, style_id: str | None, text: str, *, run: bool = False) -> Any:
    """Append a ``w:p`` in style ``style_id`` (None: Normal) holding ``text`` to ``parent``.

    ``run``: write a run even for empty text (table cells, as ``add_run("")`` did).
    """
    p = etree.SubElement(parent, W_P)
    if style_id:
        etree.SubElement(etree.SubElement(p, W_PPR), W_PSTYLE).set(W_VAL, style_id)
    if text:
        _run(p, text)
    elif run:
        etree.SubElement(p, W_R)
    return p


def _para(doc: Any, text: str, style: str = "Normal") -> Any:
    """Append a paragraph of ``text`` in ``style`` to the body (before its ``w:sectPr``).

    The body's last child is looked up once per document: ``len()`` of an lxml element counts
    its children, which made every paragraph cost as much as the body is long.
    """
    cache = doc.part.__dict__
    if "_tidtam_body_end" not in cache:
        body = doc.element.body
        last = body[-1] if len(body) else None
        cache["_tidtam_body_end"] = (
            body,
            last if last is not None and last.tag == W_SECTPR else None,
        )
    body, sect_pr = cache["_tidtam_body_end"]
    p = _p(body, None if style == "Normal" else _style_id(doc, style), text)
    if sect_pr is not None:
        sect_pr.addprevious(p)
    return p


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


def _shd(tcpr: Any, fill: str) -> None:
    shd = etree.SubElement(tcpr, W_SHD)
    shd.set(W_VAL, "clear")
    shd.set(W_COLOR, "auto")
    shd.set(W_FILL, fill)


def _row(
    doc: Any,
    table: Any,
    texts: list[str],
    style: str = "Table Text",
    *,
    shades: dict[int, str] | None = None,
    header: bool = False,
    span: int = 0,
) -> Any:
    """Append a row of cells holding ``texts`` (a line per paragraph) to ``table``.

    ``shades`` maps a column to its fill; ``header`` repeats the row on every page and keeps
    each text in one paragraph (a line end is a ``w:br``); ``span`` writes one cell over
    ``span`` columns (the ``texts`` have one item).
    """
    style_id = _style_id(doc, style)
    tr = etree.SubElement(table._tbl, W_TR)
    if header:
        etree.SubElement(etree.SubElement(tr, W_TRPR), W_TBLHEADER).set(W_VAL, "true")
    for i, text in enumerate(texts):
        tc = etree.SubElement(tr, W_TC)
        fill = shades.get(i) if shades else None
        if span or fill:
            tcpr = etree.SubElement(tc, W_TCPR)
            if span:
                etree.SubElement(tcpr, W_GRIDSPAN).set(W_VAL, str(span))
            if fill:
                _shd(tcpr, fill)
        for line in [str(text)] if header else str(text).split("\n"):
            _p(tc, style_id, line, run=True)
    return tr


def _table(
    doc: Any,
    headers: list[str],
    rows: list[list[str]],
    *,
    widths: list[float] | None = None,
    header_shades: dict[int, str] | None = None,
) -> Any:
    table = doc.add_table(rows=0, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    shades = dict.fromkeys(range(len(headers)), "E8EEF6")
    shades.update(header_shades or {})
    _row(doc, table, headers, "Table Heading", shades=shades, header=True)
    for values in rows:
        _row(doc, table, values)
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
    # In the schema's order (Word refuses a tblPr out of order): before w:tblLook and the rest.
    later = [tblpr.find(qn(t)) for t in ("w:tblLook", "w:tblCaption", "w:tblDescription")]
    follower = next((el for el in later if el is not None), None)
    if follower is not None:
        follower.addprevious(mar)
    else:
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
    for tcw in list(table._tbl.iter(W_TCW)):
        tcw.getparent().remove(tcw)


def _plan_row(doc: Any, table: Any, text: str) -> None:
    """Append a work plan's heading row: one shaded cell over every column."""
    columns = len(table._tbl.tblGrid.findall(qn("w:gridCol")))
    _row(doc, table, [text], "Table Heading", shades={0: "F3F3F3"}, span=columns)


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

    # Words of the long loops, translated once.
    w_plan, w_activity, w_date, w_session, w_place, w_total = (
        _("Work plan"),
        _("Activity"),
        _("Date"),
        # Not plain "session": Django's sessions app translates that word as เซสชัน.
        pgettext("Table 2 label: session n of N", "session"),
        _("Place"),
        _("Total"),
    )
    w_time, w_at, w_agenda = _("time"), _("at"), _("Agenda item")
    w_opened, w_closed = _("Meeting opened at"), _("Meeting closed at")
    w_objective, w_expected = _("Objective"), _("Expected result")

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
        header_shades={i: "9FCDF4" for i, m in enumerate(months, start=1) if m.in_period},
    )
    for row in report.grid:
        if row.kind == "plan":
            _plan_row(doc, grid, f"{w_plan} {row.number} {row.title}")
            continue
        texts = [f"{w_activity} {row.number} {row.title}"]
        shades = {}
        for i, c in enumerate(row.cells, start=1):
            mark = "✓" if c.planned else ("↻" if c.rescheduled else "")
            if c.held:
                mark += "●" if c.held == 1 else f"●{c.held}"
            texts.append(mark)
            if c.in_period:
                shades[i] = "CFE6FB"
        texts.append(row.note)
        _row(doc, grid, texts, shades=shades)
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
        title = f"{w_plan} {plan.number} {plan.title}" if plan.number else plan.title
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
    t2_headers = table2_headers()
    t2_columns = len(t2_headers)
    t2 = _table(doc, t2_headers, [])
    last_plan = None
    for g in report.table2:
        if g.plan and g.plan != last_plan:
            _plan_row(doc, t2, f"{w_plan} {g.plan}")
            last_plan = g.plan
        for r in g.rows:
            label = f"{w_date} {r.date_text} {r.activity}"
            if r.number:
                label += f" ({w_session} {r.number}/{r.of or '...'})"
            if r.place:
                label += f" {w_place} {r.place}"
            _row(doc, t2, [label, *r.cells])
        if g.rows:
            _row(doc, t2, [f"{w_total} {g.label}", *g.total_cells], "Table Heading")
        else:
            texts = [f"{g.label} ({_('not held in this period')})", *["-"] * (t2_columns - 1)]
            _row(doc, t2, texts)
    totals = [_("Total, all activities"), *report.table2_total_cells]
    _row(
        doc,
        t2,
        totals,
        "Table Heading",
        shades=dict.fromkeys(range(len(totals)), "ECECEC"),
    )
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
                f"{o.plan}\n{w_activity} {o.activity}",
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
        _para(doc, f"{pub.date_text} {pub.title} ({pub.author})".replace(" ()", ""))
    if not report.publications:
        _para(doc, "-")

    doc.add_page_break()
    _para(doc, _("Annex 1") + ": " + _("Minutes of the meetings"), "Heading 1")
    for m in report.minutes:
        _para(doc, m.activity, "Heading 2")
        line = f"{w_date} {m.date_text}"
        if m.time_text:
            line += f" {w_time} {m.time_text}"
        _para(doc, line)
        if m.place:
            _para(doc, f"{w_at} {m.place}")
        if m.purpose:
            _para(doc, w_objective, "Heading 3")
            _paragraphs(doc, m.purpose)
        if m.expected_result:
            _para(doc, w_expected, "Heading 3")
            _paragraphs(doc, m.expected_result)
        if m.opened_at:
            _para(doc, f"{w_opened} {m.opened_at}")
        for a in m.agenda:
            _para(doc, f"{w_agenda} {a.number}: {a.title}", "Heading 3")
            _paragraphs(doc, a.summary)
        if m.closed_at:
            _para(doc, f"{w_closed} {m.closed_at}")
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
