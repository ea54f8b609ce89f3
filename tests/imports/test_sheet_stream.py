"""StreamedSheet writes exactly the cells XlsxWriter's own write_string/write_number would."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from tidtam.imports.sheet_stream import StreamedSheet, StreamedWorkbook


def _book(rows: list[dict[str, Any]], keys: list[str], *, streamed: bool) -> bytes:
    """Write a header and ``rows`` either through ``append_rows`` or XlsxWriter's calls."""
    out = io.BytesIO()
    options = {"constant_memory": True, "strings_to_numbers": False}
    book = (StreamedWorkbook if streamed else xlsxwriter.Workbook)(out, options)
    text = book.add_format({"num_format": "@"})
    number = book.add_format({"num_format": "#,##0"})
    header = book.add_format({"bold": True})
    ws = book.add_worksheet("ข้อมูล", worksheet_class=StreamedSheet)
    formats = [number if i % 2 else text for i in range(len(keys))]
    # Style ids are given in order of first use; take them in the same order in both paths.
    indexes = [f._get_xf_index() for f in formats]
    for c, key in enumerate(keys):
        ws.set_column(c, c, 12, formats[c])
        ws.write_string(0, c, key, header)
    ws.set_row(0, 30)
    if streamed:
        count = ws.append_rows(1, indexes, ([r.get(k) for k in keys] for r in rows))
    else:
        for r, values in enumerate(rows, start=1):
            for c, key in enumerate(keys):
                value = values.get(key)
                if value is None or value == "":
                    continue
                if isinstance(value, int | float) and not isinstance(value, bool):
                    ws.write_number(r, c, value, formats[c])
                else:
                    ws.write_string(r, c, str(value), formats[c])
        count = len(rows)
    ws.data_validation(1, 0, count + 10, 0, {"validate": "list", "source": ["ก", "ข"]})
    book.close()
    return out.getvalue()


def _sheet_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("xl/worksheets/sheet1.xml")


TRICKY = [
    "ศาลาประชาคมบ้านดอนแก้ว",
    "a & b < c > d \"e\" 'f'",
    " leading space",
    "trailing space ",
    "ends with a newline\n",
    "two\nlines",
    "\ttab first",
    "control \x01 and \x1f chars",
    "an escape already _x0041_ and _xABCD_",
    "non-characters \ufffe \uffff",
    "emoji 🙂 outside the BMP",
    "ก" * 40_000,
    "🙂" * 20_000,
    "x" * 32_766 + "🙂",
]


def test_every_cell_is_what_xlsxwriter_writes():
    keys = ["a", "b", "c", "d"]
    rows: list[dict[str, Any]] = [
        {"a": text, "b": i, "c": "", "d": None} for i, text in enumerate(TRICKY)
    ]
    rows += [
        {"a": "numbers", "b": 1.5, "c": 12345678901234567890, "d": -0.000001},
        {"a": True, "b": 0, "c": Decimal("12.50"), "d": 10**16 + 1},
        {},
        {"b": 7},
        {"a": 2.0, "b": float(10**20)},
        {"a": 10**16 - 1, "b": 10**16, "c": -(10**16 - 1), "d": -(10**16)},
        {"a": 0, "b": -7, "c": 0.0, "d": -0.0},
        {"a": 2**53, "b": 2**53 + 1, "c": -(2**53), "d": -(2**53) - 1},
    ]
    streamed = _sheet_xml(_book(rows, keys, streamed=True))
    generic = _sheet_xml(_book(rows, keys, streamed=False))
    assert streamed == generic
    assert b'<dimension ref="A1:D23"/>' in streamed


def test_nothing_to_append_leaves_the_header_alone():
    streamed = _sheet_xml(_book([], ["a", "b"], streamed=True))
    assert streamed == _sheet_xml(_book([], ["a", "b"], streamed=False))
    assert b'<dimension ref="A1:B1"/>' in streamed


def test_openpyxl_reads_back_every_value():
    rows = [
        {"a": "ต.หลวงเหนือ อ.งาว", "b": 59},
        {"a": "x & <y>", "b": None},
        {"b": 3},
        {"a": "<r>looks like XlsxWriter's rich text</r>"},
    ]
    book = openpyxl.load_workbook(io.BytesIO(_book(rows, ["a", "b"], streamed=True)))
    ws = book["ข้อมูล"]
    assert [list(r) for r in ws.iter_rows(values_only=True)] == [
        ["a", "b"],
        ["ต.หลวงเหนือ อ.งาว", 59],
        ["x & <y>", None],
        [None, 3],
        ["<r>looks like XlsxWriter's rich text</r>", None],
    ]
    assert ws.cell(2, 2).number_format == "#,##0"
    assert ws.cell(2, 1).number_format == "@"


def test_refuses_a_workbook_without_constant_memory():
    book = xlsxwriter.Workbook(io.BytesIO())
    ws = book.add_worksheet("s", worksheet_class=StreamedSheet)
    with pytest.raises(ValueError, match="constant_memory"):
        ws.append_rows(1, [None], [["x"]])
    book.close()


def test_refuses_rows_above_those_written():
    book = xlsxwriter.Workbook(io.BytesIO(), {"constant_memory": True})
    ws = book.add_worksheet("s", worksheet_class=StreamedSheet)
    ws.write_string(5, 0, "row six")
    ws.write_string(6, 0, "row seven")
    with pytest.raises(ValueError, match="after"):
        ws.append_rows(3, [None], [["x"]])
    book.close()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "a": st.one_of(st.none(), st.text(max_size=30)),
                "b": st.one_of(
                    st.none(),
                    st.integers(min_value=-(10**18), max_value=10**18),
                    st.floats(allow_nan=False, allow_infinity=False),
                ),
            }
        ),
        max_size=8,
    )
)
def test_any_text_and_number_matches_xlsxwriter(rows):
    assert _sheet_xml(_book(rows, ["a", "b"], streamed=True)) == _sheet_xml(
        _book(rows, ["a", "b"], streamed=False)
    )
