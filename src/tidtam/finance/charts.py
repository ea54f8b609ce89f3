"""Server-side charts of the budget-status report, for the printable HTML and its PDF.

The web page draws its charts in the browser (Chart.js, vendored); a PDF printed by Chromium
from a document without script needs pictures, so this module draws the same two charts with
matplotlib (a bare ``Figure``, no pyplot and no global state: safe in a web process) from ``report.chart`` — the data the
page's charts read — and returns them as PNG, embedded as ``data:`` URLs in the document.

Thai labels need a Thai font: the vendored Noto Sans Thai of ``tidtam.common`` (always
present), else an installed Noto Sans Thai or TLWG font. Never "TH Sarabun" (not installed).
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from tidtam.finance import calculations as calc

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from tidtam.finance.selectors import BudgetStatusReport

VENDORED_FONTS = Path(__file__).resolve().parents[1] / "common" / "static" / "tidtam" / "fonts"
THAI_FAMILIES = ("Noto Sans Thai", "Noto Sans Thai UI", "Laksaman", "Garuda", "Loma", "Kinnari")
APPROVED_COLOUR = "#9cc5b8"  # the page's Chart.js colours
DISBURSED_COLOUR = "#0b5d4b"
DPI = 150


@cache
def thai_font_family() -> str:
    """Register the vendored Noto Sans Thai with matplotlib; return the Thai family to use."""
    for path in sorted(VENDORED_FONTS.glob("NotoSansThai-*.ttf")):
        font_manager.fontManager.addfont(str(path))
    known = {f.name for f in font_manager.fontManager.ttflist}
    for family in THAI_FAMILIES:
        if family in known:
            return family
    return "DejaVu Sans"  # no Thai glyphs: labels would be boxes, but the numbers still show


def font_families() -> list[str]:
    """Return the Thai family then DejaVu Sans (matplotlib falls back per glyph: Latin, "()")."""
    return [thai_font_family(), "DejaVu Sans"]


@dataclass(frozen=True)
class ChartImage:
    """One chart: what it shows (title, labels, values per series) and its PNG."""

    title: str
    labels: list[str]
    series: dict[str, list[Decimal | None]]
    png: bytes
    alt: str

    @property
    def data_url(self) -> str:
        """Return the PNG as a ``data:`` URL for an ``<img>`` (no file, no network)."""
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def _alt(title: str, labels: list[str], series: dict[str, list[str]]) -> str:
    """Return a chart's figures as text: its image's alternative text."""
    parts = [
        f"{label}: " + ", ".join(f"{name} {values[i]}".strip() for name, values in series.items())
        for i, label in enumerate(labels)
    ]
    return f"{title} — " + "; ".join(parts)


def _figure(count: int) -> tuple[Figure, Axes]:
    family = font_families()
    width = min(11.0, max(6.0, 0.75 * count + 2.5))
    figure = Figure(figsize=(width, 3.6), dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=8)
    for text in (axes.title, axes.xaxis.label, axes.yaxis.label):
        text.set_fontfamily(family)
    figure.set_facecolor("white")
    return figure, axes


def _set_labels(axes: Axes, labels: list[str]) -> None:
    family = font_families()
    axes.set_xticks(range(len(labels)))
    rotate = len(labels) > 6
    axes.set_xticklabels(
        labels,
        fontfamily=family,
        fontsize=8,
        rotation=45 if rotate else 0,
        ha="right" if rotate else "center",
    )


def _png(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def percent_figure(report: BudgetStatusReport, title: str) -> Figure:
    """Draw "disbursement percent by province": one bar per province, 0-100, value on top."""
    chart = report.chart
    values = [float(v) if v is not None else 0.0 for v in chart.disbursed_percent]
    figure, axes = _figure(len(chart.labels))
    bars = axes.bar(range(len(values)), values, color=DISBURSED_COLOUR, width=0.6)
    axes.bar_label(
        bars,
        labels=[calc.format_percent(v) for v in chart.disbursed_percent],
        fontsize=7,
        padding=2,
    )
    axes.set_ylim(0, 110)
    axes.set_yticks(range(0, 101, 20))
    axes.set_title(title, fontfamily=font_families(), fontsize=10)
    _set_labels(axes, chart.labels)
    return figure


def amounts_figure(
    report: BudgetStatusReport, title: str, approved_label: str, disbursed_label: str
) -> Figure:
    """Draw "approved and disbursed by province": two bars per province, baht with commas."""
    chart = report.chart
    count = len(chart.labels)
    figure, axes = _figure(count)
    width = 0.38
    axes.bar(
        [i - width / 2 for i in range(count)],
        [float(v) for v in chart.approved],
        width,
        color=APPROVED_COLOUR,
        label=approved_label,
    )
    axes.bar(
        [i + width / 2 for i in range(count)],
        [float(v) for v in chart.disbursed],
        width,
        color=DISBURSED_COLOUR,
        label=disbursed_label,
    )
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    axes.set_title(title, fontfamily=font_families(), fontsize=10)
    axes.legend(prop={"family": font_families(), "size": 8}, frameon=False)
    _set_labels(axes, chart.labels)
    return figure


def report_charts(report: BudgetStatusReport, titles: dict[str, str]) -> list[ChartImage]:
    """Return the report's two charts as PNG images (none when the report has no project)."""
    chart = report.chart
    if not chart.labels:
        return []
    labels = list(chart.labels)
    percents: list[Decimal | None] = list(chart.disbursed_percent)
    approved: list[Decimal | None] = list(chart.approved)
    disbursed: list[Decimal | None] = list(chart.disbursed)
    amount = calc.format_amount
    return [
        ChartImage(
            title=titles["percent"],
            labels=labels,
            series={titles["percent"]: percents},
            png=_png(percent_figure(report, titles["percent"])),
            alt=_alt(
                titles["percent"],
                labels,
                {"": [calc.format_percent(v) for v in percents]},
            ),
        ),
        ChartImage(
            title=titles["amounts"],
            labels=labels,
            series={titles["approved"]: approved, titles["disbursed"]: disbursed},
            png=_png(
                amounts_figure(report, titles["amounts"], titles["approved"], titles["disbursed"])
            ),
            alt=_alt(
                titles["amounts"],
                labels,
                {
                    titles["approved"]: [amount(v) for v in chart.approved],
                    titles["disbursed"]: [amount(v) for v in chart.disbursed],
                },
            ),
        ),
    ]
