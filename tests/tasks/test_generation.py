from __future__ import annotations

import pytest
from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded

from algoitny_core.llm import ConstraintParseError, LLMError, TransientLLMError
from algoitny_core.models import JobStatus, ScriptGenerationJob
from algoitny_core.tasks import generate_script_task
from algoitny_core.tasks.generation import MAX_ATTEMPTS, check_generator_script
from algoitny_core.testing import assert_constant_queries, assert_num_queries
from tests.factories import make_job
from tests.tasks.backends import InTurn

pytestmark = pytest.mark.django_db


def run(job_id: int, task_id: str = "task-1") -> dict:
    throw = current_app.conf.task_eager_propagates
    return generate_script_task.apply((job_id,), task_id=task_id, throw=throw).get()


def reload(job: ScriptGenerationJob) -> ScriptGenerationJob:
    return ScriptGenerationJob.objects.get(pk=job.pk)


def test_job_completes_with_the_backends_script(backend):
    job = make_job(problem_id="4A", constraints="1 ≤ w ≤ 100")
    backend.answers["script"] = "import sys\nprint(sys.argv[1])\n"

    assert run(job.pk) == {"job_id": job.pk, "status": "COMPLETED", "error": ""}

    job = reload(job)
    assert (job.status, job.attempts, job.celery_task_id) == ("COMPLETED", 1, "task-1")
    assert job.generator_code == "import sys\nprint(sys.argv[1])\n"
    assert backend.calls == [("script", "4A")]


def test_three_queries_whatever_the_size_of_the_tables(backend):
    job_ids = []

    def setup(n: int) -> None:
        for i in range(n):
            make_job(status=JobStatus.PENDING, generator_code="print(1)\n" * 100 * i)
        job_ids.append(make_job(constraints="1 <= N <= 10\n" * n).pk)

    counts = assert_constant_queries(setup, lambda: run(job_ids[-1]), sizes=(1, 20))
    assert counts == {1: 3, 20: 3}
    job = make_job()
    with assert_num_queries(3) as log:
        run(job.pk)
    assert [q.sql.split()[0] for q in log.queries] == ["UPDATE", "SELECT", "UPDATE"]


def test_a_failed_script_also_costs_three_queries(backend):
    backend.answers["script"] = "not python at all"
    job = make_job()
    with assert_num_queries(3):
        run(job.pk)
    assert reload(job).status == "FAILED"


def test_the_backend_is_called_with_no_transaction_open(backend, transactional_db):
    run(make_job().pk)
    assert backend.atomic == [False]


def test_running_twice_calls_the_backend_once(backend):
    job = make_job()
    run(job.pk, "task-1")
    with assert_num_queries(1):  # the claim, refused
        assert run(job.pk, "task-2") == {"job_id": job.pk, "status": None, "claimed": False}
    run(job.pk, "task-1")  # the same message again, after it completed
    job = reload(job)
    assert (job.status, job.attempts, job.celery_task_id) == ("COMPLETED", 1, "task-1")
    assert backend.count("script") == 1


def test_another_task_cannot_claim_a_job_in_progress(backend):
    job = make_job(status=JobStatus.PROCESSING, celery_task_id="task-1", attempts=1)
    assert run(job.pk, "task-2")["claimed"] is False
    job = reload(job)
    assert (job.status, job.attempts, job.celery_task_id) == ("PROCESSING", 1, "task-1")
    assert backend.calls == []


def test_a_redelivered_task_takes_back_its_own_claim(backend):
    # The worker that claimed it died; the broker hands the same message to another.
    job = make_job(status=JobStatus.PROCESSING, celery_task_id="task-1", attempts=1)
    run(job.pk, "task-1")
    job = reload(job)
    assert (job.status, job.attempts) == ("COMPLETED", 2)
    assert backend.count("script") == 1


def test_no_claim_once_the_attempts_are_spent(backend):
    job = make_job(status=JobStatus.PROCESSING, celery_task_id="task-1", attempts=MAX_ATTEMPTS)
    assert run(job.pk, "task-1")["claimed"] is False
    assert backend.calls == []


def test_an_extraction_job_is_not_claimed_by_the_script_task(backend):
    job = make_job(job_type="problem_extraction")
    assert run(job.pk)["claimed"] is False
    assert reload(job).status == "PENDING"


def test_a_missing_job_is_not_claimed(backend):
    with assert_num_queries(1):
        assert run(987654)["claimed"] is False


def test_a_result_is_not_written_by_a_task_that_lost_its_claim(backend):
    job = make_job()

    def requeued_meanwhile() -> str:
        # requeue_stale_jobs gave the job back while this run was still going.
        ScriptGenerationJob.objects.filter(pk=job.pk).update(status=JobStatus.PENDING)
        return "print(1)\n"

    backend.answers["script"] = requeued_meanwhile
    assert run(job.pk)["claimed"] is False
    job = reload(job)
    assert (job.status, job.generator_code) == ("PENDING", "")


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        ("", "returned no generator script"),
        (None, "returned no generator script"),
        ("Here is your generator: it picks N at random.", "not valid Python (line 1)"),
        ("def main(:\n    pass\n", "not valid Python (line 1)"),
        ("x = 1\n", "never prints"),
        ("import sys\nprint('1' * 10 ** 6)\n" + "#" * 70_000, "over 65536 bytes"),
    ],
)
def test_a_bad_script_fails_the_job_once_with_the_reason(backend, reply, message):
    backend.answers["script"] = reply
    job = make_job()
    assert run(job.pk)["status"] == "FAILED"
    job = reload(job)
    assert job.status == "FAILED"
    assert message in job.error_message
    assert (job.generator_code, job.attempts) == ("", 1)
    assert backend.count("script") == 1


