"""Thai text: digits, normalisation of typed text, and dictionary order."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pythainlp.util import normalize as _pythainlp_normalize

__all__ = ["clean_typed_number", "from_thai_digits", "normalize_text", "sort_key", "to_thai_digits"]

_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_FROM_THAI = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_DOUBLE_E = re.compile("เเ")
_NIKHAHIT_AA = re.compile("\u0e4d\u0e32")  # "ํา" typed as two characters instead of "ำ"
_REPEATED_MARK = re.compile("([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])\\1+")
_SPACES = re.compile(r"\s+")
_TONE = re.compile("[\u0e47-\u0e4e]")
_LEADING_VOWEL = re.compile("([\u0e40-\u0e44])([\u0e01-\u0e2e])")


# What each step of ``_normalize_thai`` (ours and pythainlp's ``normalize``) could change: text
# without any of it only has its whitespace collapsed (checked against the full path by a
# property test). Most typed Thai has none, and the full path costs ~0.15 ms a string.
_ABOVE = "\u0e31\u0e34-\u0e37\u0e47\u0e4d"
_BELOW = "\u0e38\u0e39"
_TONES = "\u0e48-\u0e4b"
_FOLLOW = "\u0e30\u0e32\u0e33\u0e45"
_LEAD = "\u0e40-\u0e44"
_DANGLING = f"{_ABOVE}{_BELOW}{_TONES}\u0e3a\u0e4c\u0e4d\u0e4e"
_NO_REPEAT = f"{_FOLLOW}{_LEAD}{_ABOVE}{_BELOW}\u0e3a\u0e4c\u0e4d\u0e4e"
_MAY_CHANGE = re.compile(
    "[\u200b\u200c\u200d\u2060\ufeff\u00ad\u0e45\n\r\t\v\f]"
    "|  "
    f"|^[{_DANGLING}]| [{_DANGLING}]"
    f"|[{_TONES}\u0e4c][{_ABOVE}{_BELOW}]"
    f"|\u0e4d[{_TONES}]*\u0e32"
    f"|[{_FOLLOW}][{_TONES}]"
    f"|([{_NO_REPEAT}]) *\\1"
    f"|[{_TONES}]{{2,}}"
)


def to_thai_digits(text: str | int) -> str:
    """Write Arabic digits as Thai digits (๐–๙); other characters are kept."""
    return str(text).translate(_TO_THAI)


def from_thai_digits(text: str) -> str:
    """Write Thai digits (๐–๙) as Arabic digits; other characters are kept."""
    return text.translate(_FROM_THAI)


def normalize_text(text: str) -> str:
    """Return typed Thai text in one canonical form.

    Fixes the usual typing habits: "เเ" (two sara e) for "แ", "ํา" (nikhahit + sara aa) for "ำ",
    repeated vowels and tone marks, invisible characters (zero-width space, soft hyphen);
    then applies pythainlp's normalisation, Unicode NFC and collapses runs of whitespace into
    one space (leading and trailing whitespace removed). Digits are not changed.

    Plain ASCII text only has its whitespace collapsed; other text is cached (imports read
    the same place names and phrases thousands of times).
    """
    if text.isascii():
        return _SPACES.sub(" ", text).strip()
    if not _MAY_CHANGE.search(text) and unicodedata.is_normalized("NFC", text):
        return _SPACES.sub(" ", text).strip()  # nothing below would change it
    return _normalize_thai(text)


@lru_cache(maxsize=65536)
def _normalize_thai(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _DOUBLE_E.sub("แ", text)
    text = _NIKHAHIT_AA.sub("ำ", text)
    text = _REPEATED_MARK.sub(r"\1", text)
    text = _pythainlp_normalize(text)
    text = _DOUBLE_E.sub("แ", text)
    text = _NIKHAHIT_AA.sub("ำ", text)
    text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", text).strip()


def sort_key(text: str) -> tuple[str, str]:
    """Return a key that sorts Thai words in dictionary order.

    A leading vowel (เ แ โ ใ ไ) sorts by the consonant after it ("ไก่" sorts with "ก", before
    "ขา"); tone marks only break ties. Latin letters are compared without case. Use as
    ``sorted(names, key=sort_key)``.
    """
    text = normalize_text(text).casefold()
    swapped = _LEADING_VOWEL.sub(r"\2\1", text)
    return (_TONE.sub("", swapped), swapped)


def clean_typed_number(text: str) -> str:
    """Return a typed number or date ready to read: Arabic digits, NFC, every dash as "-",
    invisible characters removed, whitespace collapsed and stripped."""
    s = unicodedata.normalize("NFC", from_thai_digits(text))
    s = _INVISIBLE.sub("", s)
    s = re.sub("[\u2010-\u2015\u2212]", "-", s)
    return _SPACES.sub(" ", s).strip()
