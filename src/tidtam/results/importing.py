"""Import an indicator set with its targets and results from a CSV or XLSX file: all or nothing.

Columns (English or Thai headers, any order; see ``COLUMNS``)::

    code, name, unit, kind, base, annual_target, target_q1..target_q4, result_q1..result_q4,
    colour_rule, parent_code

A blank cell means "not set"; a blank kind is a count with quarterly targets; a blank colour
rule is the default. Re-importing updates indicators by code. Every row is checked first; when
any row is wrong nothing is applied and every problem is reported with its row number (the
spreadsheet's, header = row 1) and its column. Changing a target that already has a value is a
revision and needs a reason (and who approved it).

Used by ``tidtam import indicators`` (``import_cli``) and by the upload page.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from tidtam.areas.models import Region
from tidtam.organisations.models import Organisation
from tidtam.projects.models import ReviewStatus
from tidtam.results import services
from tidtam.results.calculations import fmt
from tidtam.results.models import (
    ColourRule,
    Indicator,
    IndicatorKind,
    IndicatorLevel,
    Result,
    Target,
)
from tidtam.thai.numbers import parse_number
from tidtam.thai.text import normalize_text

# column -> accepted headers (compared without case, spaces, underscores or dots)
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("code", "รหัส", "รหัสตัวชี้วัด", "ลำดับ"),
    "name": ("name", "ตัวชี้วัด", "ชื่อตัวชี้วัด"),
    "unit": ("unit", "หน่วย", "หน่วยนับ"),
    "kind": ("kind", "ประเภท", "ประเภทตัวชี้วัด"),
    "base": ("base", "ฐาน", "จำนวนฐาน"),
    "annual_target": ("annual_target", "เป้าหมายทั้งปี", "เป้าหมายปี", "เป้าหมายรวม"),
    **{
        f"target_q{q}": (f"target_q{q}", f"เป้าหมายไตรมาส{q}", f"เป้าหมายไตรมาสที่{q}", f"เป้าหมายq{q}")
        for q in (1, 2, 3, 4)
    },
    **{
        f"result_q{q}": (
            f"result_q{q}",
            f"ผลไตรมาส{q}",
            f"ผลไตรมาสที่{q}",
            f"ผลการดำเนินงานไตรมาส{q}",
            f"ผลq{q}",
        )
        for q in (1, 2, 3, 4)
    },
    "colour_rule": ("colour_rule", "color_rule", "เกณฑ์สี", "เกณฑ์การให้สี"),
    "parent_code": ("parent_code", "รหัสตัวชี้วัดหลัก", "ตัวชี้วัดหลัก", "รหัสหลัก"),
}
# The Thai header written in the template and the docs (the first Thai name of each column).
THAI_HEADERS = {col: names[1] for col, names in COLUMNS.items()}
REQUIRED = ("code", "name")

KIND_WORDS: dict[str, str] = {
    "": IndicatorKind.COUNT,
    "count": IndicatorKind.COUNT,
    "จำนวน": IndicatorKind.COUNT,
    "นับจำนวน": IndicatorKind.COUNT,
    "percentage": IndicatorKind.PERCENTAGE,
    "percent": IndicatorKind.PERCENTAGE,
    "score": IndicatorKind.PERCENTAGE,
    "ร้อยละ": IndicatorKind.PERCENTAGE,
    "คะแนน": IndicatorKind.PERCENTAGE,
    "pass_fail": IndicatorKind.PASS_FAIL,
    "passfail": IndicatorKind.PASS_FAIL,
    "ผ่าน/ไม่ผ่าน": IndicatorKind.PASS_FAIL,
    "ผ่านไม่ผ่าน": IndicatorKind.PASS_FAIL,
    "milestones": IndicatorKind.MILESTONES,
    "milestone": IndicatorKind.MILESTONES,
    "ขั้นความสำเร็จ": IndicatorKind.MILESTONES,
    "ผลผลิตรายไตรมาส": IndicatorKind.MILESTONES,
    "base_percent": IndicatorKind.BASE_PERCENT,
    "ร้อยละสะสมของฐาน": IndicatorKind.BASE_PERCENT,
    "ร้อยละของฐาน": IndicatorKind.BASE_PERCENT,
    "composite": IndicatorKind.COMPOSITE,
    "ผลรวม": IndicatorKind.COMPOSITE,
    "ผลรวมองค์ประกอบ": IndicatorKind.COMPOSITE,
}
COLOUR_WORDS: dict[str, str] = {
    "": ColourRule.DEFAULT,
    "default": ColourRule.DEFAULT,
    "ปกติ": ColourRule.DEFAULT,
    "มาตรฐาน": ColourRule.DEFAULT,
    "green_when_none": ColourRule.GREEN_WHEN_NONE,
    "เขียวเมื่อไม่มีเหตุการณ์": ColourRule.GREEN_WHEN_NONE,
    "none": ColourRule.NONE,
    "ไม่มีสี": ColourRule.NONE,
}
PASS_WORDS = {"ผ่าน": Decimal(1), "pass": Decimal(1), "ไม่ผ่าน": Decimal(0), "fail": Decimal(0)}
DONE_WORDS = {"✓": Decimal(1), "done": Decimal(1), "เสร็จ": Decimal(1), "สำเร็จ": Decimal(1)}
_THRESHOLDS = re.compile(r"(?:thresholds?:?)?\s*(\d+(?:\.\d+)?)\s*[/\-–,]\s*(\d+(?:\.\d+)?)")


def _key(text: str) -> str:
    return re.sub(r"[\s_.\-]", "", unicodedata.normalize("NFC", str(text)).casefold())


_HEADER_LOOKUP = {_key(name): col for col, names in COLUMNS.items() for name in names}


@dataclass(frozen=True)
class RowProblem:
    """One problem of the file: its row (header = 1; 0 = the file), column and message."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("row %(row)s") % {"row": self.row} if self.row else _("file")
        return (
            f"{where}, {self.column or '-'}: {self.message}"
            if self.column
            else f"{where}: {self.message}"
        )


