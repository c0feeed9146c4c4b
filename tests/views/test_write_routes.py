"""The write routes: who may call them, their budgets, their 400s, and what they enqueue.

Tasks are sent on commit; ``sent`` records them instead of running them, so a route's
budget counts the route alone (the tasks' own budgets are proven in tests/tasks).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.test import TestCase
from django.urls import reverse

from algoitny_core.choices import JobStatus, JobType
from algoitny_core.models import Problem, ScriptGenerationJob, SearchHistory
from algoitny_core.tasks.execution import execute_code_task, generate_outputs_task
from algoitny_core.tasks.generation import extract_problem_info_task, generate_script_task
from algoitny_core.tasks.hints import generate_hints_task
from algoitny_core.testing import assert_num_queries
from algoitny_core.views.execution import ExecuteCodeView, TaskStatusView
from algoitny_core.views.history import GenerateHintsView
from algoitny_core.views.register import (
    ExecuteTestCasesView,
    GenerateTestCasesView,
    RegisterProblemView,
    SaveProblemView,
)
from tests.factories import make_history, make_job, make_problem
from tests.views.budgets import prove_post_budget

pytestmark = pytest.mark.django_db

TASKS = (
    execute_code_task,
    generate_outputs_task,
    generate_script_task,
    extract_problem_info_task,
    generate_hints_task,
)
ADD = "a, b = map(int, input().split())\nprint(a + b)\n"


@pytest.fixture
def sent() -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """(task name, kwargs) of every task a request sent on commit, instead of running it."""
    calls: list[tuple[str, dict[str, Any]]] = []
    patches = [
        mock.patch.object(
            task,
            "apply_async",
            side_effect=lambda kwargs, task_id, name=task.name: calls.append(
                (name.rsplit(".", 1)[1], {**kwargs, "task_id": task_id})
            ),
        )
        for task in TASKS
    ]
    for patch in patches:
        patch.start()
    yield calls
    for patch in patches:
        patch.stop()


def post(client, name: str, body: Any, **kwargs: Any):
    """POST as JSON; the request's on-commit callbacks (its tasks) run as after a commit,
    and are dropped when its transaction rolls back."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse(f"algoitny:{name}", kwargs=kwargs), body, format="json")


# execute/


def test_execute_answers_202_with_the_task_it_sends(client_for, owner, sent):
    problem = make_problem(test_cases=3)
    body = {"problem_id": problem.pk, "language": "python", "code": ADD, "is_code_public": True}
    client = client_for("owner")
    with assert_num_queries(ExecuteCodeView.query_budget):
        response = post(client, "execute-code", body)
    assert response.status_code == 202, response.content
    task_id = response.data["task_id"]
    assert response.data["status_url"] == reverse("algoitny:task-status", args=[task_id])
    [(name, kwargs)] = sent
    assert name == "execute_code_task"
    assert kwargs == {
        **body,
        "user_id": owner.pk,
        "user_identifier": owner.username,
        "task_id": task_id,
    }


def test_execute_costs_the_same_whatever_the_number_of_test_cases(client_for, sent):
    problems: list[Problem] = []
    prove_post_budget(
        client_for("owner"),
        reverse("algoitny:execute-code"),
        ExecuteCodeView,
        lambda n: problems.append(make_problem(test_cases=n)),
        lambda: {"problem_id": problems[-1].pk, "language": "python", "code": ADD},
    )


def test_execute_is_for_signed_in_users(client_for, sent):
    problem = make_problem(test_cases=1)
    body = {"problem_id": problem.pk, "language": "python", "code": ADD}
    assert post(client_for("anonymous"), "execute-code", body).status_code == 401
    assert sent == []


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"language": "cobol"}, "language", "Unknown language"),
        ({"language": 7}, "language", "Unknown language"),
        ({"code": ""}, "code", "blank"),
        ({"code": "   "}, "code", "empty"),
        ({"code": "x" * 70_000}, "code", "limit"),
        ({"code": ["print(1)"]}, "code", "Not a valid string"),
        ({"problem_id": "abc"}, "problem_id", "valid integer"),
        ({"problem_id": 0}, "problem_id", "greater than or equal to 1"),
        ({"problem_id": 999_999}, "problem_id", "No published problem"),
        ({"is_code_public": "maybe"}, "is_code_public", "valid boolean"),
        ({"language": None}, "language", "null"),
    ],
)
def test_execute_rejects_bad_input_field_by_field(client_for, sent, change, field, message):
    problem = make_problem(test_cases=1)
    body = {"problem_id": problem.pk, "language": "python", "code": ADD, **change}
    response = post(client_for("owner"), "execute-code", body)
    assert response.status_code == 400
    assert message in str(response.data[field])
    assert sent == []
    assert not SearchHistory.objects.exists()


