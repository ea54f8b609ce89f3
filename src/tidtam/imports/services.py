"""Writes of the imports app: recording an import, checking it, applying it.

The page and the command line go through the same steps::

    run = import_request(user, kind, uploaded)   # keeps the file, queues the check
    import_check(run.pk)                         # dry run: the preview (task "check_import")
    import_confirm(user, run, good_rows_only)    # queues the real import (task "apply_import")
    import_apply(run.pk)                         # one transaction; outcome, error file

``import_file`` does all of it at once for ``tidtam import KIND FILE``.

Progress: the import holds one transaction, so its progress cannot be committed to the
ImportRun row meanwhile. It is written to a separate autocommit connection on PostgreSQL and
to a small file in the data directory on SQLite (where a second writer would wait for the
import's lock); ``import_progress`` reads whichever applies.
"""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tidtam.accounts import access
from tidtam.imports.engine import Outcome, run_import, write_error_file
from tidtam.imports.kinds import available_kinds, get_kind
from tidtam.imports.models import ImportRun, ImportStatus

MAX_IMPORT_BYTES = 200 * 1024 * 1024
ALLOWED_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".txt")
PROGRESS_EVERY_SECONDS = 1.0


def may_import(user: Any) -> bool:
    """Whether ``user`` may import anything (the handlers check each row's scope)."""
    return user is not None and (
        access.may_anywhere(user, access.Action.CHANGE) or access.is_administrator(user)
    )


def _progress_path(run_id: int) -> Path:
    return Path(settings.DATA_DIR) / "progress" / f"import-{run_id}.json"


class _ProgressWriter:
    """Writes an ImportRun's progress where a poller can see it during the import."""

    def __init__(self, run: ImportRun) -> None:
        self.run_id = run.pk
        self.last = 0.0
        self.conn: Any = None

    def __call__(self, done: int, total: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < PROGRESS_EVERY_SECONDS:
            return
        self.last = now
        if connection.vendor == "postgresql":
            if self.conn is None:
                self.conn = connections.create_connection("default")
            with self.conn.cursor() as cursor:
                cursor.execute(
                    "UPDATE imports_importrun SET rows_done = %s, rows_total = %s WHERE id = %s",
                    [done, total, self.run_id],
                )
        else:
            path = _progress_path(self.run_id)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps({"done": done, "total": total}))
            os.replace(tmp, path)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        _progress_path(self.run_id).unlink(missing_ok=True)


def import_progress(run: ImportRun) -> tuple[int, int]:
    """Return (rows done, rows in all) of a running import."""
    path = _progress_path(run.pk)
    if path.exists():
        try:
            data = json.loads(path.read_text())
            return int(data["done"]), int(data["total"])
        except (OSError, ValueError, KeyError):
            pass
    return run.rows_done, run.rows_total


def import_request(
    user: Any, kind: str, uploaded: Any, *, good_rows_only: bool = False
) -> ImportRun:
    """Keep an uploaded file as an ImportRun and queue its check. Refuses unknown kinds,
    other file types, files over the size limit and people who may not import."""
    if not may_import(user):
        raise PermissionDenied
    if kind not in available_kinds():
        raise ValidationError({"kind": [_("Choose what the file holds.")]})
    name = Path(getattr(uploaded, "name", "") or "file").name
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        raise ValidationError({"file": [_("Upload an Excel (.xlsx) or CSV file.")]})
    if getattr(uploaded, "size", 0) > MAX_IMPORT_BYTES:
        raise ValidationError({"file": [_("The file is larger than 200 MB.")]})
    with transaction.atomic():
        run = ImportRun(
            kind=kind,
            original_name=name[:255],
            requested_by=user,
            good_rows_only=good_rows_only,
            message=_("Waiting for the import worker"),
        )
        run.file.save(name, uploaded, save=False)
        run.save()
    from tidtam.imports.tasks import check_import

    check_import.enqueue(run.pk)
    run.refresh_from_db()
    return run


def _execute(run: ImportRun, *, dry_run: bool) -> Outcome:
    kind = get_kind(run.kind)
    progress = _ProgressWriter(run)
    try:
        with run.file.open("rb") as handle:
            data = io.BytesIO(handle.read()) if not hasattr(handle, "seek") else handle
            outcome = run_import(
                kind,
                data,
                run.original_name,
                user=run.requested_by,
                reason=run.reason,
                dry_run=dry_run,
                good_rows_only=run.good_rows_only,
                progress=progress,
            )
    finally:
        progress.close()
    return outcome


def _finish(run: ImportRun, outcome: Outcome, field: str, status: str, message: str) -> ImportRun:
    setattr(run, field, outcome.summary())
    total = outcome.total.rows
    run.rows_done = run.rows_total = total
    run.status = status
    run.message = message[:500]
    run.finished_at = timezone.now()
    run.save()
    return run


def _describe(outcome: Outcome, *, preview: bool) -> str:
    if outcome.unreadable:
        return outcome.unreadable
    t = outcome.total
    if preview:
        return _(
            "%(created)s to create, %(updated)s to update, %(unchanged)s unchanged, %(refused)s refused"
        ) % vars(t)
    return _(
        "%(created)s created, %(updated)s updated, %(unchanged)s unchanged, %(refused)s refused"
    ) % vars(t)


