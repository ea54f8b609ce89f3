"""Thai-aware name keys: one form for stored names and typed queries, so they can be compared.

Used by communities and organisations (``search_name``) and by their search selectors.
"""

from __future__ import annotations

import re
import unicodedata

try:  # the shared Thai text helpers (tidtam.thai.text), when present
    from tidtam.thai.text import normalize_text as _normalize_text
except ImportError:  # pragma: no cover - only while tidtam.thai.text is not there yet
    from pythainlp.util import normalize as _pythainlp_normalize

    def _normalize_text(text: str) -> str:
        text = unicodedata.normalize("NFC", text).replace("เเ", "แ").replace("\u0e4d\u0e32", "ำ")
        return " ".join(_pythainlp_normalize(text).split())


__all__ = [
    "community_key",
    "name_key",
    "normalize_name",
    "organisation_key",
    "plain_key",
    "tone_free",
]

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# Everything that is not a letter, a digit or a Thai combining mark is noise for comparison.
_NOISE = re.compile(r"[^\w\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]+")
_TONES = re.compile("[\u0e47-\u0e4c]")
# Words that begin many community names but say nothing about which community it is.
_COMMUNITY_PREFIX = re.compile(r"^(?:ชุมชน|ชช\.?)\s*")
# Short forms written in organisation names ("สมาคมผู้บริโภค จ.ขอนแก่น"); not after a letter,
# so "อบต." is left alone; "ม." before a number is a village (หมู่), not a university.
_ABBREVIATIONS = (
    (re.compile(r"(?<![\u0e01-\u0e2e])จ\.\s*"), "จังหวัด"),
    (re.compile(r"(?<![\u0e01-\u0e2e])อ\.\s*"), "อำเภอ"),
    (re.compile(r"(?<![\u0e01-\u0e2e])ต\.\s*"), "ตำบล"),
    (re.compile(r"(?<![\u0e01-\u0e2e])ม\.\s*(?!\d)"), "มหาวิทยาลัย"),
)


def normalize_name(text: str) -> str:
    """Return a name as people should see it: canonical Thai characters, single spaces."""
    return _normalize_text(text or "")


def name_key(text: str) -> str:
    """Return the comparison key of a name: normalised, lower-cased, no spaces or punctuation.

    "เเม่   ฮ่องสอน", "แม่ฮ่องสอน" and "แม่-ฮ่องสอน" all give "แม่ฮ่องสอน"; Thai digits become
    Arabic digits ("ชุมชน ๔" and "ชุมชน 4" are the same).
    """
    text = normalize_name(text).translate(_THAI_DIGITS).casefold()
    return _NOISE.sub("", text).replace("_", "")


def plain_key(text: str) -> str:
    """Return ``name_key`` of a name already in canonical form (official names), much faster."""
    return _NOISE.sub("", text.translate(_THAI_DIGITS).casefold()).replace("_", "")


def community_key(text: str) -> str:
    """Return the comparison key of a community name, without a leading "ชุมชน".

    "ชุมชนมิตรภาพ", "ชุมชน มิตรภาพ" and "มิตรภาพ" are the same community.
    """
    return name_key(_COMMUNITY_PREFIX.sub("", normalize_name(text)))


def tone_free(key: str) -> str:
    """Return a key without tone marks, for a looser second-chance comparison ("ตราซู่" ~ "ตราซู")."""
    return _TONES.sub("", key)


def organisation_key(text: str) -> str:
    """Return the comparison key of an organisation name, with short forms written out.

    "สมาคมผู้บริโภค จ.ขอนแก่น" and "สมาคมผู้บริโภคจังหวัดขอนแก่น" give the same key.
    """
    text = normalize_name(text)
    for pattern, word in _ABBREVIATIONS:
        text = pattern.sub(word, text)
    return name_key(text)
