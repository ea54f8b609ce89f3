"""Formatters of the budget-status report: HTML, XLSX, PDF and JSON from one computed report.

Each takes the ``BudgetStatusReport`` that ``selectors.budget_status`` computed and only
writes it out; numbers are printed with ``calculations.format_amount`` / ``format_percent``
so every format shows the same figures.

XLSX dates are real dates with the Thai Buddhist-calendar number format
``[$-th-TH,107]d mmm yy`` ("4 ก.พ. 64" in Excel): they sort and filter as dates, yet read
as the seed prints them. Amounts are numbers with ``#,##0`` (``#,##0.00`` when a satang
amount is present); percents are numbers shown with "General" (70, 69.85).
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from tidtam.finance import calculations as calc
from tidtam.finance.selectors import BudgetStatusReport, ProjectRow, SummaryRow
from tidtam.thai.dates import format_date

FONT = "Noto Sans Thai"
BE_DATE_FORMAT = "[$-th-TH,107]d mmm yy"
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json",
}


def summary_headers() -> list[str]:
    """Return the summary table's column headers (translated)."""
    return [
        _("Item"),
        _("Budget frame"),
        _("Approved"),
        _("Projects approved"),
        _("Percent of frame approved"),
        _("Projects recorded in the system"),
        _("Disbursed"),
        _("Projects disbursed"),
        _("Percent disbursed"),
        _("Budget not yet disbursed"),
        _("Percent remaining"),
    ]


def project_headers() -> list[str]:
    """Return the per-project table's column headers (translated)."""
    return [
        _("No."),
        _("Project committee meeting"),
        _("Approval date"),
        _("Province"),
        _("Project"),
        _("Proposing community organisation"),
        _("Approved budget"),
        _("Tranche 1"),
        _("Tranche 1 transfer date"),
        _("Remaining for tranche 2"),
    ]


def filename(report: BudgetStatusReport, fmt: str) -> str:
    """Return the download name: budget-status-CODE-YYYY-MM-DD.ext."""
    region = f"-{report.region_code}" if report.region_code else ""
    return f"budget-status-{report.programme_code}{region}-{report.as_of.isoformat()}.{fmt}"


# --- JSON -------------------------------------------------------------------------------------


def _num(value: Decimal | None) -> int | float | None:
    """Return a JSON number: an int when whole, else a float of the 2-decimal value."""
    if value is None:
        return None
    value = calc.round_half_up(Decimal(value))
    return int(value) if value == value.to_integral_value() else float(value)


def _summary_json(row: SummaryRow) -> dict[str, Any]:
    return {
        "key": row.key,
        "label": row.label,
        "frame": _num(row.frame),
        "approved": _num(row.approved),
        "approved_count": row.approved_count,
        "frame_approved_percent": _num(row.frame_approved_percent),
        "recorded_count": row.recorded_count,
        "disbursed": _num(row.disbursed),
        "disbursed_count": row.disbursed_count,
        "disbursed_percent": _num(row.disbursed_percent),
        "remaining": _num(row.remaining),
        "remaining_percent": _num(row.remaining_percent),
    }


def _project_json(row: ProjectRow) -> dict[str, Any]:
    return {
        "number": row.number,
        "code": row.project_code,
        "level": row.level,
        "meeting": row.meeting,
        "approval_date": row.approval_date.isoformat(),
        "province": row.province,
        "province_code": row.province_code,
        "title": row.title,
        "proposing_organisation": row.proposing_organisation,
        "approved": _num(row.approved),
        "tranche_1": _num(row.tranche_1),
        "tranche_1_date": row.tranche_1_date.isoformat() if row.tranche_1_date else None,
        "tranche_1_deadline": row.tranche_1_deadline.isoformat()
        if row.tranche_1_deadline
        else None,
        "tranche_1_late": row.tranche_1_late,
        "disbursed": _num(row.disbursed),
        "remaining": _num(row.remaining),
        "frame_excess": _num(row.frame_excess),
        "excess_source": row.excess_source,
    }


def chart_titles() -> dict[str, str]:
    """Return the charts' titles and series names (translated), the same in every format."""
    return {
        "percent": _("Disbursement percent by province"),
        "amounts": _("Approved and disbursed by province (baht)"),
        "approved": _("Approved"),
        "disbursed": _("Disbursed"),
    }


def chart_data(report: BudgetStatusReport) -> dict[str, Any]:
    """Return the charts' data (the page's JSON data island and the JSON export)."""
    chart = report.chart
    return {
        "labels": chart.labels,
        "disbursed_percent": [_num(v) for v in chart.disbursed_percent],
        "approved": [_num(v) for v in chart.approved],
        "disbursed": [_num(v) for v in chart.disbursed],
        "titles": chart_titles(),
    }


