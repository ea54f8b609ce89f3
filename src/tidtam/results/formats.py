"""Formatters of the quarterly KPI report: JSON, XLSX, DOCX and standalone HTML.

Each takes the ``KpiReport`` computed once by ``selectors.kpi_report`` and only lays it out;
no number is computed here.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from html import escape as html_escape
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tidtam.results.calculations import Colour, Computed, fmt
from tidtam.results.selectors import (
    CARRIED_RULE_LABELS,
    COLOUR_LABELS,
    KpiReport,
    KpiRow,
    explain_text,
)

COLOUR_FILL = {"red": "#F8D7D7", "yellow": "#FBEEB8", "green": "#D3EFD9"}
THAI_FONT = "Noto Sans Thai"


def _num(value: Decimal | None) -> int | float | None:
    """Return a JSON number: an int when whole, else a float of the 2-decimal value."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _colour(value: Colour | None) -> str | None:
    return value.value if value is not None else None


# --- JSON -------------------------------------------------------------------------------------


def row_json(row: KpiRow) -> dict[str, Any]:
    """Return one indicator of the report as plain JSON-ready data."""
    year = row.year
    return {
        "code": row.code,
        "name": row.name,
        "unit": row.unit,
        "kind": row.kind,
        "annual_target": _num(year.annual_target.value),
        "cumulative_result": _num(year.cumulative_result.value),
        "annual_percent": _num(year.annual_percent.value),
        "annual_colour": _colour(year.annual_colour.colour),
        "passed": year.passed,
        "quarters": [
            {
                "quarter": q.quarter,
                "target": _num(q.target.value),
                "carried_target": _num(q.carried_target.value),
                "carried_rule": q.carried_rule.value if q.carried_rule else None,
                "result": _num(q.result.value),
                "percent": _num(q.percent.value),
                "colour": _colour(q.colour.colour),
            }
            for q in year.quarters
        ],
        "components": [
            {
                "code": c.code,
                "annual_target": _num(c.annual_target),
                "cumulative_result": _num(c.cumulative_result),
                "annual_percent": _num(c.annual_percent.value),
            }
            for c in year.components
        ],
        "regions": [
            {
                "region": b.label,
                "annual_target": _num(b.year.annual_target.value),
                "cumulative_result": _num(b.year.cumulative_result.value),
                "annual_percent": _num(b.year.annual_percent.value),
                "annual_colour": _colour(b.year.annual_colour.colour),
            }
            for b in row.breakdown
        ],
        "breakdown_mismatches": list(row.breakdown_mismatches),
        "revisions": [
            {
                "quarter": r.quarter,
                "old": _num(r.old_value),
                "new": _num(r.new_value),
                "date": r.revised_on.isoformat(),
                "approver": r.approver,
                "reason": r.reason,
            }
            for r in row.revisions
        ],
        "narrative": row.narrative,
        "next_steps": row.next_steps,
        "problems": row.problems,
    }


def to_json_data(report: KpiReport) -> dict[str, Any]:
    return {
        "fiscal_year": report.fiscal_year,
        "quarter": report.quarter,
        "region": report.region_label or None,
        "indicators": [row_json(r) for r in report.rows],
    }


def to_json(report: KpiReport, *, compact: bool = False) -> str:
    """Return the report as JSON: indented for a file, ``compact`` for the web (the same data;
    ``json`` writes compact output with its C encoder, several times faster)."""
    if compact:
        return json.dumps(to_json_data(report), ensure_ascii=False, separators=(",", ":"))
    return json.dumps(to_json_data(report), ensure_ascii=False, indent=2)


# --- shared text ------------------------------------------------------------------------------


def title(report: KpiReport) -> str:
    text = _("Quarterly indicator performance report, fiscal year %(fy)s, quarter %(q)s") % {
        "fy": report.fiscal_year,
        "q": report.quarter,
    }
    if report.region_label:
        text += f" · {report.region_label}"
    return text