def test_execute_needs_a_published_problem_with_test_cases(client_for, sent):
    draft = make_problem(is_completed=False, test_cases=1)
    deleted = make_problem(is_deleted=True, test_cases=1)
    empty = make_problem(test_cases=0)
    client = client_for("owner")
    for problem, message in [
        (draft, "No published problem"),
        (deleted, "No published problem"),
        (empty, "no test cases"),
    ]:
        body = {"problem_id": problem.pk, "language": "python", "code": ADD}
        response = post(client, "execute-code", body)
        assert response.status_code == 400
        assert message in str(response.data["problem_id"])
    assert post(client, "execute-code", ["not", "an", "object"]).status_code == 400
    assert sent == []


def test_an_eager_run_is_recorded_and_its_status_reported(client_for, owner, sent):
    """End to end in-process: the route's task runs (eager Celery), task-status reports it."""
    problem = make_problem(test_cases=2)
    client = client_for("owner")
    body = {"problem_id": problem.pk, "language": "python", "code": ADD}
    post(client, "execute-code", body)
    [(_, kwargs)] = sent
    task_id = kwargs.pop("task_id")
    execute_code_task.apply(kwargs=kwargs, task_id=task_id).get()  # what a worker would do
    row = SearchHistory.objects.get(celery_task_id=task_id)
    assert (row.user_id, row.result_summary) == (owner.pk, "AC (2/2)")


# task-status


def test_task_status_reports_state_and_result(client_for):
    problem = make_problem(test_cases=1)
    client = client_for("owner")
    body = {"problem_id": problem.pk, "language": "python", "code": ADD}
    task_id = post(client, "execute-code", body).data["task_id"]  # eager: runs on commit
    url = reverse("algoitny:task-status", args=[task_id])
    with assert_num_queries(TaskStatusView.query_budget):
        response = client.get(url)
    assert response.data["state"] == "SUCCESS"
    history = SearchHistory.objects.get(celery_task_id=task_id)
    assert response.data["result"]["history_id"] == history.pk
    assert response.data["error"] is None
    unknown = client.get(reverse("algoitny:task-status", args=["no-such-task"]))
    assert (unknown.status_code, unknown.data["state"], unknown.data["result"]) == (
        200,
        "PENDING",
        None,
    )
    assert client_for("anonymous").get(url).status_code == 401
    too_long = client.get(reverse("algoitny:task-status", args=["x" * 300]))
    assert too_long.status_code == 400


# register/problem/

REGISTER = {
    "platform": "baekjoon",
    "problem_id": "1000",
    "title": "A+B",
    "problem_url": "https://www.acmicpc.net/problem/1000",
    "tags": ["math"],
    "solution_code": ADD,
    "language": "python",
    "constraints": "0 < A, B < 10",
}


@pytest.mark.parametrize("who", ["anonymous", "owner", "other"])
def test_staff_routes_answer_others_with_401_or_403(client_for, sent, who):
    problem = make_problem(test_cases=1)
    history = make_history(problem=problem, failed_count=1)
    expected = 401 if who == "anonymous" else 403
    for name, body in [
        ("register-problem", REGISTER),
        ("generate-test-cases", {"problem_id": problem.pk}),
        ("execute-test-cases", {"problem_id": problem.pk}),
        ("save-problem", {"id": problem.pk, "title": "changed"}),
    ]:
        assert post(client_for(who), name, body).status_code == expected, name
    if who == "anonymous":
        assert post(client_for(who), "generate-hints", {}, history_id=history.pk).status_code == 401
    assert sent == []
    assert Problem.objects.count() == 1
    assert Problem.objects.get().title == "A+B"


def test_register_problem_makes_a_draft_and_its_job(client_for, sent):
    client = client_for("staff")
    with assert_num_queries(RegisterProblemView.query_budget):
        response = post(client, "register-problem", REGISTER)
    assert response.status_code == 202, response.content
    problem = Problem.objects.get()
    job = ScriptGenerationJob.objects.get()
    assert response.data["problem"] == problem.pk
    assert response.data["job_id"] == job.pk
    assert (problem.is_completed, problem.tags, problem.solution_code) == (False, ["math"], ADD)
    assert (job.platform, job.problem_id, job.constraints) == ("baekjoon", "1000", "0 < A, B < 10")
    assert (job.job_type, job.status) == (JobType.SCRIPT_GENERATION, JobStatus.PENDING)
    assert job.celery_task_id == response.data["task_id"]
    assert sent == [("generate_script_task", {"job_id": job.pk, "task_id": job.celery_task_id})]