def to_dict(report: BudgetStatusReport) -> dict[str, Any]:
    """Return the report as plain JSON-ready data (numbers as numbers, dates as ISO)."""
    totals = report.totals
    return {
        "programme": {"code": report.programme_code, "name": report.programme_name},
        "region": report.region_code,
        "as_of": report.as_of.isoformat(),
        "fiscal_year": report.fiscal_year,
        "summary": [_summary_json(s) for s in report.summary],
        "projects": [_project_json(r) for r in report.rows],
        "totals": {
            "approved": _num(totals.approved),
            "tranche_1": _num(totals.tranche_1),
            "disbursed": _num(totals.disbursed),
            "remaining": _num(totals.remaining),
        },
        "narrative": [report.narrative_heading, *report.narrative],
        "late_tranche_1_count": report.late_count,
        "chart": chart_data(report),
    }


def to_json(report: BudgetStatusReport) -> bytes:
    """Return the report as UTF-8 JSON."""
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2).encode("utf-8")


# --- HTML and PDF ---------------------------------------------------------------------------


def project_rows_html(report: BudgetStatusReport) -> str:
    """Return the per-project table's body rows as HTML (escaped).

    Written here rather than in the template: 2,000 rows through the template engine take
    seconds; this takes milliseconds. Same cells as the other formats.
    """
    amount = calc.format_amount
    late_label = escape(_("late"))
    parts = []
    for r in report.rows:
        title: str = escape(r.title)
        if r.frame_excess:
            badge = _("%(amount)s baht above the frame, from %(source)s") % {
                "amount": amount(r.frame_excess),
                "source": r.excess_source,
            }
            title += f'<br><span class="badge colour-yellow">{escape(badge)}</span>'
        t1_date = format_date(r.tranche_1_date, "compact") if r.tranche_1_date else ""
        date_class = "date colour-red" if r.tranche_1_late else "date"
        late = f' <span class="late">({late_label})</span>' if r.tranche_1_late else ""
        parts.append(
            f'<tr><td class="num">{r.number}</td><td>{escape(r.meeting)}</td>'
            f'<td class="date">{format_date(r.approval_date, "compact")}</td>'
            f"<td>{escape(r.province)}</td><td>{title}</td>"
            f"<td>{escape(r.proposing_organisation)}</td>"
            f'<td class="num">{amount(r.approved)}</td><td class="num">{amount(r.tranche_1)}</td>'
            f'<td class="{date_class}">{t1_date}{late}</td>'
            f'<td class="num">{amount(r.remaining)}</td></tr>'
        )
    return "\n".join(parts)


def context(report: BudgetStatusReport) -> dict[str, Any]:
    """Return the template context shared by the page and the printable document."""
    return {
        "report": report,
        "project_rows_html": mark_safe(project_rows_html(report)),  # noqa: S308 - escaped above
        "summary_headers": summary_headers(),
        "project_headers": project_headers(),
        "as_of_long": format_date(report.as_of, "long"),
        "as_of_compact": format_date(report.as_of, "compact"),
    }


def to_html(report: BudgetStatusReport) -> str:
    """Return the report as one self-contained printable HTML document (no script, no network).

    Its charts are PNG pictures drawn on the server (``tidtam.finance.charts``) and embedded
    as ``data:`` URLs, so the PDF printed from it shows them.
    """
    from tidtam.finance.charts import report_charts

    return render_to_string(
        "finance/budget_status_print.html",
        {**context(report), "charts": report_charts(report, chart_titles())},
    )


def to_pdf(report: BudgetStatusReport) -> bytes:
    """Return the report as an A4 landscape PDF (header row repeated, page numbers)."""
    from tidtam.reports.pdf import html_to_pdf

    return html_to_pdf(to_html(report), landscape=True)


# --- XLSX -----------------------------------------------------------------------------------


