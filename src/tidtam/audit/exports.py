"""The audit page as an XLSX workbook (Thai headers; one row per changed field)."""

from __future__ import annotations

import io
from collections.abc import Iterable

import xlsxwriter
from django.utils import timezone

from tidtam.audit.selectors import FieldChange, HistoryEntry
from tidtam.thai.dates import format_date

HEADERS = (
    "วันที่",
    "เวลา",
    "ผู้ใช้",
    "จากที่อยู่ IP",
    "การกระทำ",
    "ประเภทข้อมูล",
    "รายการ",
    "รหัสรายการ",
    "ช่องข้อมูล",
    "ค่าเดิม",
    "ค่าใหม่",
    "เหตุผล",
)
WIDTHS = (14, 8, 20, 16, 12, 20, 40, 10, 24, 30, 30, 30)


def audit_xlsx(entries: Iterable[HistoryEntry]) -> bytes:
    """Write ``entries`` to an XLSX workbook: one row per changed field (one per entry if none)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("ประวัติการแก้ไข")
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1, "text_wrap": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for col, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True)):
        sheet.write(0, col, header, bold)
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    row = 1
    for entry in entries:
        local = timezone.localtime(entry.date)
        common = [
            format_date(local.date()),
            local.strftime("%H:%M"),
            entry.user,
            entry.ip,
            entry.kind_label,
            entry.model_name,
            entry.object_label,
            str(entry.object_pk),
        ]
        changes: list[FieldChange | None] = list(entry.changes) or [None]
        for change in changes:
            values = [
                *common,
                change.label if change else "",
                change.old if change else "",
                change.new if change else "",
                entry.reason,
            ]
            for col, value in enumerate(values):
                sheet.write_string(row, col, value, wrap)
            row += 1
    sheet.autofilter(0, 0, max(row - 1, 1), len(HEADERS) - 1)
    book.close()
    return buffer.getvalue()