@dataclass
class ParsedRow:
    row: int
    code: str
    name: str
    unit: str
    kind: str
    base: Decimal | None
    annual_target: Decimal | None
    targets: dict[int, Decimal | None]
    results: dict[int, Decimal | None]
    colour_rule: str
    red_below: Decimal | None
    green_above: Decimal | None
    parent_code: str


@dataclass(frozen=True)
class PlannedChange:
    """What an import will do to one indicator (shown on the preview page)."""

    row: int
    code: str
    name: str
    action: str  # "create" or "update" or "unchanged"
    changes: tuple[str, ...] = ()


@dataclass
class ImportOutcome:
    fiscal_year: int
    problems: list[RowProblem] = field(default_factory=list)
    planned: list[PlannedChange] = field(default_factory=list)
    applied: bool = False
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def created(self) -> int:
        return sum(1 for p in self.planned if p.action == "create")

    @property
    def updated(self) -> int:
        return sum(1 for p in self.planned if p.action == "update")


class ImportRefused(Exception):
    """The file has problems; nothing was applied."""

    def __init__(self, outcome: ImportOutcome) -> None:
        self.outcome = outcome
        super().__init__("; ".join(str(p) for p in outcome.problems))


def head_office() -> Organisation | None:
    """Return the head-office organisation that owns imported indicators (settings.TIDTAM_HEAD_OFFICE)."""
    name = getattr(settings, "TIDTAM_HEAD_OFFICE", "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)")
    found = Organisation.objects.filter(name=name).order_by("pk").first()
    if found is None:
        found = Organisation.objects.filter(short_name="พอช.", parent__isnull=True).first()
    return found


# ---------------------------------------------------------------------------------------------
# Reading the file


def read_table(data: bytes, filename: str) -> list[list[str]]:
    """Return the rows of a CSV (UTF-8 with or without BOM, or cp874) or XLSX file as text cells."""
    if filename.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        return _read_xlsx(data)
    for encoding in ("utf-8-sig", "cp874"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError(_("The file is neither UTF-8 nor Thai Windows (cp874) text."))
    return [list(row) for row in csv.reader(io.StringIO(text))]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value))
    return str(value)


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def _number(text: str, row: int, column: str, problems: list[RowProblem]) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = parse_number(text)
    except ValueError:
        problems.append(RowProblem(row, column, _("not a number: “%(text)s”") % {"text": text}))
        return None
    if value is not None and value < 0:
        problems.append(RowProblem(row, column, _("must not be negative")))
    return value


def _flag(
    text: str, kind: str, row: int, column: str, problems: list[RowProblem]
) -> Decimal | None:
    words = PASS_WORDS if kind == IndicatorKind.PASS_FAIL else DONE_WORDS
    key = normalize_text(text).casefold()
    if key in words:
        return words[key]
    value = _number(text, row, column, problems)
    if value is not None and value not in (0, 1):
        problems.append(RowProblem(row, column, _("must be 1 (done / pass) or 0")))
    return value


