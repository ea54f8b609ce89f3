"""zipparts: CRC-32 combination, deflate parts and the ZIP writer, checked by zipfile."""

from __future__ import annotations

import io
import zipfile
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st

from tidtam.imports.zipparts import Member, Part, crc32_combine, deflate_part, write_zip

DATE = (2026, 12, 8, 1, 2, 4)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.binary(max_size=300))
def test_crc32_combine_is_the_crc_of_the_concatenation(a, b):
    assert crc32_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


def test_crc32_combine_over_long_runs():
    a, b = b"sheet prefix", "\x00ก".encode() * 100_003
    assert crc32_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


def _read(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None  # every CRC checked
        return {name: archive.read(name) for name in archive.namelist()}


def test_parts_compressed_apart_make_one_member():
    pieces = [b"<sheetData>", "<row>ศาลาประชาคม</row>".encode() * 5000, b"</sheetData>"]
    parts = [deflate_part(p, final=False) for p in pieces[:-1]]
    parts.append(deflate_part(pieces[-1], final=True))
    members = [
        Member("xl/worksheets/sheet1.xml", DATE, zipfile.ZIP_DEFLATED, parts),
        Member("mimetype", DATE, zipfile.ZIP_STORED, [Part(zlib.crc32(b"x"), 1, data=b"x")]),
        Member("ชื่อไทย.txt", DATE, zipfile.ZIP_DEFLATED, [deflate_part(b"", final=True)]),
    ]
    out = io.BytesIO()
    write_zip(out, members)
    assert _read(out.getvalue()) == {
        "xl/worksheets/sheet1.xml": b"".join(pieces),
        "mimetype": b"x",
        "ชื่อไทย.txt": b"",
    }
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        assert info.date_time == DATE
        assert info.compress_type == zipfile.ZIP_DEFLATED


def test_a_member_over_4_gb_gets_zip64_records():
    # 65 sync-flushed segments of 64 MiB of zeros: 4.06 GiB that compress to a few MB.
    block = bytes(64 << 20)
    segment = deflate_part(block, final=False, level=1)
    parts = [segment] * 65 + [deflate_part(b"end", final=True)]
    member = Member("big.xml", DATE, zipfile.ZIP_DEFLATED, parts)
    assert member.size == 65 * (64 << 20) + 3 > 0xFFFFFFFF
    out = io.BytesIO()
    write_zip(out, [Member("a.txt", DATE, 8, [deflate_part(b"a", final=True)]), member])
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        info = archive.getinfo("big.xml")
        assert info.file_size == member.size
        crc = 0
        with archive.open(info) as fh:  # zipfile checks the CRC at the end of the stream
            while chunk := fh.read(16 << 20):
                crc = zlib.crc32(chunk, crc)
        assert crc == member.crc == info.CRC
        assert archive.read("a.txt") == b"a"
