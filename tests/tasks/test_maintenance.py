from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from algoitny_core.models import JobStatus, JobType, ScriptGenerationJob
from algoitny_core.tasks import maintenance, requeue_stale_jobs
from algoitny_core.tasks.generation import MAX_ATTEMPTS
from algoitny_core.tasks.options import TASK_OPTIONS
from algoitny_core.testing import assert_constant_queries, assert_num_queries
from tests.factories import make_job

pytestmark = pytest.mark.django_db

HARD_LIMIT = timedelta(seconds=TASK_OPTIONS["time_limit"])


class Queue:
    """Stands for a task in ``maintenance.TASKS``: records what would be enqueued."""

    def __init__(self) -> None:
        self.sent: list[tuple[Any, ...]] = []

    def apply_async(self, args: tuple[Any, ...]) -> None:
        self.sent.append(args)


@pytest.fixture
def queues(monkeypatch) -> dict[str, Queue]:
    fakes = {job_type: Queue() for job_type in maintenance.TASKS}
    for job_type, fake in fakes.items():
        monkeypatch.setitem(maintenance.TASKS, job_type, fake)
    return fakes


def claimed(age: timedelta, attempts: int = 1, **kwargs: Any) -> ScriptGenerationJob:
    """A job some worker claimed ``age`` ago."""
    job = make_job(status=JobStatus.PROCESSING, celery_task_id="dead", attempts=attempts, **kwargs)
    # updated_at is auto_now: only update() sets it to the past.
    ScriptGenerationJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - age)
    return job


def run() -> dict[str, Any]:
    return requeue_stale_jobs.apply(throw=True).get()


def status(job: ScriptGenerationJob) -> tuple[str, int, str]:
    job = ScriptGenerationJob.objects.get(pk=job.pk)
    return job.status, job.attempts, job.error_message


def test_a_job_claimed_longer_ago_than_the_hard_time_limit_is_requeued(queues):
    stale = claimed(HARD_LIMIT + timedelta(minutes=5))
    assert run() == {"requeued": [stale.pk], "failed": 0}
    assert status(stale) == ("PENDING", 1, "")
    assert queues[JobType.SCRIPT_GENERATION].sent == [(stale.pk,)]


def test_a_job_within_the_hard_time_limit_is_left_alone(queues):
    running = claimed(HARD_LIMIT - timedelta(minutes=1))
    assert run() == {"requeued": [], "failed": 0}
    assert status(running) == ("PROCESSING", 1, "")
    assert queues[JobType.SCRIPT_GENERATION].sent == []


@pytest.mark.parametrize("final", [JobStatus.PENDING, JobStatus.COMPLETED, JobStatus.FAILED])
def test_only_processing_jobs_are_stale(queues, final):
    job = claimed(HARD_LIMIT * 2)
    ScriptGenerationJob.objects.filter(pk=job.pk).update(status=final)
    assert run() == {"requeued": [], "failed": 0}
    assert status(job)[0] == final


def test_an_extraction_job_goes_back_to_the_extraction_task(queues):
    job = claimed(HARD_LIMIT * 2, job_type=JobType.PROBLEM_EXTRACTION)
    run()
    assert queues[JobType.PROBLEM_EXTRACTION].sent == [(job.pk,)]
    assert queues[JobType.SCRIPT_GENERATION].sent == []


def test_a_job_that_spent_its_attempts_fails_with_the_reason(queues):
    job = claimed(HARD_LIMIT * 2, attempts=MAX_ATTEMPTS)
    assert run() == {"requeued": [], "failed": 1}
    state, attempts, reason = status(job)
    assert (state, attempts) == ("FAILED", MAX_ATTEMPTS)
    assert reason.startswith("Abandoned after 4 attempts")
    assert queues[JobType.SCRIPT_GENERATION].sent == []


def test_three_queries_however_many_jobs_are_stale(queues):
    def setup(n: int) -> None:
        for _ in range(n):
            claimed(HARD_LIMIT * 2)
            claimed(HARD_LIMIT * 2, attempts=MAX_ATTEMPTS)
            claimed(timedelta(seconds=1))

    counts = assert_constant_queries(setup, run, sizes=(1, 20))
    assert counts == {1: 3, 20: 3}
    assert len(queues[JobType.SCRIPT_GENERATION].sent) == 21


def test_two_queries_when_nothing_is_stale(queues):
    claimed(timedelta(seconds=1))
    with assert_num_queries(2):
        run()


def test_a_requeued_job_is_taken_by_the_next_run(backend, eager):
    # Through the real task this time: the broker runs it at once (eager).
    job = claimed(HARD_LIMIT * 2, problem_id="4A")
    run()
    state, attempts, reason = status(job)
    assert (state, attempts, reason) == ("COMPLETED", 2, "")
    assert backend.calls == [("script", "4A")]


def test_the_example_project_runs_it_on_beat():
    from example_project.celery import app

    entries = [entry["task"] for entry in app.conf.beat_schedule.values()]
    assert requeue_stale_jobs.name in entries
    assert requeue_stale_jobs.name in app.tasks