def test_register_problem_can_start_an_extraction_instead(client_for, sent):
    body = {"platform": "codeforces", "problem_id": "1A", "problem_url": "https://codeforces.com/"}
    response = post(
        client_for("staff"),
        "register-problem",
        {**body, "job_type": "problem_extraction", "html": "<html>page</html>"},
    )
    assert response.status_code == 202, response.content
    job = ScriptGenerationJob.objects.get()
    assert job.job_type == JobType.PROBLEM_EXTRACTION
    assert sent == [
        (
            "extract_problem_info_task",
            {"job_id": job.pk, "html": "<html>page</html>", "task_id": job.celery_task_id},
        )
    ]
    no_url = {"platform": "codeforces", "problem_id": "2A", "job_type": "problem_extraction"}
    response = post(client_for("staff"), "register-problem", no_url)
    assert response.status_code == 400
    assert "needs the problem's URL" in str(response.data["problem_url"])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"platform": "atcoder"}, "platform"),
        ({"problem_id": ""}, "problem_id"),
        ({"problem_id": "x" * 65}, "problem_id"),
        ({"problem_url": "ftp://example.com/1"}, "problem_url"),
        ({"problem_url": "not a url"}, "problem_url"),
        ({"tags": "math"}, "tags"),
        ({"tags": ["x" * 65]}, "tags"),
        ({"language": "cobol"}, "language"),
        ({"solution_code": "x" * 70_000}, "solution_code"),
        ({"title": "x" * 256}, "title"),
        ({"job_type": "everything"}, "job_type"),
    ],
)
def test_register_problem_rejects_bad_fields_and_writes_nothing(client_for, sent, change, field):
    response = post(client_for("staff"), "register-problem", {**REGISTER, **change})
    assert response.status_code == 400
    assert field in response.data
    assert not Problem.objects.exists()
    assert not ScriptGenerationJob.objects.exists()
    assert sent == []


def test_a_problem_is_registered_once(client_for, sent):
    client = client_for("staff")
    assert post(client, "register-problem", REGISTER).status_code == 202
    again = post(client, "register-problem", REGISTER)
    assert again.status_code == 400
    assert "unique" in str(again.data).lower()
    assert (Problem.objects.count(), ScriptGenerationJob.objects.count(), len(sent)) == (1, 1, 1)


def test_a_job_insert_that_fails_leaves_no_problem_behind(client_for, sent):
    with (
        mock.patch.object(
            ScriptGenerationJob.objects, "create", side_effect=RuntimeError("disk full")
        ),
        pytest.raises(RuntimeError),
    ):
        post(client_for("staff"), "register-problem", REGISTER)
    assert not Problem.objects.exists()
    assert sent == []


# register/generate-test-cases/ and register/execute-test-cases/


def test_generate_test_cases_starts_a_script_job_for_a_problem(client_for, sent):
    problem = make_problem(is_completed=False, solution_code=ADD, language="python")
    client = client_for("staff")
    with assert_num_queries(GenerateTestCasesView.query_budget):
        response = post(client, "generate-test-cases", {"problem_id": problem.pk})
    assert response.status_code == 202, response.content
    job = ScriptGenerationJob.objects.get()
    assert (job.problem_id, job.solution_code, job.job_type) == (
        problem.problem_id,
        ADD,
        JobType.SCRIPT_GENERATION,
    )
    assert sent == [("generate_script_task", {"job_id": job.pk, "task_id": job.celery_task_id})]


def test_execute_test_cases_needs_a_completed_generator_and_a_solution(client_for, sent):
    client = client_for("staff")
    problem = make_problem(is_completed=False, solution_code=ADD, language="python")
    make_job(platform=problem.platform, problem_id=problem.problem_id)  # pending: not yet
    response = post(client, "execute-test-cases", {"problem_id": problem.pk})
    assert response.status_code == 400
    assert "no completed generator" in str(response.data["problem_id"])
    make_job(
        platform=problem.platform,
        problem_id=problem.problem_id,
        status=JobStatus.COMPLETED,
        generator_code="print(1, 2)",
    )
    with assert_num_queries(ExecuteTestCasesView.query_budget):
        response = post(client, "execute-test-cases", {"problem_id": problem.pk, "count": 5})
    assert response.status_code == 202, response.content
    assert sent == [
        (
            "generate_outputs_task",
            {"problem_id": problem.pk, "count": 5, "task_id": response.data["task_id"]},
        )
    ]
    no_solution = make_problem(is_completed=False)
    response = post(client, "execute-test-cases", {"problem_id": no_solution.pk})
    assert "reference solution" in str(response.data["problem_id"])


@pytest.mark.parametrize(
    ("name", "body", "field"),
    [
        ("generate-test-cases", {"problem_id": 999_999}, "problem_id"),
        ("generate-test-cases", {"problem_id": "x"}, "problem_id"),
        ("generate-test-cases", {}, "problem_id"),
        ("execute-test-cases", {"problem_id": 999_999}, "problem_id"),
        ("execute-test-cases", {"problem_id": 1, "count": 0}, "count"),
        ("execute-test-cases", {"problem_id": 1, "count": 5000}, "count"),
        ("execute-test-cases", {"problem_id": 1, "seed": -1}, "seed"),
    ],
)
def test_test_case_routes_reject_bad_input(client_for, sent, name, body, field):
    response = post(client_for("staff"), name, body)
    assert response.status_code == 400
    assert field in response.data
    assert sent == []
    assert not ScriptGenerationJob.objects.exists()


