"""execute_code_task and generate_outputs_task: budgets, idempotency, bad input, failures."""

from __future__ import annotations

from unittest import mock

import pytest

from algoitny_core.choices import JobStatus
from algoitny_core.judge import JudgeResult, TestResult, Verdict
from algoitny_core.models import Problem, SearchHistory, TestCase
from algoitny_core.tasks.execution import execute_code_task, generate_outputs_task
from algoitny_core.testing import assert_constant_queries, assert_num_queries
from tests.factories import make_job, make_problem, make_user

pytestmark = pytest.mark.django_db

ADD = "a, b = map(int, input().split())\nprint(a + b)\n"
# The problem's reference solution for generated tests: the sum of the numbers on a line.
SOLUTION = "print(sum(map(int, input().split())))\n"
GENERATOR = (
    "import random, sys\n"
    "seed, index, count = map(int, sys.argv[1:])\n"
    "rng = random.Random(f'{seed}:{index}')\n"
    "print(rng.randint(1, 100), rng.randint(1, 100))\n"
)


def execute(problem_id: int, code: str = ADD, task_id: str = "run-1", **kwargs):
    return execute_code_task.apply(
        kwargs={"problem_id": problem_id, "language": "python", "code": code, **kwargs},
        task_id=task_id,
    ).get()


def test_execute_writes_one_row_in_four_queries_whatever_the_number_of_tests():
    user = make_user()
    problems: list[Problem] = []
    runs = iter(range(1000))

    def setup(n: int) -> None:
        problems.append(make_problem(test_cases=n))

    def action() -> None:
        execute(problems[-1].pk, task_id=f"run-{next(runs)}", user_id=user.pk)

    assert_constant_queries(setup, action, sizes=(1, 30))
    problem = make_problem(test_cases=30, title="Sum")
    with assert_num_queries(4):
        result = execute(problem.pk, user_id=user.pk, user_identifier="ann", is_code_public=True)
    row = SearchHistory.objects.get(pk=result["history_id"])
    assert (row.passed_count, row.failed_count, row.total_count) == (30, 0, 30)
    assert row.result_summary == "AC (30/30)"
    assert (row.user_id, row.user_identifier, row.is_code_public) == (user.pk, "ann", True)
    assert (row.platform, row.problem_number, row.problem_title) == (
        problem.platform,
        problem.problem_id,
        "Sum",
    )
    assert [r["verdict"] for r in row.test_results] == ["AC"] * 30
    assert row.celery_task_id == "run-1"
    problem.refresh_from_db()
    assert problem.execution_count == 1


def test_the_same_task_run_twice_writes_one_row_and_counts_once():
    problem = make_problem(test_cases=2)
    first = execute(problem.pk)
    with assert_num_queries(1):  # the problem read finds the row already written
        second = execute(problem.pk)
    assert second == {"history_id": first["history_id"], "duplicate": True}
    assert SearchHistory.objects.count() == 1
    problem.refresh_from_db()
    assert problem.execution_count == 1


def test_a_duplicate_that_loses_the_insert_race_returns_the_winners_row():
    from algoitny_core.judge import run_tests

    problem = make_problem(test_cases=1)
    winner = []

    def judge_while_another_worker_writes(*args, **kwargs):
        # Another delivery of the same task writes its row while this one is judging.
        winner.append(
            SearchHistory.objects.create(
                platform="baekjoon",
                problem_number="1",
                language="python",
                code="x",
                celery_task_id="r",
            )
        )
        return run_tests(*args, **kwargs)

    with mock.patch(
        "algoitny_core.tasks.execution.judge_run", side_effect=judge_while_another_worker_writes
    ):
        result = execute(problem.pk, task_id="r")
    assert result == {"history_id": winner[0].pk, "duplicate": True}
    assert SearchHistory.objects.count() == 1
    problem.refresh_from_db()
    assert problem.execution_count == 0