@pytest.mark.parametrize(
    ("constraints", "message"),
    [
        ("", "No constraints found"),
        ("The input is a single integer.", "No constraints found"),
        ("1 ≤ N ≤ 100\n0 < frobnicate(N) < 7", "'0 < frobnicate(N) < 7'"),
    ],
)
def test_constraints_the_offline_backend_cannot_read_fail_the_job(constraints, message):
    job = make_job(constraints=constraints)  # the default, offline backend
    run(job.pk)
    job = reload(job)
    assert (job.status, job.attempts) == ("FAILED", 1)
    assert message in job.error_message


def test_the_offline_backend_writes_a_script_for_readable_constraints():
    job = make_job(constraints="1 ≤ N ≤ 100,000\n1 ≤ a_i ≤ 10^9")
    run(job.pk)
    job = reload(job)
    assert job.status == "COMPLETED"
    assert check_generator_script(job.generator_code) == job.generator_code


def test_a_constraint_parse_error_is_not_retried(backend):
    backend.answers["script"] = ConstraintParseError("N <= ???")
    job = make_job()
    run(job.pk)
    job = reload(job)
    assert (job.status, job.attempts) == ("FAILED", 1)
    assert job.error_message == "Cannot parse constraint line 'N <= ???'."
    assert backend.count("script") == 1


def test_a_transient_error_is_retried_and_then_succeeds(backend, eager_retries):
    backend.answers["script"] = InTurn(TransientLLMError("HTTP 503"), "print(2)\n")
    job = make_job()
    run(job.pk)
    job = reload(job)
    assert (job.status, job.attempts, job.generator_code) == ("COMPLETED", 2, "print(2)\n")
    assert backend.count("script") == 2


def test_a_transient_error_fails_the_job_after_the_last_retry(backend, eager_retries):
    backend.answers["script"] = TransientLLMError("Gemini answered HTTP 503")
    job = make_job()
    assert run(job.pk)["status"] == "FAILED"
    job = reload(job)
    assert (job.status, job.attempts) == ("FAILED", generate_script_task.max_retries + 1)
    assert job.error_message == (
        "Gave up after 4 attempts; the last failed with: Gemini answered HTTP 503"
    )
    assert backend.count("script") == generate_script_task.max_retries + 1


def test_a_transient_error_frees_the_job_before_celery_retries(backend, monkeypatch):
    backend.answers["script"] = TransientLLMError("timeout")
    job = make_job()
    seen = []

    def retry(exc: BaseException, countdown: int, **kwargs: object) -> None:
        seen.append((reload(job).status, countdown >= 0))
        raise exc

    monkeypatch.setattr(generate_script_task, "retry", retry)
    with pytest.raises(TransientLLMError):
        run(job.pk)
    assert seen == [("PENDING", True)]


def test_a_transient_error_fails_the_job_when_its_attempts_are_spent(backend):
    # A worker died on it before: fewer tries are left than Celery's retries.
    backend.answers["script"] = TransientLLMError("HTTP 429")
    job = make_job(status=JobStatus.PROCESSING, celery_task_id="task-1", attempts=MAX_ATTEMPTS - 1)
    run(job.pk, "task-1")
    job = reload(job)
    assert (job.status, job.attempts) == ("FAILED", MAX_ATTEMPTS)
    assert "HTTP 429" in job.error_message
    assert backend.count("script") == 1


def test_the_soft_time_limit_fails_the_job(backend):
    backend.answers["script"] = SoftTimeLimitExceeded()
    job = make_job()
    run(job.pk)
    job = reload(job)
    assert (job.status, job.error_message) == ("FAILED", "Timed out after 1680 seconds.")


def test_an_unexpected_error_fails_the_job_and_reaches_celery(backend):
    backend.answers["script"] = KeyError("spec")
    job = make_job()
    with pytest.raises(KeyError):
        run(job.pk)
    job = reload(job)
    assert (job.status, job.error_message) == ("FAILED", "Unexpected error: KeyError('spec')")
    assert backend.count("script") == 1


def test_only_transient_errors_are_retried_automatically():
    retried = generate_script_task.autoretry_for
    assert TransientLLMError in retried
    assert not any(issubclass(LLMError, kind) for kind in retried)


@pytest.mark.parametrize(
    "code",
    [
        "import sys\nsys.stdout.write('1\\n')\n",
        "import sys\nsys.stdout.buffer.write(b'1\\n')\n",
        "from sys import stdout\nstdout.write('1')\n",
        "print(*range(3))\n",
    ],
)
def test_scripts_that_write_to_stdout_pass_the_check(code):
    assert check_generator_script(code) == code


def test_a_script_that_only_mentions_print_fails_the_check():
    with pytest.raises(LLMError, match="never prints"):
        check_generator_script("print_me = 'print'\nlogger.print\n")
