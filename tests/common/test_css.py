"""The stylesheet: colours meet WCAG 2.1 AA, fonts are ours, nothing is loaded from elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "src" / "tidtam" / "common" / "static" / "tidtam"
CSS = (STATIC / "css" / "tidtam.css").read_text(encoding="utf-8")
VARIABLES = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", CSS))


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    light, dark = sorted([luminance(one), luminance(two)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def colour(name: str) -> str:
    return name if name.startswith("#") else VARIABLES[name]


# (text, background) pairs the stylesheet uses for normal-size text.
PAIRS = [
    ("ink", "paper"),
    ("ink", "wash"),
    ("muted", "paper"),
    ("muted", "wash"),
    ("muted", "head"),
    ("link", "paper"),
    ("link", "wash"),
    ("brand-ink", "brand"),
    ("brand-ink", "brand-dark"),
    ("brand", "paper"),
    ("brand-ink", "bad"),
    ("bad", "paper"),
    ("bad", "#fbe6e6"),
    ("red-ink", "red-bg"),
    ("yellow-ink", "yellow-bg"),
    ("green-ink", "green-bg"),
    ("ink", "red-bg"),
    ("ink", "yellow-bg"),
    ("ink", "green-bg"),
    ("ink", "#e5f4e9"),
    ("ink", "#fdf3d8"),
    ("ink", "#e6f0fa"),
]


@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_text_colours_meet_wcag_aa(text: str, background: str) -> None:
    assert contrast(colour(text), colour(background)) >= 4.5


def test_focus_ring_is_visible_against_the_page() -> None:
    assert contrast(colour("focus"), colour("paper")) >= 3
    assert contrast(colour("focus"), colour("wash")) >= 3


def test_fonts_are_served_from_our_static_files() -> None:
    urls = re.findall(r"url\(([^)]+)\)", CSS)
    assert urls, "the stylesheet should declare the Thai font"
    for url in urls:
        target = (STATIC / "css" / url.strip("\"'")).resolve()
        assert target.is_file(), url
    assert "@import" not in CSS
    assert "http://" not in CSS and "https://" not in CSS
    assert "sarabun" not in CSS.lower()


def test_phone_and_print_rules_exist() -> None:
    assert "@media (max-width: 760px)" in CSS
    assert "@media print" in CSS
    assert ".table-wrap { overflow-x: auto;" in CSS
