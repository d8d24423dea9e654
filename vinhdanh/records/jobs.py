"""Ledger imports run in the background, with progress the import page can show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from vinhdanh.accounts.models import User
from vinhdanh.accounts.policy import Action, granted_paths
from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.records.models import ImportJob, JobStatus
from vinhdanh.records.spreadsheet.importer import count_rows, import_ledger
from vinhdanh.records.spreadsheet.upload import check_workbook_bytes

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def start_import(*, actor: User | AnonymousUser, file_name: str, data: bytes,
                 clean_rows_only: bool = False) -> ImportJob:
    """Check the upload and queue its import; the rows are checked by the task."""
    if not isinstance(actor, User) or not granted_paths(actor, Action.CHANGE_PERSON):
        raise PermissionDenied
    checked = check_workbook_bytes(data)
    with transaction.atomic():
        job = ImportJob.objects.create(
            file_name=file_name[:255], data=checked.data, clean_rows_only=clean_rows_only,
            created_by=actor, rows_total=count_rows(checked.data),
        )
        record_event(actor=actor, action="records.import_started", target=job,
                     data={"file": job.file_name, "clean_rows_only": clean_rows_only})
    # Enqueued after the commit, so a database worker always finds the job row.
    from vinhdanh.records.tasks import import_task

    import_task.enqueue(job.pk)
    job.refresh_from_db()
    return job


def run_import(job_id: int) -> None:
    """Run the import of job `job_id`, storing progress and the row-by-row result."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != JobStatus.PENDING:
        return
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)

    def progress(rows: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(rows_read=rows)

    try:
        result = import_ledger(actor=job.created_by, file_name=job.file_name,
                               data=bytes(job.data), clean_rows_only=job.clean_rows_only,
                               progress=progress)
    except ValidationFailed as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, data=b"", result={"error": exc.message})
        return
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, data=b"", rows_read=result.rows, batch=result.batch,
        result={
            "written": result.written, "already_imported": result.already_imported,
            "people_created": result.people_created,
            "households_created": result.households_created,
            "entries_created": result.entries_created,
            "entries_existing": result.entries_existing,
            "skipped_rows": result.skipped_rows,
            "problems": [{"sheet": p.sheet, "row": p.row, "column": p.column,
                          "message": p.message} for p in result.problems],
        },
    )


def get_import_job_for_user(user: User | AnonymousUser, pk: int) -> ImportJob:
    """Return the user's own import job, or raise Http404."""
    job = ImportJob.objects.filter(pk=pk, created_by_id=user.pk).defer("data").first()
    if job is None:
        raise Http404
    return job
