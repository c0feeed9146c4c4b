"""Periodic upkeep: a job whose worker died mid-run is never left stranded in PROCESSING."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from celery import shared_task
from django.utils import timezone

from algoitny_core.choices import JobStatus, JobType
from algoitny_core.models import ScriptGenerationJob
from algoitny_core.tasks.generation import (
    MAX_ATTEMPTS,
    extract_problem_info_task,
    generate_script_task,
)
from algoitny_core.tasks.options import TASK_OPTIONS

# A run is killed at the hard time limit, so a claim older than that has no live worker.
# The margin absorbs clock differences between the workers that stamp ``updated_at``.
STALE_AFTER = timedelta(seconds=TASK_OPTIONS["time_limit"] + 60)
# Jobs re-enqueued per run; the next run takes the rest.
BATCH = 500
TASKS = {
    JobType.SCRIPT_GENERATION: generate_script_task,
    JobType.PROBLEM_EXTRACTION: extract_problem_info_task,
}


@shared_task(**TASK_OPTIONS)
def requeue_stale_jobs(self: Any) -> dict[str, Any]:
    """Return stale PROCESSING jobs to PENDING and enqueue them again; fail those that have
    spent their attempts. Three queries, however many jobs are stale."""
    now = timezone.now()
    stale = ScriptGenerationJob.objects.filter(
        status=JobStatus.PROCESSING, updated_at__lt=now - STALE_AFTER
    )
    failed = stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=JobStatus.FAILED,
        error_message=f"Abandoned after {MAX_ATTEMPTS} attempts: each time, the worker "
        f"running it stopped without finishing (killed, or out of memory).",
        updated_at=now,
    )
    jobs = list(stale.values_list("pk", "job_type").order_by("updated_at")[:BATCH])
    if jobs:
        # The same staleness condition again: a job finished meanwhile keeps its result.
        stale.filter(pk__in=[pk for pk, _ in jobs]).update(status=JobStatus.PENDING, updated_at=now)
    # After the UPDATE, not before: a task that ran first would find the job still claimed.
    for pk, job_type in jobs:
        TASKS[JobType(job_type)].apply_async((pk,))
    return {"requeued": [pk for pk, _ in jobs], "failed": failed}
