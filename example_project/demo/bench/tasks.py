"""The Celery tasks at size N, each run once with ``.apply()`` as a worker would run it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from algoitny_core.choices import JobType
from algoitny_core.tasks import (
    execute_code_task,
    extract_problem_info_task,
    generate_hints_task,
    generate_outputs_task,
    generate_script_task,
)
from example_project.demo.bench.data import Dataset, pending_job
from example_project.demo.bench.endpoints import Seed

ADD = "a, b = map(int, input().split())\nprint(a + b)\n"
# A page the offline backend reads without a network: a title and a line with a bound.
PAGE = "<html><h1>A+B</h1><p>1 ≤ A, B ≤ 10^9</p></html>"


@dataclass(frozen=True)
class Task:
    name: str
    label: str  # what N is for this task
    seed: Seed
    sandboxed: bool  # runs programs: N stops at the plan's task_max_n
    prepare: Callable[[Dataset], Callable[[], Any]]  # rows for the run, then the run itself


def _execute(data: Dataset) -> Callable[[], Any]:
    kwargs = {"problem_id": data.detail_problem.pk, "language": "python", "code": ADD}
    return lambda: execute_code_task.apply(kwargs=kwargs, task_id=f"bench-exec-{data.n}").get()


def _outputs(data: Dataset) -> Callable[[], Any]:
    kwargs = {"problem_id": data.outputs_problem.pk, "count": data.n, "seed": 1}
    return lambda: generate_outputs_task.apply(kwargs=kwargs).get()


def _script(data: Dataset) -> Callable[[], Any]:
    job = pending_job(JobType.SCRIPT_GENERATION, data.n)
    return lambda: generate_script_task.apply((job.pk,), task_id=f"bench-script-{data.n}").get()


def _extract(data: Dataset) -> Callable[[], Any]:
    # A URL of its own per size: each run is a cache miss that calls the backend.
    url = f"https://example.com/bench/{data.n}"
    job = pending_job(JobType.PROBLEM_EXTRACTION, data.n, problem_url=url)
    return lambda: extract_problem_info_task.apply(
        (job.pk, PAGE), task_id=f"bench-extract-{data.n}"
    ).get()


def _hints(data: Dataset) -> Callable[[], Any]:
    return lambda: generate_hints_task.apply((data.failed_run.pk,)).get()


TASKS = (
    Task("execute_code_task", "N test cases", Seed("50+", "4"), True, _execute),
    Task("generate_outputs_task", "N test cases made", Seed("100+", "3"), True, _outputs),
    Task("generate_script_task", "N jobs in the table", Seed("10-15", "4-6"), False, _script),
    Task("extract_problem_info_task", "N jobs in the table", Seed("", ""), False, _extract),
    Task("generate_hints_task", "N failed tests", Seed("4-5", "2"), False, _hints),
)
