"""normalize_text's fast path (text that no normalisation step would change) gives exactly
what the full path gives."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tidtam.thai.text import _MAY_CHANGE, _normalize_thai, normalize_text

# Thai letters, vowels, tone marks and signs, digits, spaces and the invisible characters
# people paste, in any order: most strings are not Thai a person would type, which is the point.
ALPHABET = st.sampled_from(
    [chr(c) for c in range(0x0E01, 0x0E5C)] + list(" \n\t-.,()0123456789ab") + ["\u200b", "\u00ad"]
)


@settings(max_examples=3000)
@given(st.text(ALPHABET, max_size=12))
@example("ที่ประชุมรับทราบ")
@example("เเละ")
@example("ก  ่า")
@example("นาา")
@example("กํา")
@example("ค่้า")
def test_the_fast_path_equals_the_full_path(text):
    assert normalize_text(text) == _normalize_thai(text)


def test_ordinary_typed_thai_takes_the_fast_path():
    for text in ("ที่ประชุมรับทราบความก้าวหน้า", "ศาลาประชาคมหมู่บ้าน", "ลงพื้นที่เตรียมงาน"):
        assert not _MAY_CHANGE.search(text)
