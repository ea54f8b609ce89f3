"""tidtam audit-table: totals and percentages of legacy tables, found and checked without being told."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from tests.conftest import seed_file
from tidtam.imports.table_audit import (
    TableReadError,
    audit_file,
    audit_rows,
    read_cell,
    read_table_text,
)


def seed_lines() -> list[str]:
    return seed_file("003").read_text(encoding="utf-8").splitlines()


def budget_summary_table() -> str:
    """Seed 003's budget summary table as copied from the report (two header rows)."""
    lines = seed_lines()
    start = next(i for i, line in enumerate(lines) if line.startswith("รายการ\t"))
    return "\n".join(lines[start : start + 5])


def tranche_table() -> str:
    """Seed 003's per-project tranche table with its total row as printed."""
    lines = seed_lines()
    start = next(i for i, line in enumerate(lines) if line.startswith("ที่\t"))
    end = next(i for i, line in enumerate(lines) if line.startswith("\t\t\t\t\t\t15,635,880"))
    return "\n".join(lines[start : end + 1])


def findings(result):
    return [(f.kind, f.row, f.row_label, f.column, f.expected, f.found) for f in result.findings]


def test_seed_003_budget_summary_has_no_finding_and_every_percent_pair_is_found():
    result = audit_rows(read_table_text(budget_summary_table()))

    assert result.findings == []
    assert result.checked["header_rows"] == 2
    assert result.checked["data_rows"] == 2
    assert result.checked["total_rows"] == [3]
    assert result.checked["percent_columns"] == {
        "ร้อยละกรอบงบอนุมัติ": {"numerator": "อนุมัติ", "denominator": "กรอบงบ"},
        "ร้อยละเบิกจ่าย": {"numerator": "เบิกจ่าย", "denominator": "อนุมัติ"},
        "ร้อยละคงเหลือ": {"numerator": "งบประมาณคงเหลือที่ยังไม่เบิกจ่าย", "denominator": "อนุมัติ"},
    }


def test_seed_003_tranche_table_reports_exactly_the_number_in_the_transfer_date_column():
    result = audit_rows(read_table_text(tranche_table()))

    assert [f.as_json() for f in result.findings] == [
        {
            "kind": "type_mismatch",
            "row": 20,  # 18 projects + the wrapped title line of project 5 + the total row
            "row_label": "แถวรวม",
            "column": "วันที่โอนงวด1",
            "expected": "วันที่",
            "found": 281545,
            "detail": "คอลัมน์นี้เป็นวันที่ แต่ช่องนี้เป็น 281,545",
        }
    ]
    # The money columns of the total row were checked (and are right).
    assert result.checked["numeric_columns"] == ["ที่", "งบอนุมัติ", "เบิกงวด 1", "คงเหลือเบิกงวด 2"]
    assert result.checked["total_rows"] == [20]


def test_a_wrong_percent_and_a_wrong_column_total_are_exactly_the_findings():
    table = (
        budget_summary_table()
        .replace("10,921,966", "10,921,996")  # grand total of disbursed
        .replace("69.83", "69.38")  # provincial % disbursed
    )
    result = audit_rows(read_table_text(table))

    assert findings(result) == [
        ("percent", 2, "โครงการระดับจังหวัด", "ร้อยละเบิกจ่าย", Decimal("69.83"), Decimal("69.38")),
        ("column_total", 3, "รวมทั้งสิ้น", "เบิกจ่าย", Decimal(10921966), Decimal(10921996)),
    ]


MONTHLY = """จังหวัด,ต.ค.,พ.ย.,ธ.ค.,รวม
เชียงใหม่,10,20,30,60
ลำพูน,"1,000",๒๐,-,"1,020"
ลำปาง,5,5,5,15
รวม,"1,015",45,35,"1,095"
"""


def test_a_correct_table_with_row_totals_thai_digits_and_dashes_has_no_finding():
    result = audit_rows(read_table_text(MONTHLY))

    assert result.findings == []
    assert result.checked["row_total_columns"] == {"รวม": ["ธ.ค.", "พ.ย.", "ต.ค."]}


