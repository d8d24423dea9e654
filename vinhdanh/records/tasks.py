"""Background tasks of the ledger (django-tasks; `vinhdanh db_worker` runs the queue)."""

from __future__ import annotations

from django_tasks import task

from vinhdanh.records.jobs import run_import


@task()
def import_task(job_id: int) -> None:
    """Import the workbook of job `job_id`, updating its progress as it goes."""
    run_import(job_id)
