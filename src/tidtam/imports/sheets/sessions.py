"""Spreadsheet kind "sessions": held sessions (ครั้งที่ n/N) with their participant counts.

One row per session. A row is matched to a stored session by its natural key:

- a session of a planned activity with a number: project code + activity number + n
  ("KKD-2566", "1.1", 2);
- any other record (an unplanned record under a budget category, an activity-log record):
  project code + activity number (may be blank) + budget category + title + start date.

The participant counts are one set per session: the typed entry when there is one, else the
counts of the progress report's Table 2, of the activity summary form, or of an import, in that
order (``COUNT_PRIORITY``); an edited count is written back to the set it was read from, so a
session keeps one set per source. New sessions get their counts as a typed entry.

Validation is the forms': the session's own field checks, the activity must belong to the
project, the date must not be in an approved (locked) reporting period, and the counts must
be possible (``calculations.participant_errors``: no negative counts, women ≤ total, n ≤ N…).
Legacy counts that merely disagree (sector sum ≠ men + women) are stored as given and
reported by the data-quality checker.

New sessions are written in bulk (``bulk_create_with_history``: one history row per session
and per count set, carrying the import's reason), after every row of the chunk has been
checked; changed sessions go through ``services.session_update`` one by one.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import CharField, Prefetch
from django.db.models.functions import Cast
from django.db.models.sql.constants import MULTI

from tidtam.accounts import access
from tidtam.audit.bulk import insert_with_history
from tidtam.audit.middleware import current_ip
from tidtam.imports.kinds import REFUSALS, Context, Kind, Pending, RowRefused, SheetHandler
from tidtam.imports.sheets.common import subdistrict_type
from tidtam.imports.values import Column, ColumnType, Date, Integer, Time, header_key
from tidtam.projects import calculations, services
from tidtam.projects.models import (
    PARTICIPANT_FIELDS,
    Activity,
    CountSource,
    ParticipantCount,
    Project,
    ReportingPeriod,
    ReviewStatus,
    Session,
)

COUNT_PRIORITY = (
    CountSource.ENTRY,
    CountSource.TABLE2,
    CountSource.SUMMARY_FORM,
    CountSource.IMPORT,
)

COUNT_HEADERS: tuple[tuple[str, str], ...] = (
    ("total", "ผู้เข้าร่วมทั้งหมด"),
    ("men", "ชาย"),
    ("women", "หญิง"),
    ("project_team", "ทีมโครงการ"),
    ("csnm", "CSNM"),
    ("community_leaders", "ผู้นำชุมชน"),
    ("civil_society_people", "ประชาสังคม (คน)"),
    ("civil_society_orgs", "ประชาสังคม (องค์กร)"),
    ("civil_society_women", "หญิงในภาคประชาสังคม"),
    ("municipality_people", "เทศบาล/ท้องถิ่น (คน)"),
    ("municipality_units", "เทศบาล/ท้องถิ่น (หน่วยงาน)"),
    ("government_people", "ภาครัฐ (คน)"),
    ("government_units", "ภาครัฐ (หน่วยงาน)"),
    ("academia_people", "วิชาการ (คน)"),
    ("academia_units", "วิชาการ (สถาบัน)"),
    ("business_media_people", "ธุรกิจ/สื่อ (คน)"),
    ("business_media_units", "ธุรกิจ/สื่อ (หน่วยงาน)"),
    ("others_people", "อื่น ๆ (คน)"),
)
if {k for k, _h in COUNT_HEADERS} != set(PARTICIPANT_FIELDS):  # pragma: no cover
    raise ImportError("COUNT_HEADERS must name every participant count field")
COUNT_KEYS = (*PARTICIPANT_FIELDS, "others_label")

# Session fields written by this sheet (the rest — minutes, outputs, evidence — stay as they are).
SESSION_KEYS = (
    "budget_category",
    "title",
    "start_date",
    "end_date",
    "start_time",
    "end_time",
    "place",
    "subdistrict",
    "purpose",
    "activities_done",
    "results",
    "problems",
    "solutions",
)
TEXT_KEYS = (
    "budget_category",
    "title",
    "place",
    "purpose",
    "activities_done",
    "results",
    "problems",
    "solutions",
)


def _count_column(key: str, header: str) -> Column:
    return Column(key, header, Integer(), width=10, help="จำนวนคน; ว่าง = ไม่ทราบ, - = ไม่มี")


def _normal_code(text: Any) -> str:
    return str(text or "").strip().upper()


def _activity_number(text: Any) -> str:
    return str(text or "").strip()


class SessionSheet(SheetHandler):
    name = "ครั้งกิจกรรม"
    title = "การจัดกิจกรรมแต่ละครั้ง พร้อมจำนวนผู้เข้าร่วม: หนึ่งแถวต่อหนึ่งครั้ง"
    columns = (
        Column(
            "project",
            "รหัสโครงการ",
            ColumnType(max_length=50),
            required=True,
            width=14,
            example="KKD-2566",
        ),
        Column(
            "activity",
            "กิจกรรมที่",
            ColumnType(max_length=20),
            width=10,
            help="เลขกิจกรรมตามแผน เช่น 1.1 (เว้นว่างสำหรับรายการที่ไม่อยู่ในแผน)",
            example="1.1",
        ),
        Column(
            "number",
            "ครั้งที่",
            Integer(minimum=1),
            width=8,
            help="ครั้งที่ n ของกิจกรรม (ไม่เกินจำนวนครั้งตามแผน)",
            example="1",
        ),
        Column(
            "budget_category",
            "หมวดงบประมาณ",
            ColumnType(max_length=200),
            help="สำหรับรายการที่ไม่อยู่ในแผน เช่น หมวดค่าบุคลากร",
        ),
        Column("title", "เรื่อง", ColumnType(max_length=1000), width=36),
        Column("start_date", "วันที่", Date(), required=True, width=12, example="04/02/2566"),
        Column("end_date", "ถึงวันที่", Date(), width=12, help="เว้นว่างถ้าจัดวันเดียว"),
        Column("start_time", "เวลาเริ่ม", Time(), width=9, example="09.00"),
        Column("end_time", "เวลาเลิก", Time(), width=9, example="16.00"),
        Column("place", "สถานที่", ColumnType(max_length=500), width=30),
        Column(
            "subdistrict",
            "ตำบล",
            subdistrict_type(),
            width=30,
            help="เช่น ต.ศิลา อ.เมืองขอนแก่น จ.ขอนแก่น หรือรหัสตำบล 6 หลัก",
        ),
        Column("purpose", "วัตถุประสงค์", ColumnType(multiline=True), width=30),
        Column("activities_done", "สิ่งที่ดำเนินการ", ColumnType(multiline=True), width=40),
        Column("results", "ผลที่ได้", ColumnType(multiline=True), width=40),
        Column("problems", "ปัญหาอุปสรรค", ColumnType(multiline=True), width=30),
        Column("solutions", "แนวทางแก้ไข", ColumnType(multiline=True), width=30),
        *(_count_column(key, header) for key, header in COUNT_HEADERS),
        Column("others_label", "อื่น ๆ ได้แก่", ColumnType(max_length=200), width=20),
    )
    key_columns = ("project", "activity", "number")

    # --- keys --------------------------------------------------------------------------------

    def key(self, values: dict[str, Any]) -> Hashable:
        code = _normal_code(values.get("project"))
        activity = _activity_number(values.get("activity"))
        number = values.get("number")
        if activity and number:
            return (code, activity, number)
        return (
            code,
            activity,
            header_key(values.get("budget_category")),
            header_key(values.get("title")),
            values.get("start_date"),
        )

    def key_text(self, values: dict[str, Any]) -> str:
        code = _normal_code(values.get("project"))
        activity = _activity_number(values.get("activity"))
        number = values.get("number")
        if activity and number:
            return f"{code} กิจกรรม {activity} ครั้งที่ {number}"
        what = values.get("title") or values.get("budget_category") or activity
        return f"{code} {what} {self.column('start_date').type.to_cell(values.get('start_date'))}"

    def _record_key(self, session: Session) -> Hashable:
        return self.key(
            {
                "project": session.project.code,
                "activity": session.activity.number if session.activity_id else "",
                "number": session.number,
                "budget_category": session.budget_category,
                "title": session.title,
                "start_date": session.start_date,
            }
        )

    # --- projects, activities, locked periods (read once per project per import) --------------

    def _project(self, code: str, ctx: Context) -> _ProjectInfo | None:
        cache: dict[str, _ProjectInfo | None] = ctx.memo.setdefault("session_projects", {})
        if code not in cache:
            project = Project.objects.filter(code__iexact=code).first()
            cache[code] = _ProjectInfo(project, ctx) if project is not None else None
        return cache[code]

    def existing(self, keys: Sequence[Hashable], ctx: Context) -> dict[Hashable, Any]:
        """Find the stored sessions of a chunk's keys with two narrow queries (by project and
        activity number and n; by project and date), whatever the size of the projects."""
        project_ids: dict[str, int] = {}
        for code in {k[0] for k in keys}:  # type: ignore[index]
            info = self._project(code, ctx)
            if info is not None:
                project_ids[code] = info.project.pk
        numbered = [k for k in keys if len(k) == 3 and k[0] in project_ids]  # type: ignore[arg-type,index]
        others = [k for k in keys if len(k) == 5 and k[0] in project_ids]  # type: ignore[arg-type,index]
        candidates = Session.objects.none()
        if numbered:
            candidates |= Session.objects.filter(
                project_id__in={project_ids[k[0]] for k in numbered},
                activity__number__in={k[1] for k in numbered},
                number__in={k[2] for k in numbered},
            )
        if others:
            candidates |= Session.objects.filter(
                project_id__in={project_ids[k[0]] for k in others},
                start_date__in={k[4] for k in others},
            )
        if not numbered and not others:
            return {}
        wanted = set(keys)
        ids: dict[int, Hashable] = {}
        seen: set[Hashable] = set()
        rows = candidates.order_by("pk").values_list(
            "pk",
            "project__code",
            "activity__number",
            "number",
            "budget_category",
            "title",
            "start_date",
        )
        for pk, code, act, number, category, title, start in rows.iterator(chunk_size=5000):
            key = self.key(
                {
                    "project": code,
                    "activity": act or "",
                    "number": number,
                    "budget_category": category,
                    "title": title,
                    "start_date": start,
                }
            )
            if key in wanted and key not in seen:
                seen.add(key)
                ids[pk] = key
        if not ids:
            return {}
        return {ids[s.pk]: s for s in self._sessions(Session.objects.filter(pk__in=list(ids)))}

    def _sessions(self, qs: Any) -> Any:
        return qs.select_related(
            "project", "activity", "subdistrict__district", "subdistrict__province"
        ).prefetch_related(
            Prefetch("counts", queryset=ParticipantCount.objects.order_by("pk"), to_attr="_counts")
        )

    # --- values -------------------------------------------------------------------------------

    @staticmethod
    def _count_row(session: Session) -> ParticipantCount | None:
        counts = getattr(session, "_counts", None)
        if counts is None:
            counts = list(session.counts.all())
        by_source = {c.source: c for c in counts}
        for source in COUNT_PRIORITY:
            if source in by_source:
                return by_source[source]
        return None

    def current(self, record: Session) -> dict[str, Any]:
        values: dict[str, Any] = {
            "project": record.project.code,
            "activity": record.activity.number if record.activity_id else "",
            "number": record.number,
        }
        for key in SESSION_KEYS:
            values[key] = getattr(record, key)
        counts = self._count_row(record)
        for key in PARTICIPANT_FIELDS:
            values[key] = getattr(counts, key) if counts is not None else None
        values["others_label"] = counts.others_label if counts is not None else ""
        return values

    def may_change(self, record: Any, ctx: Context) -> bool:
        return ctx.user is None or access.can(ctx.user, access.Action.CHANGE, record.project)

    # --- writing ------------------------------------------------------------------------------

    def update(
        self, record: Session, changes: dict[str, Any], values: dict[str, Any], ctx: Context
    ) -> Session:
        if "project" in changes:
            raise RowRefused({"project": ["ย้ายครั้งกิจกรรมไปโครงการอื่นด้วยการนำเข้าไม่ได้"]})
        data: dict[str, Any] = {}
        for key in SESSION_KEYS:
            if key in changes:
                value = changes[key]
                data[key] = "" if value is None and key in TEXT_KEYS else value
        if "activity" in changes or "number" in changes:
            info = self._project(record.project.code.upper(), ctx)
            activity = info.activity(values.get("activity")) if info else None
            data["activity"] = activity
            data["number"] = values.get("number")
        changed_counts = [k for k in COUNT_KEYS if k in changes]
        if changed_counts:
            row = self._count_row(record)
            counts = {k: getattr(row, k) for k in PARTICIPANT_FIELDS} if row else {}
            counts["others_label"] = row.others_label if row else ""
            for k in changed_counts:
                counts[k] = changes[k] if k != "others_label" else (changes[k] or "")
            activity = data.get("activity", record.activity)
            number = data.get("number", record.number)
            errors = calculations.participant_errors(
                {k: counts.get(k) for k in PARTICIPANT_FIELDS},
                number=number,
                planned_sessions=activity.planned_sessions if activity else None,
            )
            if errors:
                raise ValidationError(errors)
            data["counts"] = {row.source if row else CountSource.ENTRY: counts}
        return services.session_update(record, data, user=ctx.user, imported=True)

    def create(self, values: dict[str, Any], ctx: Context) -> Session:
        session, counts = self._prepare(values, ctx)
        with transaction.atomic():
            session.save()
            counts.session = session
            counts.save()
        return session

    def _prepare(self, values: dict[str, Any], ctx: Context) -> tuple[Session, ParticipantCount]:
        """Check a new row as the session form would and return the unsaved objects."""
        code = _normal_code(values.get("project"))
        info = self._project(code, ctx)
        if info is None:
            raise RowRefused({"project": [f'ไม่พบโครงการรหัส "{values.get("project")}"']})
        if not info.may_change:
            raise RowRefused({"project": ["ไม่มีสิทธิ์บันทึกกิจกรรมของโครงการนี้"]})
        activity = info.activity(values.get("activity"))
        number = values.get("number")
        if info.locked(values.get("start_date")):
            raise RowRefused({"start_date": ["วันที่อยู่ในงวดรายงานที่อนุมัติแล้ว (ล็อก) ให้ผู้ตรวจปลดล็อกก่อน"]})
        if activity is None and not values.get("budget_category") and not values.get("title"):
            raise RowRefused({"": ["ต้องระบุกิจกรรมที่ หมวดงบประมาณ หรือเรื่อง อย่างใดอย่างหนึ่ง"]})
        end = values.get("end_date")
        if end is not None and values.get("start_date") and end < values["start_date"]:
            raise RowRefused({"end_date": ["วันที่สิ้นสุดต้องไม่ก่อนวันที่เริ่ม"]})
        counts = {k: values.get(k) for k in PARTICIPANT_FIELDS}
        errors = calculations.participant_errors(
            counts,
            number=number,
            planned_sessions=activity.planned_sessions if activity else None,
        )
        if errors:
            raise ValidationError(errors)
        session = Session(
            project=info.project,
            activity=activity,
            number=number,
            recorded_by=ctx.user if getattr(ctx.user, "pk", None) else None,
        )
        for key in SESSION_KEYS:
            value = values.get(key)
            setattr(session, key, "" if value is None and key in TEXT_KEYS else value)
        session.clean_fields(exclude=["project", "activity", "subdistrict", "recorded_by"])
        row = ParticipantCount(
            source=CountSource.ENTRY, others_label=values.get("others_label") or "", **counts
        )
        return session, row

    def apply_many(self, items: list[Pending], ctx: Context) -> Iterator[tuple[Pending, Any]]:
        """Updates one by one through the service; new sessions checked row by row, then
        written together with their counts and history rows (``audit.bulk``)."""
        new: list[tuple[Pending, Session, ParticipantCount]] = []
        for item in items:
            if item.record is not None:
                try:
                    with transaction.atomic():
                        record = self.update(item.record, item.changes, item.values, ctx)
                except REFUSALS as exc:
                    yield item, exc
                else:
                    yield item, record
                continue
            try:
                session, counts = self._prepare(item.values, ctx)
            except REFUSALS as exc:
                yield item, exc
                continue
            new.append((item, session, counts))
        if not new:
            return
        history = {"user": ctx.user, "reason": ctx.reason, "ip": current_ip.get()}
        sessions = [s for _i, s, _c in new]
        insert_with_history(sessions, **history)
        counts = []
        for (_item, _s, row), session in zip(new, sessions, strict=True):
            row.session_id = session.pk
            counts.append(row)
        insert_with_history(counts, **history)
        for (item, _s, _c), session in zip(new, sessions, strict=True):
            yield item, session

    # --- export -------------------------------------------------------------------------------

    def _export_queryset(self, user: Any, filters: dict[str, Any]) -> Any:
        qs = Session.objects.all()
        if user is not None:
            qs = access.scoped(user, qs)
        if filters.get("project"):
            qs = qs.filter(project__code__iexact=filters["project"])
        if filters.get("programme"):
            qs = qs.filter(project__programme__code__iexact=filters["programme"])
        return qs.order_by("project__code", "start_date", "pk")

    def export(self, user: Any, filters: dict[str, Any]) -> Iterable[Session]:
        return self._sessions(self._export_queryset(user, filters)).iterator(chunk_size=2000)

    def export_cells(
        self, user: Any, filters: dict[str, Any], columns: Sequence[Column]
    ) -> Iterator[list[Any]]:
        """The cells of ``export`` (as ``to_cell`` writes ``current``'s values; tested) read
        straight from the database rows: one streamed query for the sessions (a server-side
        cursor on PostgreSQL, no model objects, no field converters) and one per 5,000
        sessions for their counts; each distinct date and time is written once. An export of
        2,000,000 sessions keeps a flat memory."""
        if [c.key for c in columns] != list(EXPORT_KEYS):
            raise ValueError("the sessions sheet's columns changed: update EXPORT_KEYS")
        # On SQLite, dates and times are read as the text they are stored as: the sqlite3
        # module would parse each one in Python; the cached ``_date_cell`` parses each
        # distinct one once.
        as_text = connection.vendor == "sqlite"
        plain = [
            Cast(k, output_field=CharField()) if as_text and k in _DAY_AND_TIME else k
            for k in SESSION_KEYS
            if k != "subdistrict"
        ]
        names = (
            "subdistrict__name_th",
            "subdistrict__district__name_th",
            "subdistrict__province__name_th",
        )
        query = self._export_queryset(user, filters).values_list(
            "pk", "project__code", "activity__number", "number", *plain, *names
        )
        compiler = query.query.get_compiler(using=query.db)
        chunks = compiler.execute_sql(MULTI, chunked_fetch=True, chunk_size=EXPORT_CHUNK)
        # Each distinct date and time is written once per export (a national one has ~1,800).
        date, time = functools.cache(_date_cell), functools.cache(_time_cell)
        for chunk in chunks or ():
            yield from _export_chunk(chunk, date, time)


EXPORT_CHUNK = 5000
# The sheet's columns in order; ``_export_chunk`` writes its cells in this order.
_EXPORT_COUNTS = (*(k for k, _h in COUNT_HEADERS), "others_label")
EXPORT_KEYS = ("project", "activity", "number", *SESSION_KEYS, *_EXPORT_COUNTS)
_NO_COUNTS = ("",) * len(_EXPORT_COUNTS)
_DAY_AND_TIME = {"start_date", "end_date", "start_time", "end_time"}


def _date_cell(raw: Any) -> str:
    """Return the cell of a date as the database gives it (a date, or ISO text on SQLite)."""
    if raw is None:
        return ""
    return Date().to_cell(raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw)))


def _time_cell(raw: Any) -> str:
    """Return the cell of a time as the database gives it (a time, or ISO text on SQLite)."""
    if raw is None:
        return ""
    return Time().to_cell(raw if isinstance(raw, dt.time) else dt.time.fromisoformat(str(raw)))


def _export_chunk(
    chunk: list[tuple[Any, ...]], date: Callable[[Any], str], time: Callable[[Any], str]
) -> Iterator[list[Any]]:
    """Cells of one chunk of session rows (pk, project code, activity number, number, the
    plain session fields in ``SESSION_KEYS`` order, subdistrict, district, province names)."""
    by_session: dict[int, dict[str, tuple[Any, ...]]] = {}
    counts = ParticipantCount.objects.filter(session_id__in=[r[0] for r in chunk])
    for row in counts.values_list("session_id", "source", *_EXPORT_COUNTS):
        by_session.setdefault(row[0], {})[row[1]] = tuple("" if v is None else v for v in row[2:])
    for (
        pk,
        project,
        activity,
        number,
        budget_category,
        title,
        start_date,
        end_date,
        start_time,
        end_time,
        place,
        purpose,
        activities_done,
        results,
        problems,
        solutions,
        sub,
        district,
        province,
    ) in chunk:
        sets = by_session.get(pk)
        found = (
            next((sets[s] for s in COUNT_PRIORITY if s in sets), _NO_COUNTS) if sets else _NO_COUNTS
        )
        yield [
            project,
            activity or "",
            "" if number is None else number,
            budget_category,
            title,
            date(start_date),
            date(end_date),
            time(start_time),
            time(end_time),
            place,
            f"ต.{sub} อ.{district} จ.{province}" if sub else "",
            purpose,
            activities_done,
            results,
            problems,
            solutions,
            *found,
        ]


class _ProjectInfo:
    """A project's activities by number, its locked periods and whether the user may write."""

    def __init__(self, project: Project, ctx: Context) -> None:
        self.project = project
        self.may_change = ctx.user is None or access.can(ctx.user, access.Action.CHANGE, project)
        self.activities = {
            a.number: a for a in Activity.objects.filter(plan__project=project).order_by("pk")
        }
        self.locked_periods = list(
            ReportingPeriod.objects.filter(
                project=project, status=ReviewStatus.APPROVED
            ).values_list("start", "end")
        )

    def activity(self, number: Any) -> Activity | None:
        text = _activity_number(number)
        if not text:
            return None
        found = self.activities.get(text)
        if found is None:
            raise RowRefused({"activity": [f'ไม่มีกิจกรรมที่ "{text}" ในโครงการ {self.project.code}']})
        return found

    def locked(self, day: dt.date | None) -> bool:
        return day is not None and any(s <= day <= e for s, e in self.locked_periods)


SESSIONS = Kind(
    name="sessions",
    title="การจัดกิจกรรม (ครั้งกิจกรรมและผู้เข้าร่วม)",
    sheets=(SessionSheet(),),
    help="ครั้งกิจกรรมของโครงการ พร้อมจำนวนผู้เข้าร่วมตามเพศและภาคส่วน",
    filters=(
        ("project", "only this project (its code)"),
        ("programme", "only this programme (its code)"),
    ),
)