def test_a_wrong_row_total_is_the_only_finding():
    table = MONTHLY.replace("ลำปาง,5,5,5,15", "ลำปาง,5,5,5,16").replace('"1,095"', '"1,096"')

    assert findings(audit_rows(read_table_text(table))) == [
        ("row_total", 3, "ลำปาง", "รวม", Decimal(15), Decimal(16)),
    ]


def test_a_wrong_column_total_is_the_only_finding():
    table = MONTHLY.replace('รวม,"1,015",45,35,"1,095"', 'รวม,"1,015",54,35,"1,104"')

    assert findings(audit_rows(read_table_text(table))) == [
        ("column_total", 4, "รวม", "พ.ย.", Decimal(45), Decimal(54)),
    ]


def test_a_wrong_grand_total_is_reported_when_it_fits_neither_direction():
    table = MONTHLY.replace('"1,095"', '"1,105"')

    assert findings(audit_rows(read_table_text(table))) == [
        ("grand_total", 4, "รวม", "รวม", Decimal(1095), Decimal(1105)),
    ]


def test_words_in_a_number_column_are_a_type_mismatch():
    table = MONTHLY.replace("ลำปาง,5,5,5,15", "ลำปาง,5,ห้า,5,15")
    result = audit_rows(read_table_text(table))

    assert ("type_mismatch", 3, "ลำปาง", "พ.ย.", "ตัวเลข", "ห้า") in findings(result)


@pytest.mark.parametrize(
    ("text", "kind", "number"),
    [
        ("1,762,380", "number", Decimal(1762380)),
        ("๑,๒๓๔", "number", Decimal(1234)),
        ("69.85", "number", Decimal("69.85")),
        ("-", "dash", Decimal(0)),
        ("", "blank", None),
        ("..คน", "blank", None),
        ("25 ก.พ.64", "date", None),
        ("10 มี ค 64", "date", None),
        ("เชียงใหม่", "text", None),
    ],
)
def test_cells_are_read_as_people_write_them(text, kind, number):
    cell = read_cell(text)
    assert (cell.kind, cell.number) == (kind, number)


def test_xlsx_first_sheet_and_cp874_csv_are_read(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    for row in [
        ["จังหวัด", "ชาย", "หญิง", "รวม"],
        ["ตาก", 3, 4, 7],
        ["น่าน", 1, 1, 3],
        ["รวม", 4, 5, 10],
    ]:
        sheet.append(row)
    xlsx = tmp_path / "table.xlsx"
    workbook.save(xlsx)
    assert findings(audit_file(xlsx)) == [("row_total", 2, "น่าน", "รวม", Decimal(2), Decimal(3))]

    csv_file = tmp_path / "table.csv"
    csv_file.write_bytes(MONTHLY.encode("cp874"))
    assert audit_file(csv_file).findings == []


def test_unreadable_files_raise_a_clear_error(tmp_path):
    with pytest.raises(TableReadError, match="ไม่พบไฟล์"):
        audit_file(tmp_path / "missing.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(TableReadError, match="ไม่มีข้อมูล"):
        audit_file(empty)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(TableReadError, match="Excel"):
        audit_file(broken)


def test_command_exit_status_and_json(tmp_path, capsys):
    good = tmp_path / "good.tsv"
    good.write_text(budget_summary_table(), encoding="utf-8")
    with pytest.raises(SystemExit) as ok:
        call_command("audit_table", str(good), "--format", "json")
    assert ok.value.code == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []

    bad = tmp_path / "bad.tsv"
    bad.write_text(tranche_table(), encoding="utf-8")
    with pytest.raises(SystemExit) as found:
        call_command("audit_table", str(bad))
    assert found.value.code == 3
    assert "แถว 20 (แถวรวม) คอลัมน์ «วันที่โอนงวด1»" in capsys.readouterr().out

    with pytest.raises(SystemExit) as unreadable:
        call_command("audit_table", str(tmp_path / "nope.csv"))
    assert unreadable.value.code == 2
    assert "ไม่พบไฟล์" in capsys.readouterr().err