def remarks(row: KpiRow) -> str:
    """Return the remarks cell: target revisions, breakdown problems, notes and problems."""
    lines = []
    for r in row.revisions:
        lines.append(
            _(
                "Target of %(period)s revised %(old)s → %(new)s on %(date)s, approved by %(approver)s: %(reason)s"
            )
            % {
                "period": _("the year")
                if r.quarter == 0
                else _("quarter %(q)s") % {"q": r.quarter},
                "old": fmt(r.old_value),
                "new": fmt(r.new_value),
                "date": _be(r.revised_on),
                "approver": r.approver,
                "reason": r.reason,
            }
        )
    lines.extend(row.breakdown_mismatches)
    lines.extend(row.notes)
    if row.problems:
        lines.append(_("Problems: %(text)s") % {"text": row.problems})
    return "\n".join(lines)


def _be(d: Any) -> str:
    from tidtam.thai.dates import format_date

    return format_date(d, "short")


def passed_text(value: bool | None) -> str:
    if value is None:
        return "–"
    return _("pass") if value else _("fail")


def _quarter_headers() -> list[str]:
    return [_("target"), _("carried-forward target"), _("result"), "%"]


def _cell(c: Computed) -> str:
    return c.text


# --- XLSX -------------------------------------------------------------------------------------


def to_xlsx(report: KpiReport) -> bytes:
    """Write the report as an XLSX workbook with coloured % cells and a legend."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(_("KPI")[:31])
    base = {
        "font_name": THAI_FONT,
        "font_size": 10,
        "border": 1,
        "valign": "top",
        "text_wrap": True,
    }
    fmt_text = book.add_format(base)
    fmt_head = book.add_format({**base, "bold": True, "bg_color": "#E6EEEA", "align": "center"})
    fmt_title = book.add_format({"font_name": THAI_FONT, "font_size": 14, "bold": True})
    fmt_num = book.add_format({**base, "num_format": "#,##0.##"})
    colour_formats = {
        name: book.add_format({**base, "num_format": "#,##0.00", "bg_color": fill})
        for name, fill in COLOUR_FILL.items()
    }
    colour_text = {
        name: book.add_format({**base, "bg_color": fill}) for name, fill in COLOUR_FILL.items()
    }
    fmt_pct = book.add_format({**base, "num_format": "#,##0.00"})
    fmt_indent = book.add_format({**base, "indent": 2})

    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.write(0, 0, title(report), fmt_title)
    heads = [
        _("code"),
        _("indicator"),
        _("unit"),
        _("annual target"),
        _("cumulative result"),
        _("annual %"),
        _("pass / fail"),
    ]
    for number in (1, 2, 3, 4):
        heads += [f"Q{number} {h}" for h in _quarter_headers()]
    heads += [_("what was done"), _("next steps"), _("remarks")]
    header_row = 2
    for col, head in enumerate(heads):
        sheet.write(header_row, col, head, fmt_head)
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 2, 10)
    sheet.set_column(3, 6 + 16, 11)
    sheet.set_column(7 + 16, 9 + 16, 40)
    sheet.freeze_panes(header_row + 1, 2)

    def write_num(
        r: int, c: int, value: Decimal | None, colour: Colour | None = None, pct: bool = False
    ) -> None:
        f = colour_formats[colour.value] if colour is not None else fmt_pct if pct else fmt_num
        if value is None:
            sheet.write_blank(r, c, None, f)
        else:
            sheet.write_number(r, c, float(value), f)

    r = header_row + 1
    for row in report.rows:
        year = row.year
        sheet.write(r, 0, row.code, fmt_text)
        sheet.write(r, 1, row.name, fmt_indent if row.depth else fmt_text)
        sheet.write(r, 2, row.unit, fmt_text)
        write_num(r, 3, year.annual_target.value)
        write_num(r, 4, year.cumulative_result.value)
        write_num(r, 5, year.annual_percent.value, year.annual_colour.colour, pct=True)
        passed = passed_text(year.passed)
        if year.annual_colour.colour is not None and year.annual_percent.value is None:
            sheet.write(r, 5, "", colour_text[year.annual_colour.colour.value])
        sheet.write(r, 6, passed, fmt_text)
        col = 7
        for q in year.quarters:
            write_num(r, col, q.target.value)
            write_num(r, col + 1, q.carried_target.value)
            write_num(r, col + 2, q.result.value)
            write_num(r, col + 3, q.percent.value, q.colour.colour, pct=True)
            if q.colour.colour is not None and q.percent.value is None:
                sheet.write(r, col + 3, "", colour_text[q.colour.colour.value])
            col += 4
        sheet.write(r, col, row.narrative, fmt_text)
        sheet.write(r, col + 1, row.next_steps, fmt_text)
        sheet.write(r, col + 2, remarks(row), fmt_text)
        r += 1
        for b in row.breakdown:
            sheet.write(r, 0, "", fmt_text)
            sheet.write(r, 1, f"    {b.label}", fmt_indent)
            sheet.write(r, 2, "", fmt_text)
            write_num(r, 3, b.year.annual_target.value)
            write_num(r, 4, b.year.cumulative_result.value)
            write_num(r, 5, b.year.annual_percent.value, b.year.annual_colour.colour, pct=True)
            sheet.write(r, 6, passed_text(b.year.passed), fmt_text)
            col = 7
            for q in b.year.quarters:
                write_num(r, col, q.target.value)
                write_num(r, col + 1, q.carried_target.value)
                write_num(r, col + 2, q.result.value)
                write_num(r, col + 3, q.percent.value, q.colour.colour, pct=True)
                col += 4
            r += 1
    r += 1
    sheet.write(r, 0, _("Colours"), fmt_title)
    for name, label in report.legend:
        r += 1
        sheet.write(r, 0, "", colour_text[name])
        sheet.write(r, 1, label)
    book.close()
    return buffer.getvalue()


# --- DOCX -------------------------------------------------------------------------------------


def _set_cs_font(
    element: Any, font: str, size_half_points: int | None, bold: bool | None = None
) -> None:
    """Set w:rFonts (ascii, hAnsi, cs, eastAsia) and w:szCs / w:bCs on an rPr's owner.

    python-docx sets only the Latin font and size; Thai is a complex script, so Word and
    LibreOffice use w:cs and w:szCs for it.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)
    if size_half_points is not None:
        for tag in ("w:sz", "w:szCs"):
            node = rpr.find(qn(tag))
            if node is None:
                node = OxmlElement(tag)
                rpr.append(node)
            node.set(qn("w:val"), str(size_half_points))
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            node = rpr.find(qn(tag))
            if node is None:
                node = OxmlElement(tag)
                rpr.append(node)
            node.set(qn("w:val"), "1" if bold else "0")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:bidi"), "th-TH")


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill.lstrip("#"))
    tc_pr.append(shd)


