"""Write a ZIP file from members that are already deflated, in parts.

Python's ``zipfile`` compresses what it is given, in the calling thread. A large export
compresses its rows in a second thread while the first builds them (zlib releases the GIL),
so its sheet arrives as raw deflate *parts*: several independently compressed segments, each
ended with a sync flush (byte-aligned, not final) except the last. Their concatenation is one
valid deflate stream (the technique of pigz), and the CRC-32 of the whole is combined from the
parts' CRCs (``crc32_combine``, zlib's algorithm). ``write_zip`` then writes the local headers,
the data, the central directory and the end records, with ZIP64 records where a size or an
offset does not fit in 32 bits (an export of millions of rows passes 4 GB uncompressed).

Only what an XLSX needs: deflate or stored members, no encryption, no comments, one disk.
Tested by reading the result back with ``zipfile`` (which checks every CRC) and openpyxl.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

_32 = 0xFFFFFFFF
_16 = 0xFFFF
_COPY = 1 << 20


def _gf2_times(matrix: list[int], vector: int) -> int:
    total = 0
    i = 0
    while vector:
        if vector & 1:
            total ^= matrix[i]
        vector >>= 1
        i += 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, matrix[n]) for n in range(32)]


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """Return the CRC-32 of A + B from ``crc1`` = crc32(A), ``crc2`` = crc32(B) and len(B)."""
    if length2 <= 0:
        return crc1
    operator = [0xEDB88320] + [1 << n for n in range(31)]  # one zero bit
    for _ in range(3):
        operator = _gf2_square(operator)  # 2, 4, then 8 zero bits: one zero byte
    # Apply len(B) zero bytes to crc1 (square and multiply over the bits of the length); a zero
    # CRC stays zero.
    while length2 and crc1:
        if length2 & 1:
            crc1 = _gf2_times(operator, crc1)
        length2 >>= 1
        if length2:
            operator = _gf2_square(operator)
    return crc1 ^ crc2


@dataclass
class Part:
    """One raw segment of a member's data: bytes in memory or a slice of a file on disk."""

    crc: int  # CRC-32 of the uncompressed bytes
    size: int  # uncompressed size
    data: bytes = b""
    path: Path | None = None
    offset: int = 0
    length: int = 0  # stored (compressed) length when ``path`` is set

    @property
    def stored_size(self) -> int:
        return self.length if self.path is not None else len(self.data)

    def copy_to(self, out: IO[bytes]) -> None:
        if self.path is None:
            out.write(self.data)
            return
        with self.path.open("rb") as fh:
            fh.seek(self.offset)
            left = self.length
            while left:
                block = fh.read(min(_COPY, left))
                if not block:
                    raise OSError(f"{self.path} is shorter than expected")
                out.write(block)
                left -= len(block)


def deflate_part(data: bytes, *, final: bool, level: int = 6) -> Part:
    """Compress ``data`` as one segment: sync-flushed, or the stream's final one."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    flush = zlib.Z_FINISH if final else zlib.Z_SYNC_FLUSH
    return Part(
        crc=zlib.crc32(data),
        size=len(data),
        data=compressor.compress(data) + compressor.flush(flush),
    )


@dataclass
class Member:
    """One file of the archive: its name, date, method and data parts (in order)."""

    name: str
    date_time: tuple[int, int, int, int, int, int]
    method: int  # zipfile.ZIP_DEFLATED or zipfile.ZIP_STORED
    parts: list[Part] = field(default_factory=list)

    @property
    def crc(self) -> int:
        crc = 0
        for part in self.parts:
            crc = crc32_combine(crc, part.crc, part.size)
        return crc

    @property
    def size(self) -> int:
        return sum(p.size for p in self.parts)

    @property
    def stored_size(self) -> int:
        return sum(p.stored_size for p in self.parts)


def members_of(path: Path) -> list[Member]:
    """Read the members of the ZIP file at ``path`` as they are stored (not decompressed)."""
    found = []
    with zipfile.ZipFile(path) as archive, path.open("rb") as fh:
        for info in archive.infolist():
            fh.seek(info.header_offset)
            header = fh.read(30)
            if header[:4] != b"PK\x03\x04":
                raise zipfile.BadZipFile(f"no local header for {info.filename}")
            name_length, extra_length = struct.unpack("<HH", header[26:30])
            start = info.header_offset + 30 + name_length + extra_length
            part = Part(
                crc=info.CRC,
                size=info.file_size,
                path=path,
                offset=start,
                length=info.compress_size,
            )
            found.append(Member(info.filename, info.date_time, info.compress_type, [part]))
    return found


def _dos_time(date_time: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


class _Counting:
    """Wrap a binary stream to know the offset of what is written next."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.offset = 0

    def write(self, data: bytes) -> int:
        self.out.write(data)
        self.offset += len(data)
        return len(data)


def write_zip(target: IO[bytes], members: Iterable[Member]) -> None:
    """Write ``members`` as a ZIP archive to ``target`` (a binary stream, written in order)."""
    out = _Counting(target)
    directory = []
    for member in members:
        name = member.name.encode("utf-8")
        crc, size, stored = member.crc, member.size, member.stored_size
        offset = out.offset
        big = size >= _32 or stored >= _32
        version = 45 if big else 20
        flags = 0x800 if not member.name.isascii() else 0
        time, date = _dos_time(member.date_time)
        extra = struct.pack("<HHQQ", 1, 16, size, stored) if big else b""
        out.write(
            struct.pack(
                "<4sHHHHHIIIHH",
                b"PK\x03\x04",
                version,
                flags,
                member.method,
                time,
                date,
                crc,
                _32 if big else stored,
                _32 if big else size,
                len(name),
                len(extra),
            )
            + name
            + extra
        )
        for part in member.parts:
            part.copy_to(out)  # type: ignore[arg-type]
        directory.append(
            (name, version, flags, member.method, time, date, crc, size, stored, offset)
        )

    start = out.offset
    for name, version, flags, method, time, date, crc, size, stored, offset in directory:
        # ZIP64: the values that do not fit go in the extra field, in the format's order
        # (uncompressed size, compressed size, local header offset).
        sizes_wide = size >= _32 or stored >= _32
        values = [size, stored] if sizes_wide else []
        if offset >= _32:
            values.append(offset)
        extra = b""
        if values:
            extra = struct.pack("<HH", 1, 8 * len(values))
            extra += b"".join(struct.pack("<Q", v) for v in values)
            version = 45
        out.write(
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                version,
                version,
                flags,
                method,
                time,
                date,
                crc,
                _32 if sizes_wide else stored,
                _32 if sizes_wide else size,
                len(name),
                len(extra),
                0,
                0,
                0,
                0,
                _32 if offset >= _32 else offset,
            )
            + name
            + extra
        )
    end = out.offset
    count = len(directory)
    length = end - start
    if count >= _16 or length >= _32 or start >= _32:
        out.write(
            struct.pack(
                "<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, length, start
            )
        )
        out.write(struct.pack("<4sIQI", b"PK\x06\x07", 0, end, 1))
    out.write(
        struct.pack(
            "<4sHHHHIIH",
            b"PK\x05\x06",
            0,
            0,
            min(count, _16),
            min(count, _16),
            min(length, _32),
            min(start, _32),
            0,
        )
    )
