"""The two big tables of the project page, written in Python (escaped).

Table 1's month grid and Table 2's session rows are most of the project page: with 50
activities and 500 sessions the template engine spent ~85 % of the page time on them (tens of
thousands of variable lookups, a ``{% translate %}`` and a ``{% url %}`` per row). Here every
translated string and the session URL are computed once per page, and every value that comes
from the data goes through ``conditional_escape``. The markup is the one the template wrote;
``projects/project_page.html`` places it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tidtam.projects.selectors import ProjectPage
from tidtam.thai.templatetags.thai import be_date_range

# The Table 2 columns after the session cell, in order (the template's nine columns).
TABLE2_COUNT_FIELDS = (
    "total",
    "women",
    "civil_society_people",
    "civil_society_women",
    "municipality_people",
    "government_people",
    "academia_people",
    "business_media_people",
)
_PLACEHOLDER = 987654321


def _e(value: Any) -> str:
    if type(value) is int:  # counts and numbers: nothing to escape (most values of Table 2)
        return str(value)
    return str(conditional_escape(value))


def _cached(func: Callable[[int], str]) -> Callable[[int], str]:
    """Memoise a per-number translated string for this page (counts repeat)."""
    memo: dict[int, str] = {}

    def get(n: int) -> str:
        text = memo.get(n)
        if text is None:
            text = memo[n] = func(n)
        return text

    return get


def plan_rows_html(page: ProjectPage) -> str:
    """Return the body rows of Table 1 (plan headings and activity rows with month cells)."""
    colspan = len(page.months) + 4
    planned_mark = f'<span class="mark-planned" title="{_e(_("planned"))}">✓</span>'
    rescheduled_mark = f'<span class="mark-rescheduled" title="{_e(_("rescheduled to"))}">↻</span>'

    @_cached
    def held_mark(n: int) -> str:
        title = ngettext("%(n)s session held", "%(n)s sessions held", n) % {"n": n}
        sub = f"<sub>{n}</sub>" if n > 1 else ""
        return f'<span class="mark-held" title="{_e(title)}">●{sub}</span>'

    work_plan = _("Work plan %(number)s: %(title)s")
    out: list[str] = []
    for row in page.plan_rows:
        if row.kind == "plan":
            heading = work_plan % {"number": _e(row.number), "title": _e(row.title)}
            out.append(
                f'<tr class="plan-row"><th scope="rowgroup" colspan="{colspan}">{heading}</th></tr>'
            )
            continue
        cells = []
        for cell in row.cells:
            classes = "cell"
            if cell.in_period:
                classes += " in-period"
            if cell.planned:
                classes += " planned"
            if cell.rescheduled:
                classes += " rescheduled"
            if cell.held:
                classes += " held"
            mark = planned_mark if cell.planned else rescheduled_mark if cell.rescheduled else ""
            if cell.held:
                mark += held_mark(cell.held)
            cells.append(f'<td class="{classes}">{mark}</td>')
        note = ""
        if row.reason:
            note += f'<p class="reason">{_e(row.reason)}</p>'
        if row.note:
            note += f"<p>{_e(row.note)}</p>"
        status = _e(row.status)
        out.append(
            f'<tr class="activity-row status-{status}">\n'
            f'  <th scope="row" class="activity-col">{_e(row.number)} {_e(row.title)}</th>\n'
            f"  {''.join(cells)}\n"
            f'  <td class="num">{_e(row.held)}/{_e(row.planned_sessions)}</td>\n'
            f'  <td><span class="badge activity-status status-{status}">'
            f"{_e(row.status_label)}</span></td>\n"
            f'  <td class="note-col">{note}</td>\n'
            "</tr>"
        )
    return "\n".join(out)


_MISSING = object()


def _count(counts: Mapping[str, Any], name: str) -> str:
    """A count as Table 2 shows it: "-" none, ".." not known, "" when the session has none."""
    value = counts.get(name, _MISSING)
    if value is _MISSING:
        return ""
    if value is None:
        return ".."
    if value == 0:
        return "-"
    return _e(value)


def session_groups_html(page: ProjectPage) -> str:
    """Return Table 2's ``<tbody>`` groups: per activity (or category) its rows and total."""
    url_prefix, url_suffix = reverse("projects:session", args=[_PLACEHOLDER]).split(
        str(_PLACEHOLDER)
    )
    check = _e(_("check"))
    no_session = _e(_("No session in this period."))
    session_n_of = _("session %(n)s/%(total)s")
    session_n = _("session %(n)s")
    team = _cached(lambda n: _("team %(n)s") % {"n": n})
    orgs = _cached(lambda n: _("%(n)s org.") % {"n": n})
    total_label = _cached(
        lambda n: ngettext("Total (%(n)s session)", "Total (%(n)s sessions)", n) % {"n": n}
    )
    out: list[str] = []
    for group in page.session_groups:
        out.append(
            "<tbody>\n"
            f'<tr class="plan-row"><th scope="rowgroup" colspan="9">{_e(group.label)}</th></tr>'
        )
        for row in group.rows:
            c = row.counts
            first = (
                f'<a href="{url_prefix}{row.session.pk}{url_suffix}">'
                f"{_e(be_date_range(row.date, row.end_date))}</a>"
            )
            if row.number:
                if row.of:
                    label = session_n_of % {"n": _e(row.number), "total": _e(row.of)}
                else:
                    label = session_n % {"n": _e(row.number)}
                first += f" · {label}"
            if row.place:
                first += f'<br><span class="muted">{_e(row.place)}</span>'
            if row.findings:
                messages = "".join(f"{_e(f.message)} " for f in row.findings)
                first += f' <span class="badge flag" title="{messages}">{check}</span>'
            total = _count(c, "total")
            if c.get("project_team"):
                total += f'<br><span class="muted small">{_e(team(c["project_team"]))}</span>'
            people = _count(c, "civil_society_people")
            if c.get("civil_society_orgs"):
                people += f' <span class="muted small">({_e(orgs(c["civil_society_orgs"]))})</span>'
            values = [total, _count(c, "women"), people] + [
                _count(c, name) for name in TABLE2_COUNT_FIELDS[3:]
            ]
            out.append(
                f"<tr>\n  <td>{first}</td>\n"
                + "".join(f'  <td class="num">{v}</td>\n' for v in values)
                + "</tr>"
            )
        if not group.rows:
            out.append(f'<tr><td colspan="9" class="muted">{no_session}</td></tr>')
        else:
            t = group.totals.values
            cells = "".join(
                f'  <td class="num">{".." if t.get(name) is None else _e(t[name])}</td>\n'
                for name in TABLE2_COUNT_FIELDS
            )
            out.append(
                f'<tr class="total-row">\n  <th scope="row">'
                f"{_e(total_label(group.totals.sessions))}</th>\n{cells}</tr>"
            )
        out.append("</tbody>")
    return "\n".join(out)