def to_docx(report: KpiReport) -> bytes:
    """Write the report as an A4-landscape Word document with Thai fonts set for complex script."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    styles = document.styles
    for name, size, bold in (
        ("Normal", 20, None),
        ("Title", 32, True),
        ("Heading 1", 28, True),
        ("Heading 2", 24, True),
        ("Table Grid", 18, None),
    ):
        try:
            style = styles[name]
        except KeyError:
            continue
        style.font.name = THAI_FONT
        _set_cs_font(style.element, THAI_FONT, size, bold)

    document.add_heading(title(report), level=1)
    heads = [
        _("code"),
        _("indicator"),
        _("annual target"),
        _("cumulative result"),
        _("annual %"),
        _("pass / fail"),
    ]
    heads += [f"Q{q}" for q in (1, 2, 3, 4)]
    heads += [_("what was done / next steps"), _("remarks")]
    table = document.add_table(rows=1, cols=len(heads))
    table.style = styles["Table Grid"]
    for cell, head in zip(table.rows[0].cells, heads, strict=True):
        cell.text = head
        for run in cell.paragraphs[0].runs:
            run.bold = True
            _set_cs_font(run._r, THAI_FONT, 18, True)
    for row in report.rows:
        year = row.year
        cells = table.add_row().cells
        values = [
            row.code,
            ("    " * row.depth) + row.name + (f" ({row.unit})" if row.unit else ""),
            year.annual_target.text,
            year.cumulative_result.text,
            year.annual_percent.text,
            passed_text(year.passed),
        ]
        for q in year.quarters:
            rule = CARRIED_RULE_LABELS.get(q.carried_rule) if q.carried_rule else None
            values.append(
                f"{_('target')} {q.target.text}\n{_('carried')} {q.carried_target.text}"
                + (f" ({rule})" if rule else "")
                + f"\n{_('result')} {q.result.text}\n{q.percent.text} %"
            )
        values.append("\n".join(t for t in (row.narrative, row.next_steps) if t))
        values.append(remarks(row))
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    _set_cs_font(run._r, THAI_FONT, 18)
        if year.annual_colour.colour is not None:
            _shade(cells[4], COLOUR_FILL[year.annual_colour.colour.value])
        for i, q in enumerate(year.quarters):
            if q.colour.colour is not None:
                _shade(cells[6 + i], COLOUR_FILL[q.colour.colour.value])
        for b in row.breakdown:
            cells = table.add_row().cells
            bvalues = [
                "",
                f"    {b.label}",
                b.year.annual_target.text,
                b.year.cumulative_result.text,
                b.year.annual_percent.text,
                passed_text(b.year.passed),
            ]
            bvalues += [f"{q.result.text} / {q.carried_target.text}" for q in b.year.quarters]
            bvalues += ["", ""]
            for cell, value in zip(cells, bvalues, strict=True):
                cell.text = value
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        _set_cs_font(run._r, THAI_FONT, 16)
            if b.year.annual_colour.colour is not None:
                _shade(cells[4], COLOUR_FILL[b.year.annual_colour.colour.value])
    document.add_heading(_("Colours"), level=2)
    for name, label in report.legend:
        paragraph = document.add_paragraph(label)
        for run in paragraph.runs:
            _set_cs_font(run._r, THAI_FONT, 20)
        del name
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- HTML -------------------------------------------------------------------------------------


def to_html(report: KpiReport) -> str:
    """Write the report as one standalone HTML file (styles inline in <head>, no script)."""
    from django.contrib.staticfiles import finders

    css_path = finders.find("results/results.css")
    css = open(css_path, encoding="utf-8").read() if css_path else ""  # noqa: SIM115
    return render_to_string(
        "results/kpi_standalone.html",
        {"report": report, "title": title(report), "css": css, "table": kpi_table_html(report)},
    )


# --- the HTML table (web page, indicator page, standalone file) -------------------------------


def _e(value: Any) -> str:
    return html_escape(str(value), quote=True)


def _explain_details(explanation: Any) -> str:
    inputs = ", ".join(f"<code>{_e(n)} = {_e(v)}</code>" for n, v in explanation.inputs)
    return (
        f'<span class="formula"><code>{_e(explain_text(explanation.formula))}</code></span>'
        + (f'<span class="inputs">{inputs}</span>' if inputs else "")
        + f'<span class="working"><code>{_e(explain_text(explanation.working))}</code></span>'
    )


class _Cells:
    """Writes numbers that say how they were computed: htmx links on the web, <details> in a file.

    A number's text (``calculations.fmt``: digits, commas, a dot, a minus or "–") needs no
    escaping; everything else is escaped.
    """

    def __init__(self, explain_base: str | None, query: str) -> None:
        self.base = explain_base
        self.prefix = _e(explain_base) if explain_base else ""
        self.query = _e(query)

    def num(self, row_id: int, computed: Computed, cell: str, suffix: str = "") -> str:
        text = computed.text + (suffix if computed.value is not None else "")
        if self.base:
            url = f"{self.prefix}{row_id}/?{self.query}&amp;cell={cell}"
            return (
                f'<a class="n" href="{url}" hx-get="{url}" hx-target="#ex-{row_id}" '
                f'hx-swap="innerHTML">{text}</a>'
            )
        return (
            f'<details class="n"><summary>{text}</summary>'
            f"{_explain_details(computed.explanation)}</details>"
        )


def _colour_class(colour: Colour | None) -> str:
    return colour.value if colour is not None else "none"


def _colour_name(colour: Colour | None) -> str:
    if colour is None:
        return ""
    return f'<span class="colour-name">{_e(COLOUR_LABELS[colour])}</span>'


def _passed_cell(value: bool | None) -> str:
    css = "none" if value is None else ("yes" if value else "no")
    return f'<td class="pass-{css}">{_e(passed_text(value))}</td>'


class _Labels:
    """The table's fixed words, translated and escaped once per table (not once per cell)."""

    def __init__(self) -> None:
        self.colour_names = {c: _colour_name(c) for c in Colour}
        self.colour_names[None] = ""  # type: ignore[index]
        self.passed_cells = {v: _passed_cell(v) for v in (True, False, None)}
        self.rules = {rule: _e(label) for rule, label in CARRIED_RULE_LABELS.items()}