def test_failures_keep_what_hints_need():
    problem = make_problem(test_cases=3)
    result = execute(problem.pk, code="a, b = map(int, input().split())\nprint(a * b)\n")
    row = SearchHistory.objects.get(pk=result["history_id"])
    assert row.result_summary == "WA (2/3)"  # 0*0 == 0+0, 1*1 != 1+1, 2*2 == 2+2
    assert (row.passed_count, row.failed_count) == (2, 1)
    failed = [r for r in row.test_results if r["verdict"] != "AC"]
    assert len(failed) == 1
    assert failed[0]["input"] == "1 1\n"
    assert failed[0]["expected"] == "2\n"
    assert failed[0]["output"] == "1\n"
    assert "input" not in row.test_results[0]


def test_a_compile_error_fails_every_test():
    problem = make_problem(test_cases=2)
    result = execute(problem.pk, code="int main( {", language="cpp")
    row = SearchHistory.objects.get(pk=result["history_id"])
    assert row.result_summary == "CE (0/2)"
    assert (row.passed_count, row.failed_count, row.total_count) == (0, 2, 2)
    assert row.metadata["compile_output"]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"language": "cobol"}, "language", "Unknown language"),
        ({"code": "   "}, "code", "empty"),
        ({"code": "x" * 70_000}, "code", "limit"),
    ],
)
def test_bad_input_is_recorded_once_on_the_row_without_retries(kwargs, field, message):
    problem = make_problem(test_cases=1)
    with mock.patch.object(execute_code_task, "retry") as retry:
        result = execute_code_task.apply(
            kwargs={"problem_id": problem.pk, "language": "python", "code": ADD, **kwargs},
            task_id="bad",
        ).get()
    retry.assert_not_called()
    row = SearchHistory.objects.get(pk=result["history_id"])
    assert row.result_summary.startswith("Rejected: ")
    assert row.metadata["error"]["field"] == field
    assert message in row.metadata["error"]["message"]
    assert row.failed_count == 1
    problem.refresh_from_db()
    assert problem.execution_count == 0


def test_a_missing_problem_or_one_without_tests_is_recorded_too():
    missing = execute(999_999, task_id="missing")
    row = SearchHistory.objects.get(pk=missing["history_id"])
    assert row.problem_id is None
    assert row.problem_number == "999999"
    assert "does not exist" in row.result_summary
    empty = make_problem(test_cases=0)
    row = SearchHistory.objects.get(pk=execute(empty.pk, task_id="empty")["history_id"])
    assert "no test cases" in row.result_summary


@pytest.fixture
def eager_retries():
    """Eager retries re-run in apply() only when errors are not propagated."""
    from celery import current_app

    saved = current_app.conf.task_eager_propagates
    current_app.conf.task_eager_propagates = False
    yield
    current_app.conf.task_eager_propagates = saved


def test_a_sandbox_failure_is_retried_then_recorded_as_internal_error(eager_retries):
    problem = make_problem(test_cases=1)
    broken = JudgeResult(Verdict.IE, [TestResult(1, Verdict.IE)], "python", 1.0, 64)
    with mock.patch("algoitny_core.tasks.execution.judge_run", return_value=broken) as run:
        result = execute(problem.pk, task_id="ie")
    assert run.call_count == 1 + execute_code_task.max_retries
    row = SearchHistory.objects.get(pk=result["history_id"])
    assert row.result_summary == "IE (0/1)"
    assert SearchHistory.objects.count() == 1


# generate_outputs_task


def generator_for(problem: Problem, code: str = GENERATOR, **kwargs):
    return make_job(
        platform=problem.platform,
        problem_id=problem.problem_id,
        status=JobStatus.COMPLETED,
        generator_code=code,
        **kwargs,
    )


def generate(problem_id: int, task_id: str = "gen-1", **kwargs):
    return generate_outputs_task.apply(
        kwargs={"problem_id": problem_id, **kwargs}, task_id=task_id
    ).get()