def parse_rows(rows: list[list[str]]) -> tuple[list[ParsedRow], list[RowProblem]]:
    """Read and check every row of a table (first row = headers); return the rows and all problems."""
    problems: list[RowProblem] = []
    if not rows:
        return [], [RowProblem(0, "", _("The file is empty."))]
    header = rows[0]
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        col = _HEADER_LOOKUP.get(_key(name))
        if col is None:
            if str(name).strip():
                problems.append(RowProblem(1, str(name), _("unknown column")))
            continue
        if col in index:
            problems.append(RowProblem(1, str(name), _("the column appears twice")))
        index[col] = i
    for col in REQUIRED:
        if col not in index:
            problems.append(RowProblem(1, col, _("missing column")))
    if problems:
        return [], problems

    def cell(values: list[str], col: str) -> str:
        i = index.get(col)
        return str(values[i]).strip() if i is not None and i < len(values) else ""

    parsed: list[ParsedRow] = []
    seen: dict[str, int] = {}
    for number, values in enumerate(rows[1:], start=2):
        if not any(str(v).strip() for v in values):
            continue
        code = cell(values, "code")
        name = normalize_text(cell(values, "name"))
        if not code:
            problems.append(RowProblem(number, "code", _("the code is missing")))
        elif code in seen:
            problems.append(
                RowProblem(
                    number,
                    "code",
                    _("code %(code)s is already on row %(row)s")
                    % {"code": code, "row": seen[code]},
                )
            )
        else:
            seen[code] = number
        if not name:
            problems.append(RowProblem(number, "name", _("the name is missing")))
        kind_text = normalize_text(cell(values, "kind")).casefold()
        kind = KIND_WORDS.get(kind_text) or KIND_WORDS.get(kind_text.replace(" ", "_"))
        if kind is None:
            problems.append(
                RowProblem(
                    number, "kind", _("unknown kind “%(text)s”") % {"text": cell(values, "kind")}
                )
            )
            kind = IndicatorKind.COUNT
        colour_text = normalize_text(cell(values, "colour_rule")).casefold()
        red_below = green_above = None
        colour_rule = COLOUR_WORDS.get(colour_text) or COLOUR_WORDS.get(
            colour_text.replace(" ", "_")
        )
        if colour_rule is None:
            m = _THRESHOLDS.fullmatch(colour_text)
            if m and Decimal(m[1]) <= Decimal(m[2]):
                colour_rule = ColourRule.THRESHOLDS
                red_below, green_above = Decimal(m[1]), Decimal(m[2])
            else:
                problems.append(
                    RowProblem(
                        number,
                        "colour_rule",
                        _(
                            "unknown colour rule “%(text)s” (blank, green_when_none, none, or e.g. 60/90)"
                        )
                        % {"text": cell(values, "colour_rule")},
                    )
                )
                colour_rule = ColourRule.DEFAULT
        base = _number(cell(values, "base"), number, "base", problems)
        annual = _number(cell(values, "annual_target"), number, "annual_target", problems)
        targets: dict[int, Decimal | None] = {}
        results: dict[int, Decimal | None] = {}
        for q in (1, 2, 3, 4):
            targets[q] = _number(cell(values, f"target_q{q}"), number, f"target_q{q}", problems)
            text = cell(values, f"result_q{q}")
            if kind in (IndicatorKind.PASS_FAIL, IndicatorKind.MILESTONES):
                results[q] = _flag(text, kind, number, f"result_q{q}", problems) if text else None
            else:
                results[q] = _number(text, number, f"result_q{q}", problems)
        row = ParsedRow(
            number,
            code,
            name,
            cell(values, "unit"),
            kind,
            base,
            annual,
            targets,
            results,
            colour_rule,
            red_below,
            green_above,
            cell(values, "parent_code"),
        )
        problems.extend(_check_row(row))
        parsed.append(row)
    return parsed, problems


