"""Jobs through Redis and real worker processes: end to end, a worker killed mid-task,
two workers racing for the same jobs."""

from __future__ import annotations

import pytest

from algoitny_core.models import JobStatus, Problem, ScriptGenerationJob, SearchHistory
from algoitny_core.tasks import execute_code_task, generate_script_task
from algoitny_core.tasks.generation import check_generator_script
from tests.factories import make_job, make_problem

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

SCRIPT = generate_script_task.name
# The message of a worker that died is given to another once it is this many seconds old.
QUICK_REDELIVERY = {
    "visibility_timeout": 3,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}


def job_state(job_id: int) -> tuple[str, int, str]:
    return ScriptGenerationJob.objects.values_list("status", "attempts", "celery_task_id").get(
        pk=job_id
    )


def test_a_script_job_completes_through_the_broker(broker, workers):
    job = make_job(constraints="1 ≤ N ≤ 100\n1 ≤ a_i ≤ 10^9")
    # The default, offline backend writes the script.
    workers.start("solo", ALGOITNY_LLM_BACKEND="")
    task_id = broker.send(SCRIPT, job.pk)

    assert broker.result(task_id) == {"job_id": job.pk, "status": "COMPLETED", "error": ""}
    job.refresh_from_db()
    assert (job.status, job.attempts, job.celery_task_id) == ("COMPLETED", 1, task_id)
    assert check_generator_script(job.generator_code) == job.generator_code


def test_a_worker_killed_mid_task_leaves_the_job_to_the_next_one(broker, workers):
    job = make_job(problem_id="77A")
    first = workers.start("first", transport=QUICK_REDELIVERY, BACKEND_DELAY="120")
    task_id = broker.send(SCRIPT, job.pk)
    workers.wait(lambda: broker.calls() == ["first:77A"], "the first worker's backend call")
    assert job_state(job.pk) == ("PROCESSING", 1, task_id)

    first.kill()
    workers.start("second", transport=QUICK_REDELIVERY)
    workers.wait(lambda: job_state(job.pk)[0] == JobStatus.COMPLETED, "the job to complete")
    workers.wait(broker.drained, "the message to be acknowledged")

    # The same message, claimed again under its own task id, written once.
    assert job_state(job.pk) == ("COMPLETED", 2, task_id)
    assert broker.calls() == ["first:77A", "second:77A"]
    assert ScriptGenerationJob.objects.get(pk=job.pk).generator_code == "print('77A')\n"


def test_a_worker_killed_mid_run_writes_one_history_row(broker, workers):
    # Each test sleeps, so the run outlasts the moment the worker is killed.
    code = "import time\ntime.sleep(2)\na, b = map(int, input().split())\nprint(a + b)\n"
    problem = make_problem(test_cases=3)
    first = workers.start("first", transport=QUICK_REDELIVERY)
    task_id = broker.send(execute_code_task.name, problem.pk, "python", code)
    workers.wait(lambda: f"[{task_id}] received" in first.output(), "the run to start")

    first.kill()
    assert not SearchHistory.objects.exists()  # killed before it could write
    workers.start("second", transport=QUICK_REDELIVERY)
    workers.wait(lambda: SearchHistory.objects.exists(), "the history row")
    workers.wait(broker.drained, "the message to be acknowledged")

    [row] = SearchHistory.objects.values("celery_task_id", "result_summary", "passed_count")
    assert row == {"celery_task_id": task_id, "result_summary": "AC (3/3)", "passed_count": 3}
    assert Problem.objects.get(pk=problem.pk).execution_count == 1


def test_two_workers_racing_on_fifty_jobs_run_each_once(broker, workers):
    jobs = {make_job(problem_id=f"R{i}").pk: f"R{i}" for i in range(50)}
    racers = [workers.start(name, BACKEND_DELAY="0.02") for name in ("left", "right")]
    workers.wait_ready(*racers)
    # Every job twice, as a redelivered or doubly enqueued message would be.
    sent = {job_id: [broker.send(SCRIPT, job_id) for _ in range(2)] for job_id in jobs}

    outcomes = {job_id: [broker.result(t) for t in task_ids] for job_id, task_ids in sent.items()}
    workers.wait(broker.drained, "every message to be acknowledged")

    for job_id, results in outcomes.items():
        winners = [r for r in results if r.get("status") == "COMPLETED"]
        assert len(winners) == 1, (job_id, results)
        assert [r for r in results if r not in winners] == [
            {"job_id": job_id, "status": None, "claimed": False}
        ]
    rows = ScriptGenerationJob.objects.filter(pk__in=jobs).values_list(
        "pk", "status", "attempts", "celery_task_id"
    )
    assert {(pk, state, attempts) for pk, state, attempts, _ in rows} == {
        (pk, "COMPLETED", 1) for pk in jobs
    }
    assert all(task_id in sent[pk] for pk, _, _, task_id in rows)
    calls = broker.calls()
    assert sorted(call.split(":")[1] for call in calls) == sorted(jobs.values())
    assert {call.split(":")[0] for call in calls} == {"left", "right"}