def test_test_case_routes_cost_the_same_whatever_the_data(client_for, sent):
    problems: list[Problem] = []

    def setup(n: int) -> None:
        problem = make_problem(test_cases=n, solution_code=ADD, language="python")
        for _ in range(n):
            make_job(
                platform=problem.platform,
                problem_id=problem.problem_id,
                status=JobStatus.COMPLETED,
                generator_code="print(1, 2)",
            )
        problems.append(problem)

    for name, view in [
        ("generate-test-cases", GenerateTestCasesView),
        ("execute-test-cases", ExecuteTestCasesView),
    ]:
        prove_post_budget(
            client_for("staff"),
            reverse(f"algoitny:{name}"),
            view,
            setup,
            lambda: {"problem_id": problems[-1].pk},
            sizes=(1, 20),
        )


# register/save/


def test_save_changes_fields_and_publishes_only_with_test_cases(client_for):
    client = client_for("staff")
    problem = make_problem(is_completed=False)
    response = post(client, "save-problem", {"id": problem.pk, "is_completed": True})
    assert response.status_code == 400
    assert "needs test cases" in str(response.data["is_completed"])
    ready = make_problem(is_completed=False, test_cases=2)
    with assert_num_queries(SaveProblemView.query_budget):
        response = post(
            client, "save-problem", {"id": ready.pk, "title": "Sum", "is_completed": True}
        )
    assert response.status_code == 200, response.content
    assert (response.data["title"], response.data["is_completed"]) == ("Sum", True)
    ready.refresh_from_db()
    assert (ready.title, ready.is_completed) == ("Sum", True)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "id"),
        ({"id": "x"}, "id"),
        ({"id": 999_999}, "id"),
        ({"id": None}, "id"),
        ({"title": "x" * 256}, "title"),
        ({"tags": [1, [2]]}, "tags"),
        ({"language": "cobol"}, "language"),
    ],
)
def test_save_rejects_bad_input_and_changes_nothing(client_for, body, field):
    problem = make_problem(title="A+B")
    response = post(
        client_for("staff"), "save-problem", {"id": problem.pk, **body} if field != "id" else body
    )
    assert response.status_code == 400
    assert field in response.data
    problem.refresh_from_db()
    assert problem.title == "A+B"


def test_save_does_not_move_a_problem_to_another_identity(client_for):
    problem = make_problem(platform="baekjoon", problem_id="1000")
    response = post(
        client_for("staff"),
        "save-problem",
        {"id": problem.pk, "platform": "codeforces", "problem_id": "9"},
    )
    assert response.status_code == 200
    problem.refresh_from_db()
    assert (problem.platform, problem.problem_id) == ("baekjoon", "1000")


# history/<id>/hints/generate/


def test_generate_hints_sends_the_task_for_a_failed_run(client_for, owner, sent):
    history = make_history(user=owner, failed_count=2, total_count=3)
    client = client_for("owner")
    with assert_num_queries(GenerateHintsView.query_budget):
        response = post(client, "generate-hints", {}, history_id=history.pk)
    assert response.status_code == 202, response.content
    assert sent == [
        ("generate_hints_task", {"history_id": history.pk, "task_id": response.data["task_id"]})
    ]


def test_generate_hints_returns_hints_already_there_and_refuses_passed_runs(
    client_for, owner, sent
):
    client = client_for("owner")
    done = make_history(user=owner, failed_count=1, hints=["Check n = 1."])
    response = post(client, "generate-hints", {}, history_id=done.pk)
    assert (response.status_code, response.data["hints"]) == (200, ["Check n = 1."])
    passed = make_history(user=owner, failed_count=0, total_count=2, passed_count=2)
    response = post(client, "generate-hints", {}, history_id=passed.pk)
    assert response.status_code == 400
    assert "nothing to hint" in str(response.data["history_id"])
    assert sent == []


@pytest.mark.parametrize(
    ("who", "public", "status"),
    [
        ("owner", False, 202),
        ("staff", False, 202),
        ("other", False, 404),  # a private run is not even visible
        ("other", True, 403),  # a public run is, but its hints are the owner's
        ("anonymous", True, 401),
    ],
)
def test_generate_hints_is_for_the_owner_and_staff(client_for, owner, sent, who, public, status):
    history = make_history(user=owner, failed_count=1, is_code_public=public)
    response = post(client_for(who), "generate-hints", {}, history_id=history.pk)
    assert response.status_code == status
    assert len(sent) == (1 if status == 202 else 0)
