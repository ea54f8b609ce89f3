"""The exported activity log of seed 004: read it, import it as sessions, write it back.

The format: one record per activity, fields separated by "|", records one after another,
fields may span several lines::

    title | start | end | (blank) | description | (blank) | results | problems |

Dates are Buddhist Era ("10 ก.ย. 2567"). Problems "ไม่มี" (and "*", "-") mean none. The two
blank fields are kept as they are (``extra``). The file may be UTF-8 (with or without BOM) or
Windows-874 (cp874).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tidtam.thai import DateParseError, format_date, normalize_text, parse_date

FIELDS_PER_RECORD = 8
# The change reason of the history row of every imported session.
IMPORT_REASON = gettext_lazy("Imported from an activity log")
NONE_PROBLEMS = frozenset({"", "ไม่มี", "*", "-"})


class ActivityLogError(ValueError):
    """A file that is not a readable activity log; names the record (1-based) when known."""

    def __init__(self, message: str, record: int | None = None) -> None:
        self.record = record
        self.message = message
        prefix = _("Record %(n)s: ") % {"n": record} if record is not None else ""
        super().__init__(prefix + message)


@dataclass(frozen=True)
class ActivityLogRecord:
    """One record of the log, as read."""

    number: int
    title: str
    start: dt.date
    end: dt.date
    description: str
    results: str
    problems: str  # "" when the log says none ("ไม่มี", "*")
    problems_as_written: str
    extra: tuple[str, str] = ("", "")
    source_text: str = field(default="", compare=False)

    @cached_property  # normalising Thai text is costly; an import asks for the key often
    def source_key(self) -> str:
        """Return a key that is the same whenever the same record is imported again."""
        basis = "\x1f".join(
            [normalize_text(self.title), self.start.isoformat(), self.end.isoformat(),
             normalize_text(self.description)]
        )  # fmt: skip
        return "activity-log:" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]


def decode(data: bytes) -> str:
    """Return the text of a log file: UTF-8 (BOM removed) or else Windows-874."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp874")
    except UnicodeDecodeError as exc:
        raise ActivityLogError(
            _("The file is neither UTF-8 nor Windows-874 (cp874) text.")
        ) from exc


def _date(text: str, record: int, what: str) -> dt.date:
    try:
        parsed = parse_date(text.strip())
    except DateParseError as exc:
        raise ActivityLogError(
            _("%(what)s is not a date: “%(text)s”.") % {"what": what, "text": text.strip()}, record
        ) from exc
    if parsed.start is None or not parsed.is_single_day:
        raise ActivityLogError(
            _("%(what)s is not a single day: “%(text)s”.") % {"what": what, "text": text.strip()},
            record,
        )
    return parsed.start


