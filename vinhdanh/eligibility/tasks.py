"""Background tasks of eligibility (django-tasks; `vinhdanh db_worker` runs the queue)."""

from __future__ import annotations

from django_tasks import task

from vinhdanh.eligibility.services import execute_sweep


@task()
def sweep_task(run_id: int) -> None:
    """Compute the sweep `run_id`, updating its progress as it goes."""
    execute_sweep(run_id)