def _check_row(row: ParsedRow) -> list[RowProblem]:
    """Return the problems of one row on its own (kind-specific rules)."""
    problems = []
    quarter_targets = [v for v in row.targets.values() if v is not None]
    if row.kind == IndicatorKind.BASE_PERCENT and row.base is None:
        problems.append(RowProblem(row.row, "base", _("a percentage of a base needs the base")))
    if row.kind == IndicatorKind.BASE_PERCENT:
        for q, v in row.targets.items():
            if v is not None and v > 100:
                problems.append(RowProblem(row.row, f"target_q{q}", _("a percentage above 100")))
    if row.kind == IndicatorKind.PERCENTAGE:
        for q, v in row.targets.items():
            if v is not None:
                problems.append(
                    RowProblem(
                        row.row,
                        f"target_q{q}",
                        _("a percentage or score has an annual target only"),
                    )
                )
    if row.kind == IndicatorKind.COMPOSITE:
        for q in (1, 2, 3, 4):
            if row.targets[q] is not None:
                problems.append(
                    RowProblem(
                        row.row, f"target_q{q}", _("a composite adds up its components' targets")
                    )
                )
            if row.results[q] is not None:
                problems.append(
                    RowProblem(
                        row.row, f"result_q{q}", _("a composite adds up its components' results")
                    )
                )
    if (
        row.kind == IndicatorKind.COUNT
        and row.annual_target is not None
        and len(quarter_targets) == 4
        and sum(quarter_targets, Decimal(0)) != row.annual_target
    ):
        problems.append(
            RowProblem(
                row.row,
                "annual_target",
                _("the annual target %(annual)s is not the sum of the quarterly targets %(sum)s")
                % {"annual": row.annual_target, "sum": sum(quarter_targets, Decimal(0))},
            )
        )
    if row.parent_code and row.parent_code == row.code:
        problems.append(
            RowProblem(row.row, "parent_code", _("an indicator cannot be its own part"))
        )
    return problems


# ---------------------------------------------------------------------------------------------
# Planning and applying


def _target_values(row: ParsedRow) -> dict[int, Decimal]:
    values = {q: v for q, v in row.targets.items() if v is not None}
    if row.annual_target is not None and not (row.kind == IndicatorKind.COUNT and len(values) == 4):
        values[0] = row.annual_target
    if row.kind == IndicatorKind.PASS_FAIL and not values:
        values[0] = Decimal(1)
    return values


def indicators_import(
    data: bytes | BinaryIO | Path,
    filename: str,
    *,
    fiscal_year: int,
    user: Any,
    organisation: Organisation | None = None,
    dry_run: bool = False,
    reason: str = "",
    approver: str = "",
) -> ImportOutcome:
    """Check a file and (unless ``dry_run`` or any problem) apply it in one transaction.

    Indicators are created or updated by code in ``organisation`` (default: the head office);
    targets of ``fiscal_year`` are set (a changed value is a revision with ``reason`` and
    ``approver``); results are recorded as the country's approved results of the quarter.
    Raises nothing for bad rows: the outcome lists them and ``applied`` stays False.
    """
    if isinstance(data, Path):
        data = data.read_bytes()
    elif not isinstance(data, bytes):
        data = data.read()
    outcome = ImportOutcome(fiscal_year=fiscal_year, dry_run=dry_run)
    if not 2400 <= fiscal_year <= 2700:
        outcome.problems.append(
            RowProblem(0, "", _("The fiscal year must be in the Buddhist Era (e.g. 2568)."))
        )
        return outcome
    organisation = organisation or head_office()
    if organisation is None:
        outcome.problems.append(
            RowProblem(0, "", _("No head-office organisation to own the indicators."))
        )
        return outcome
    try:
        table = read_table(data, filename)
    except (ValueError, OSError, KeyError) as exc:
        outcome.problems.append(RowProblem(0, "", str(exc)))
        return outcome
    except Exception as exc:
        outcome.problems.append(
            RowProblem(0, "", _("The file cannot be read: %(error)s") % {"error": exc})
        )
        return outcome
    rows, problems = parse_rows(table)
    outcome.problems.extend(problems)

    existing = {
        i.code: i
        for i in Indicator.objects.filter(
            level=IndicatorLevel.ORGANISATION, organisation=organisation
        )
    }
    file_kinds = {r.code: r.kind for r in rows}
    stored_targets: dict[tuple[int, int], Target] = {
        (t.indicator_id, t.quarter): t
        for t in Target.objects.filter(
            indicator__in=list(existing.values()),
            fiscal_year=fiscal_year,
            region__isnull=True,
            province__isnull=True,
        )
    }
    locked_results = {
        (r.indicator_id, r.quarter): r
        for r in Result.objects.filter(
            indicator__in=list(existing.values()),
            fiscal_year=fiscal_year,
            region__isnull=True,
            province__isnull=True,
        ).exclude(status__in=(ReviewStatus.DRAFT, ReviewStatus.RETURNED, ReviewStatus.APPROVED))
    }
    for row in rows:
        if row.parent_code:
            parent_kind = file_kinds.get(row.parent_code) or (
                existing[row.parent_code].kind if row.parent_code in existing else None
            )
            if parent_kind is None:
                outcome.problems.append(
                    RowProblem(
                        row.row,
                        "parent_code",
                        _("no indicator with code %(code)s") % {"code": row.parent_code},
                    )
                )
            elif parent_kind != IndicatorKind.COMPOSITE:
                outcome.problems.append(
                    RowProblem(
                        row.row,
                        "parent_code",
                        _("indicator %(code)s is not a composite") % {"code": row.parent_code},
                    )
                )
        current = existing.get(row.code)
        changes: list[str] = []
        if current is None:
            outcome.planned.append(PlannedChange(row.row, row.code, row.name, "create"))
            continue
        for attr, new in (
            ("name", row.name),
            ("unit", row.unit),
            ("kind", row.kind),
            ("base", row.base),
            ("colour_rule", row.colour_rule),
        ):
            if getattr(current, attr) != new:
                changes.append(f"{attr}: {getattr(current, attr) or '–'} → {new or '–'}")
        for q, value in _target_values(row).items():
            stored = stored_targets.get((current.pk, q))
            if stored is not None and stored.value != value:
                column = "annual_target" if q == 0 else f"target_q{q}"
                changes.append(f"{column}: {fmt(stored.value)} → {fmt(value)}")
                if not (reason.strip() and approver.strip()):
                    outcome.problems.append(
                        RowProblem(
                            row.row,
                            column,
                            _(
                                "changes the target from %(old)s to %(new)s: a revision needs a reason and who approved it"
                            )
                            % {"old": fmt(stored.value), "new": fmt(value)},
                        )
                    )
        for q, result_value in row.results.items():
            if result_value is not None and (current.pk, q) in locked_results:
                outcome.problems.append(
                    RowProblem(
                        row.row, f"result_q{q}", _("the result of this quarter is under review")
                    )
                )
        outcome.planned.append(
            PlannedChange(
                row.row, row.code, row.name, "update" if changes else "unchanged", tuple(changes)
            )
        )
    outcome.problems.sort(key=lambda p: (p.row, p.column))
    if outcome.problems or dry_run:
        return outcome
    with transaction.atomic():
        _apply(rows, existing, stored_targets, outcome, organisation, user, reason, approver)
    outcome.applied = True
    return outcome


