"""How a quality report is written as text (the command line); JSON is ``QualityReport.as_json``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tidtam.quality.checks import SEVERITY_LABELS
from tidtam.quality.selectors import QualityReport
from tidtam.thai import format_date

__all__ = ["SEVERITY_LABELS", "format_text"]


def format_text(report: QualityReport) -> str:
    """Return the report as lines: a heading with the counts, then one block per finding."""
    counts = ", ".join(f"{SEVERITY_LABELS[g.severity]} {len(g.findings)}" for g in report.groups)
    lines = [
        _("Data quality as of %(date)s: %(count)s findings (%(counts)s)")
        % {"date": format_date(report.as_of, "short"), "count": report.count, "counts": counts}
    ]
    for f in report.findings:
        lines.append(f"[{SEVERITY_LABELS[f.severity]}] {f.kind} · {f.record}")
        lines.append(f"    {f.message}")
        if f.expected is not None or f.found is not None:
            lines.append(
                "    "
                + _("expected %(expected)s, found %(found)s")
                % {"expected": f.expected_text, "found": f.found_text}
            )
    return "\n".join(lines)