def kpi_table_html(
    report: KpiReport, explain_base: str | None = None, query: str = ""
) -> SafeString:
    """Return the report's table as HTML; numbers link to their explanation (``explain_base``)
    or, in a standalone file, open a <details> with it. Written in Python, not a template loop:
    a national report has hundreds of indicators and thousands of cells."""
    cells = _Cells(explain_base, query)
    labels = _Labels()
    colour_name, passed_cell, rule_label = labels.colour_names, labels.passed_cells, labels.rules
    t_target, t_carried, t_result = _e(_("target")), _e(_("carried")), _e(_("result"))
    t_revised = _e(_("Target revised"))
    text_labels = (
        _e(_("What was done")),
        _e(_("Next steps")),
        _e(_("Problems")),
    )
    out: list[str] = [
        '<div class="table-wrap kpi-wrap"><table class="kpi">',
        f'<caption class="visually-hidden">{_e(title(report))}</caption><thead><tr>',
        f'<th scope="col" rowspan="2">{_e(_("code"))}</th>',
        f'<th scope="col" rowspan="2" class="kpi-name">{_e(_("indicator"))}</th>',
        f'<th scope="col" rowspan="2">{_e(_("annual target"))}</th>',
        f'<th scope="col" rowspan="2">{_e(_("cumulative result"))}</th>',
        f'<th scope="col" rowspan="2">{_e(_("annual %"))}</th>',
        f'<th scope="col" rowspan="2">{_e(_("pass / fail"))}</th>',
    ]
    out += [
        f'<th scope="colgroup" class="q-head">{_e(_("quarter"))} {q}</th>' for q in (1, 2, 3, 4)
    ]
    out.append("</tr><tr>")
    sub = _e(_("target · carried · result · %"))
    out += [f'<th scope="col" class="q-sub">{sub}</th>' for _q in (1, 2, 3, 4)]
    out.append("</tr></thead>")
    for row in report.rows:
        year = row.year
        rid = row.id
        out.append(
            f'<tbody class="kpi-indicator depth-{row.depth}" id="kpi-{rid}" data-code="{_e(row.code)}">'
            f'<tr class="kpi-main"><th scope="row">{_e(row.code)}</th><td class="kpi-name">'
            + ('<span aria-hidden="true">↳ </span>' if row.depth else "")
            + _e(row.name)
            + (f' <span class="muted">({_e(row.unit)})</span>' if row.unit else "")
            + f'<br><span class="muted small">{_e(row.kind_label)}'
            + (f" · {_e(row.owner)}" if row.owner else "")
            + "</span></td>"
            f'<td class="num">{cells.num(rid, year.annual_target, "annual_target")}</td>'
            f'<td class="num">{cells.num(rid, year.cumulative_result, "cumulative")}</td>'
            f'<td class="num colour-{_colour_class(year.annual_colour.colour)}" '
            f'data-colour="{year.annual_colour.colour.value if year.annual_colour.colour else ""}">'
            f"{cells.num(rid, year.annual_percent, 'annual_percent')}{colour_name[year.annual_colour.colour]}</td>"
            + passed_cell[year.passed]
        )
        for q in year.quarters:
            parts = [f'<span class="q-line">{t_target} {q.target.text}</span>']
            if q.carried_rule:
                parts.append(
                    f'<span class="q-line">{t_carried} {cells.num(rid, q.carried_target, f"q{q.quarter}.carried")}'
                    f' <span class="rule">{rule_label[q.carried_rule]}</span></span>'
                )
            parts.append(f'<span class="q-line">{t_result} {q.result.text}</span>')
            if q.carried_rule:
                parts.append(
                    f'<span class="q-line q-pct">{cells.num(rid, q.percent, f"q{q.quarter}.percent", " %")}'
                    f"{colour_name[q.colour.colour]}</span>"
                )
            out.append(
                f'<td class="q colour-{_colour_class(q.colour.colour)}" data-quarter="{q.quarter}">'
                + "".join(parts)
                + "</td>"
            )
        out.append("</tr>")
        texts = []
        for label, text in zip(
            text_labels, (row.narrative, row.next_steps, row.problems), strict=True
        ):
            if text:
                texts.append(
                    f"<p><strong>{label}:</strong> {_e(text).replace(chr(10), '<br>')}</p>"
                )
        for rev in row.revisions:
            period = _("the year") if rev.quarter == 0 else _("quarter %(q)s") % {"q": rev.quarter}
            where = f" ({_e(rev.region)})" if rev.region else ""
            texts.append(
                f'<p class="revision"><strong>{t_revised}:</strong> {_e(period)}{where} '
                f"{_e(fmt(rev.old_value))} → {_e(fmt(rev.new_value))}, {_e(_be(rev.revised_on))}, "
                f"{_e(_('approved by'))} {_e(rev.approver)}: {_e(rev.reason)}</p>"
            )
        texts += [
            f'<p class="mismatch" role="note">⚠ {_e(m)}</p>' for m in row.breakdown_mismatches
        ]
        texts += [f'<p class="muted">{_e(n)}</p>' for n in row.notes]
        if year.components:
            parts_text = " · ".join(
                f"{_e(c.code)} {_e(c.annual_percent.text)} %" for c in year.components
            )
            texts.append(f"<p><strong>{_e(_('Components'))}:</strong> {parts_text}</p>")
        if texts:
            out.append(
                '<tr class="kpi-text"><td></td><td colspan="9">' + "".join(texts) + "</td></tr>"
            )
        for b in row.breakdown:
            by = b.year
            out.append(
                f'<tr class="kpi-region"><td></td><th scope="row" class="kpi-name">{_e(b.label)}</th>'
                f'<td class="num">{by.annual_target.text}</td><td class="num">{by.cumulative_result.text}</td>'
                f'<td class="num colour-{_colour_class(by.annual_colour.colour)}">{by.annual_percent.text}'
                f"{colour_name[by.annual_colour.colour]}</td>" + passed_cell[by.passed]
            )
            for q in by.quarters:
                if q.carried_rule:
                    pct = f" = {q.percent.text} %" if q.percent.value is not None else ""
                    content = f"{q.result.text} / {q.carried_target.text}{pct}"
                else:
                    content = q.target.text
                out.append(f'<td class="q colour-{_colour_class(q.colour.colour)}">{content}</td>')
            out.append("</tr>")
        if explain_base:
            out.append(
                f'<tr class="kpi-explain"><td colspan="10"><div id="ex-{rid}" aria-live="polite"></div></td></tr>'
            )
        out.append("</tbody>")
    if not report.rows:
        out.append(
            f'<tbody><tr><td colspan="10" class="muted">{_e(_("No indicator has a target in this fiscal year."))}</td></tr></tbody>'
        )
    out.append("</table></div>")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped by _e