def _apply(
    rows: list[ParsedRow],
    existing: dict[str, Indicator],
    stored_targets: dict[tuple[int, int], Target],
    outcome: ImportOutcome,
    organisation: Organisation,
    user: Any,
    reason: str,
    approver: str,
) -> None:
    by_code: dict[str, Indicator] = {}
    # A new head-office indicator is reported by every region of the default grouping.
    default_regions = list(Region.objects.filter(grouping__is_default=True))
    # Parents first, so components can point at them.
    for row in sorted(rows, key=lambda r: (bool(r.parent_code), r.row)):
        fields: dict[str, Any] = {
            "code": row.code,
            "name": row.name,
            "unit": row.unit,
            "kind": row.kind,
            "base": row.base,
            "colour_rule": row.colour_rule,
            "parent": by_code.get(row.parent_code) or existing.get(row.parent_code)
            if row.parent_code
            else None,
        }
        if row.red_below is not None and row.green_above is not None:
            fields["red_below"], fields["green_above"] = row.red_below, row.green_above
        current = existing.get(row.code)
        if current is None:
            fields.update(
                level=IndicatorLevel.ORGANISATION,
                organisation=organisation,
                owner=organisation,
                regions=default_regions,
            )
        indicator = services.indicator_save(user, current, **fields)
        by_code[row.code] = indicator
        for q, value in _target_values(row).items():
            stored = stored_targets.get((indicator.pk, q))
            if stored is not None and stored.value != value:
                services.target_revise(user, stored, value, reason=reason, approver=approver)
            else:
                services.target_set(user, indicator, outcome.fiscal_year, q, value)
        for q, result_value in row.results.items():
            if result_value is not None:
                services.result_save(
                    user,
                    indicator,
                    outcome.fiscal_year,
                    q,
                    value=result_value,
                    status=ReviewStatus.APPROVED,
                )


def template_rows(thai: bool = True) -> list[list[str]]:
    """Return a blank import file: the header row and one example row of each kind."""
    header = [THAI_HEADERS[c] if thai else c for c in COLUMNS]
    examples = [
        [
            "1",
            "จำนวนชุมชนที่ได้รับการพัฒนา",
            "ชุมชน",
            "",
            "",
            "",
            "50",
            "50",
            "100",
            "100",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            "2",
            "ร้อยละความพึงพอใจ",
            "ร้อยละ",
            "ร้อยละ",
            "",
            "85",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
    ]
    return [header, *examples]