def draft(**kwargs) -> Problem:
    kwargs.setdefault("constraints", "1 ≤ a, b ≤ 100")
    return make_problem(
        is_completed=False, solution_code=SOLUTION, language="python", test_cases=2, **kwargs
    )


@pytest.mark.parametrize(("count", "batches"), [(3, 1), (101, 2)])
def test_generate_outputs_replaces_the_test_cases_in_three_queries_and_one_per_batch(
    count, batches
):
    problem = draft()
    generator_for(problem, code="print('stale')", created_at=problem.created_at.replace(year=2000))
    generator_for(problem)  # the newest completed script is the one that runs
    old = set(TestCase.objects.values_list("pk", flat=True))
    with assert_num_queries(3 + batches):
        result = generate(problem.pk, count=count, seed=7)
    assert result["ok"] is True
    cases = list(TestCase.objects.filter(problem=problem))
    assert len(cases) == count
    assert not old & {c.pk for c in cases}
    for case in cases:
        a, b = map(int, case.input.split())
        assert case.output == f"{a + b}\n"
    problem.refresh_from_db()
    generation = problem.metadata["generation"]
    assert generation["seed"] == 7
    assert generation["test_case_count"] == count
    assert len(generation["script_hash"]) == 64


def test_a_rerun_with_the_same_seed_reproduces_the_inputs():
    problem = draft()
    generator_for(problem)
    generate(problem.pk, count=4, seed=11)
    first = list(TestCase.objects.values_list("input", flat=True))
    generate(problem.pk, count=4, seed=11, task_id="gen-2")
    assert list(TestCase.objects.values_list("input", flat=True)) == first
    assert TestCase.objects.count() == 4


def test_a_redelivered_task_derives_the_same_seed_from_its_id():
    problem = draft()
    generator_for(problem)
    first = generate(problem.pk, count=3, task_id="same")
    inputs = list(TestCase.objects.values_list("input", flat=True))
    second = generate(problem.pk, count=3, task_id="same")
    assert first["seed"] == second["seed"]
    assert list(TestCase.objects.values_list("input", flat=True)) == inputs


@pytest.mark.parametrize(
    ("generator", "solution", "error"),
    [
        ("import sys\nsys.exit(3)\n", SOLUTION, "generator"),
        ("pass\n", SOLUTION, "printed nothing"),
        ("print(500, 1)\n", SOLUTION, "outside the constraints"),
        (GENERATOR, "raise SystemExit(1)\n", "solution"),
    ],
)
def test_a_failing_generation_keeps_the_old_test_cases_and_says_why(generator, solution, error):
    problem = draft()
    Problem.objects.filter(pk=problem.pk).update(solution_code=solution)
    generator_for(problem, code=generator)
    old = list(TestCase.objects.values_list("pk", "input"))
    with assert_num_queries(2):  # the read, then the error on the problem
        result = generate(problem.pk, count=3)
    assert result["ok"] is False
    assert error in result["error"]
    assert list(TestCase.objects.values_list("pk", "input")) == old
    problem.refresh_from_db()
    assert error in problem.metadata["generation"]["error"]


def test_a_problem_without_a_completed_generator_records_the_reason():
    problem = draft()
    make_job(platform=problem.platform, problem_id=problem.problem_id)  # still pending
    result = generate(problem.pk)
    assert result["ok"] is False
    assert "no completed generator" in result["error"]
    assert TestCase.objects.filter(problem=problem).count() == 2


def test_a_missing_problem_fails_once_without_retry():
    with mock.patch.object(generate_outputs_task, "retry") as retry:
        outcome = generate_outputs_task.apply(
            kwargs={"problem_id": 424242}, task_id="x", throw=False
        )
    assert outcome.failed()
    assert "424242 does not exist" in str(outcome.result)
    retry.assert_not_called()