def import_check(run_id: int) -> ImportRun:
    """Dry-run a queued import; record the preview. The run is then CHECKED (or REFUSED when
    the file cannot be read)."""
    run = ImportRun.objects.select_related("requested_by").get(pk=run_id)
    if run.status not in (ImportStatus.QUEUED, ImportStatus.CHECKING):
        return run
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.CHECKING, started_at=timezone.now()
    )
    run.status = ImportStatus.CHECKING
    try:
        outcome = _execute(run, dry_run=True)
    except Exception as exc:  # recorded for the person waiting; the worker logs it too
        run.status, run.message, run.finished_at = (
            ImportStatus.FAILED,
            str(exc)[:500],
            timezone.now(),
        )
        run.save(update_fields=["status", "message", "finished_at"])
        raise
    status = ImportStatus.REFUSED if outcome.unreadable else ImportStatus.CHECKED
    return _finish(run, outcome, "preview", status, _describe(outcome, preview=True))


def import_confirm(user: Any, run: ImportRun, *, good_rows_only: bool = False) -> ImportRun:
    """Queue the real import of a checked file (only its requester, only once)."""
    if run.requested_by_id != getattr(user, "pk", None):
        raise PermissionDenied
    problems = run.preview.get("problems", [])
    if run.status != ImportStatus.CHECKED:
        raise ValidationError(_("This import is not waiting for confirmation."))
    if problems and not good_rows_only:
        raise ValidationError(
            _(
                "The file has errors: correct them and upload it again, or import only the good rows."
            )
        )
    updated = ImportRun.objects.filter(pk=run.pk, status=ImportStatus.CHECKED).update(
        status=ImportStatus.APPLYING,
        good_rows_only=good_rows_only,
        message=_("Waiting for the import worker"),
    )
    if not updated:
        raise ValidationError(_("This import is not waiting for confirmation."))
    from tidtam.imports.tasks import apply_import

    apply_import.enqueue(run.pk)
    run.refresh_from_db()
    return run


def import_cancel(user: Any, run: ImportRun) -> ImportRun:
    """Drop a checked import that will not be applied."""
    if run.requested_by_id != getattr(user, "pk", None):
        raise PermissionDenied
    updated = ImportRun.objects.filter(pk=run.pk, status=ImportStatus.CHECKED).update(
        status=ImportStatus.CANCELLED, finished_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("This import is not waiting for confirmation."))
    run.refresh_from_db()
    return run


def import_apply(run_id: int) -> ImportRun:
    """Apply a confirmed import in one transaction; record the outcome and the error file."""
    run = ImportRun.objects.select_related("requested_by").get(pk=run_id)
    if run.status != ImportStatus.APPLYING:
        return run
    run.started_at = run.started_at or timezone.now()
    try:
        outcome = _execute(run, dry_run=False)
    except Exception as exc:
        run.status, run.message, run.finished_at = (
            ImportStatus.FAILED,
            str(exc)[:500],
            timezone.now(),
        )
        run.save(update_fields=["status", "message", "finished_at"])
        raise
    if outcome.bad_rows and outcome.applied:
        buffer = io.BytesIO()
        write_error_file(get_kind(run.kind), outcome, buffer)
        stem = Path(run.original_name).stem
        run.error_file.save(f"{stem}-errors.xlsx", ContentFile(buffer.getvalue()), save=False)
    status = ImportStatus.APPLIED if outcome.applied else ImportStatus.REFUSED
    return _finish(run, outcome, "outcome", status, _describe(outcome, preview=False))


def import_file(
    kind: str,
    path: str | Path,
    *,
    user: Any = None,
    dry_run: bool = False,
    good_rows_only: bool = False,
) -> tuple[Outcome, ImportRun | None]:
    """Import a file now (the command line): a dry run records nothing; a real import is kept
    as an ImportRun with its file, whose number is in the reason of every audit row."""
    path = Path(path)
    handler = get_kind(kind)
    if dry_run:
        return run_import(
            handler, path, user=user, dry_run=True, good_rows_only=good_rows_only
        ), None
    run = ImportRun(
        kind=kind,
        original_name=path.name[:255],
        requested_by=user,
        good_rows_only=good_rows_only,
        status=ImportStatus.APPLYING,
        started_at=timezone.now(),
    )
    with path.open("rb") as handle:
        run.file.save(path.name, File(handle), save=False)
    run.save()
    run = import_apply(run.pk)
    return _outcome_from(run), run


def _outcome_from(run: ImportRun) -> Outcome:
    """Rebuild the parts of an Outcome the command line prints from a finished run."""
    from tidtam.imports.engine import Change, Counts, Problem

    data = run.outcome or {}
    outcome = Outcome(run.kind, False, run.good_rows_only, applied=bool(data.get("applied")))
    outcome.unreadable = data.get("unreadable", "")
    outcome.counts = {k: Counts(**v) for k, v in data.get("counts", {}).items()}
    outcome.problems = [Problem(**p) for p in data.get("problems", [])]
    outcome.changes = [
        Change(c["sheet"], c["row"], c["action"], c["key"], [tuple(f) for f in c["fields"]])  # type: ignore[misc]
        for c in data.get("changes", [])
    ]
    return outcome