# --- the dashboard's tiles --------------------------------------------------------------------


def tiles_html(tiles: list[Any], fiscal_year: int, quarter: int) -> SafeString:
    """Return the dashboard's indicator tiles as HTML (the list a template loop used to write:
    a national dashboard has hundreds of tiles). Numbers as the template's ``floatformat:"-2g"``."""
    from django.template.defaultfilters import floatformat
    from django.urls import reverse

    link = reverse("results:indicator", args=[0])[: -len("0/")]
    query = f"?fiscal_year={fiscal_year}&amp;quarter={quarter}"
    colour_words = {
        "green": _e(_("green")),
        "yellow": _e(_("yellow")),
        "red": _e(_("red")),
    }
    no_colour = _e(_("no colour yet"))
    label = _e(_("results by quarter"))

    def number(value: Decimal | None) -> str:
        text = floatformat(value, "-2g") if value is not None else ""
        return _e(text) if text else "–"

    out = ['<ul class="tiles">']
    for t in tiles:
        pct = (
            f"{_e(floatformat(t.annual_percent, '-2g'))} %" if t.annual_percent is not None else "–"
        )
        out.append(
            f'<li class="tile colour-{_e(t.colour)}" data-code="{_e(t.code)}" data-colour="{_e(t.colour)}">'
            f'<a href="{link}{t.id}/{query}">'
            f'<span class="tile-code">{_e(t.code)}</span>'
            f'<span class="tile-name">{_e(t.name)}</span>'
            f'<span class="tile-pct">{pct}</span>'
            f'<span class="tile-colour">{colour_words.get(t.colour, no_colour)}</span>'
            f'<span class="tile-figures muted">{number(t.cumulative)} / {number(t.annual_target)} {_e(t.unit)}</span>'
            f"</a>"
            f'<canvas class="sparkline" data-tile="{t.id}" width="160" height="36" role="img" aria-label="{label}"></canvas>'
            "</li>"
        )
    out.append("</ul>")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped by _e