def to_xlsx(report: BudgetStatusReport) -> bytes:
    """Return the report as an XLSX workbook: summary, narrative, per-project table with totals."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    amounts = [r.approved for r in report.rows] + [s.frame for s in report.summary]
    whole = all(Decimal(a) == Decimal(a).to_integral_value() for a in amounts)
    money_format = "#,##0" if whole else "#,##0.00"
    base = {"font_name": FONT, "font_size": 10, "valign": "top", "border": 1}
    title = book.add_format({"font_name": FONT, "font_size": 14, "bold": True})
    text = book.add_format({"font_name": FONT, "font_size": 10})
    wrap_text = book.add_format(
        {"font_name": FONT, "font_size": 10, "text_wrap": True, "valign": "top"}
    )
    head = book.add_format(
        {
            **base,
            "bold": True,
            "text_wrap": True,
            "align": "center",
            "valign": "vcenter",
            "bg_color": "#E8F0EC",
        }
    )
    cell = book.add_format({**base, "text_wrap": True})
    center = book.add_format({**base, "align": "center"})
    money = book.add_format({**base, "num_format": money_format})
    count = book.add_format({**base, "num_format": "0", "align": "center"})
    pct = book.add_format({**base, "num_format": "General", "align": "center"})
    date = book.add_format({**base, "num_format": BE_DATE_FORMAT, "align": "center"})
    total_label = book.add_format({**base, "bold": True})
    total_money = book.add_format({**base, "bold": True, "num_format": money_format})
    total_count = book.add_format({**base, "bold": True, "num_format": "0", "align": "center"})
    total_pct = book.add_format({**base, "bold": True, "num_format": "General", "align": "center"})
    total_blank = book.add_format({**base, "bold": True})

    sheet = book.add_worksheet(_("Budget status")[:31])
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    widths = [6, 26, 11, 13, 44, 30, 14, 14, 12, 14, 10]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)

    row = 0
    sheet.set_row(row, 24)
    sheet.write(row, 0, report.programme_name, title)
    row += 1
    as_of_line = _("Results as of %(date)s") % {"date": format_date(report.as_of, "long")}
    if report.region_name:
        as_of_line += f" · {report.region_name}"
    sheet.write(row, 0, as_of_line, text)
    row += 2

    # Summary table
    headers = summary_headers()
    sheet.set_row(row, 45)
    sheet.write_row(row, 0, headers, head)
    sheet.set_column(0, 0, 6)
    row += 1
    for s in report.summary:
        is_total = s.key == "total"
        sheet.set_row(row, 20)
        sheet.write_string(row, 0, s.label, total_label if is_total else cell)
        m, c, p = (total_money, total_count, total_pct) if is_total else (money, count, pct)
        sheet.write_number(row, 1, float(s.frame), m)
        sheet.write_number(row, 2, float(s.approved), m)
        sheet.write_number(row, 3, s.approved_count, c)
        _percent_cell(sheet, row, 4, s.frame_approved_percent, p)
        sheet.write_number(row, 5, s.recorded_count, c)
        sheet.write_number(row, 6, float(s.disbursed), m)
        sheet.write_number(row, 7, s.disbursed_count, c)
        _percent_cell(sheet, row, 8, s.disbursed_percent, p)
        sheet.write_number(row, 9, float(s.remaining), m)
        _percent_cell(sheet, row, 10, s.remaining_percent, p)
        row += 1
    row += 1

    # Narrative (1.1-1.3)
    for paragraph in [report.narrative_heading, *report.narrative]:
        sheet.merge_range(row, 0, row, 10, paragraph, wrap_text)
        sheet.set_row(row, 18 * max(1, len(paragraph) // 150 + 1))
        row += 1
    row += 1

    # Per-project table
    sheet.set_row(row, 36)
    sheet.write_row(row, 0, project_headers(), head)
    header_row = row
    row += 1
    for r in report.rows:
        sheet.set_row(row, 18 * max(2, len(r.title) // 40 + 1))
        sheet.write_number(row, 0, r.number, center)
        sheet.write_string(row, 1, r.meeting, cell)
        sheet.write_datetime(row, 2, _as_datetime(r.approval_date), date)
        sheet.write_string(row, 3, r.province, cell)
        sheet.write_string(row, 4, r.title, cell)
        sheet.write_string(row, 5, r.proposing_organisation, cell)
        sheet.write_number(row, 6, float(r.approved), money)
        sheet.write_number(row, 7, float(r.tranche_1), money)
        if r.tranche_1_date:
            sheet.write_datetime(row, 8, _as_datetime(r.tranche_1_date), date)
        else:
            sheet.write_blank(row, 8, None, date)
        sheet.write_number(row, 9, float(r.remaining), money)
        row += 1
    totals = report.totals
    sheet.set_row(row, 20)
    sheet.merge_range(row, 0, row, 5, _("Total"), total_label)
    sheet.write_number(row, 6, float(totals.approved), total_money)
    sheet.write_number(row, 7, float(totals.tranche_1), total_money)
    sheet.write_blank(row, 8, None, total_blank)  # never a number under a date
    sheet.write_number(row, 9, float(totals.remaining), total_money)
    sheet.repeat_rows(header_row)
    book.close()
    return out.getvalue()


def _percent_cell(sheet: Any, row: int, col: int, value: Decimal | None, fmt: Any) -> None:
    if value is None:
        sheet.write_string(row, col, "-", fmt)
    else:
        sheet.write_number(row, col, float(value), fmt)


def _as_datetime(value: Any) -> Any:
    import datetime as dt

    return dt.datetime(value.year, value.month, value.day)  # noqa: DTZ001 - a calendar day


def render(report: BudgetStatusReport, fmt: str) -> bytes:
    """Return the report in ``fmt`` (html, xlsx, pdf, json) as bytes."""
    if fmt == "html":
        return to_html(report).encode("utf-8")
    if fmt == "xlsx":
        return to_xlsx(report)
    if fmt == "pdf":
        return to_pdf(report)
    if fmt == "json":
        return to_json(report)
    raise ValueError(f"unknown format {fmt!r}")