def parse(text: str | bytes) -> list[ActivityLogRecord]:
    """Return the records of a log; refuse the whole file (``ActivityLogError``) on any error."""
    if isinstance(text, bytes):
        text = decode(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = text.split("|")
    tail = parts.pop() if parts else ""
    if tail.strip():
        count = len(parts) // FIELDS_PER_RECORD + 1
        raise ActivityLogError(_("The record is not closed with “|” or has too few fields."), count)
    if not parts:
        raise ActivityLogError(_("The file holds no record."))
    if len(parts) % FIELDS_PER_RECORD:
        count = len(parts) // FIELDS_PER_RECORD + 1
        raise ActivityLogError(
            _("The record has %(n)s fields instead of %(expected)s.")
            % {"n": len(parts) % FIELDS_PER_RECORD, "expected": FIELDS_PER_RECORD},
            count,
        )
    records: list[ActivityLogRecord] = []
    days: dict[str, dt.date] = {}  # a log repeats its dates; parse each text once
    for i in range(0, len(parts), FIELDS_PER_RECORD):
        number = i // FIELDS_PER_RECORD + 1
        raw = parts[i : i + FIELDS_PER_RECORD]
        title, start, end, extra1, description, extra2, results, problems = (p.strip() for p in raw)
        if not title:
            raise ActivityLogError(_("The title is empty."), number)
        start_date = days.get(start) or days.setdefault(
            start, _date(start, number, _("The start date"))
        )
        end_date = days.get(end) or days.setdefault(end, _date(end, number, _("The end date")))
        if end_date < start_date:
            raise ActivityLogError(_("The end date is before the start date."), number)
        records.append(
            ActivityLogRecord(
                number=number,
                title=title,
                start=start_date,
                end=end_date,
                description=description,
                results=results,
                problems="" if problems in NONE_PROBLEMS else problems,
                problems_as_written=problems,
                extra=(extra1, extra2),
                source_text="|".join(raw).strip() + " |",
            )
        )
    return records


def export(records: Sequence[Any]) -> str:
    """Write records in the log format.

    Accepts ``ActivityLogRecord`` or ``Session`` objects (title, start/end date, description =
    what was done, results, problems — "ไม่มี" when none).
    """
    out = []
    for r in records:
        if isinstance(r, ActivityLogRecord):
            title, start, end = r.title, r.start, r.end
            description, results, problems = r.description, r.results, r.problems_as_written
            extra = r.extra
        else:
            title = r.title or (r.activity.title if r.activity_id else r.budget_category)
            start, end = r.start_date, r.end_date or r.start_date
            description, results = r.activities_done, r.results
            problems = r.problems or "ไม่มี"
            extra = ("", "")
        out.append(
            f"{title} |\n{format_date(start)} |\n{format_date(end)} |\n{extra[0]}\n|\n"
            f"{description}\n|\n{extra[1]}\n|\n{results}\n|\n{problems or 'ไม่มี'}\n|"
        )
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    records: int
    created: int
    existing: int
    dry_run: bool


def import_log(
    project: Any, data: str | bytes, *, user: Any, dry_run: bool = False
) -> ImportResult:
    """Import a log into ``project`` as sessions, in bulk.

    All or nothing: a malformed file, or a record dated in an approved (locked) reporting
    period, saves nothing (``ActivityLogError`` naming the record). Idempotent: a record
    imported before (same ``source_key``, in the project or earlier in the same file) is not
    created again. The keys and the locked periods are read once per file; the sessions and
    their history rows (one per session, with ``IMPORT_REASON``) are written with
    ``audit.bulk.insert_with_history`` in one transaction. Like ``services.session_record`` with
    ``imported=True``, the fields are checked (``clean_fields``) and the text stored as given.
    """
    from django.core.exceptions import ValidationError

    from tidtam.audit.bulk import insert_with_history
    from tidtam.audit.middleware import current_ip
    from tidtam.projects.models import ReportingPeriod, ReviewStatus, Session

    records = parse(data)
    keys = {r.source_key for r in records}
    known = set(
        Session.objects.filter(project=project, source_key__in=keys).values_list(
            "source_key", flat=True
        )
    )
    new_records: list[ActivityLogRecord] = []
    for r in records:
        if r.source_key not in known:
            known.add(r.source_key)
            new_records.append(r)
    if new_records:
        locked = list(
            ReportingPeriod.objects.filter(
                project=project, status=ReviewStatus.APPROVED
            ).values_list("start", "end")
        )
        for r in new_records:
            if any(start <= r.start <= end for start, end in locked):
                raise ActivityLogError(
                    _("The date is in an approved (locked) reporting period."), r.number
                )
    if dry_run:
        return ImportResult(len(records), len(new_records), len(records) - len(new_records), True)
    recorded_by = user if getattr(user, "pk", None) else None
    sessions = []
    for r in new_records:
        session = Session(
            project=project,
            title=r.title,
            start_date=r.start,
            end_date=r.end,
            activities_done=r.description,
            results=r.results,
            problems=r.problems,
            source_text=r.source_text,
            source_key=r.source_key,
            recorded_by=recorded_by,
        )
        try:
            session.clean_fields(exclude=_FK_FIELDS)
        except ValidationError as exc:
            raise ActivityLogError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()), r.number
            ) from exc
        sessions.append(session)
    if sessions:
        with transaction.atomic():
            insert_with_history(
                sessions, user=recorded_by, reason=str(IMPORT_REASON), ip=current_ip.get()
            )
    return ImportResult(len(records), len(sessions), len(records) - len(sessions), False)


# Checked by the bulk import without a query per record (the project is the import's own).
_FK_FIELDS = ["project", "activity", "subdistrict", "community", "recorded_by"]
