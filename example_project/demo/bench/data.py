"""The rows a bench size N needs: exactly N of each thing a list or a task reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from rest_framework.authtoken.models import Token

from algoitny_core.choices import JobStatus, Platform
from algoitny_core.models import Problem, ScriptGenerationJob, SearchHistory, TestCase

BATCH = 1000
LANGUAGES = ("python", "cpp")
# Realistic sizes for the large columns lists leave out: what the "data transfer" rows weigh.
SOLUTION = (
    "import sys\n\n\ndef main():\n    a, b = map(int, sys.stdin.readline().split())\n"
    + ("    # keep the reference solution readable\n" * 8)
    + "    print(a + b)\n\n\nmain()\n"
)
CONSTRAINTS = "1 ≤ A, B ≤ 10^9\nThe input has one line with A and B."
GENERATOR = (
    "import random, sys\n"
    "seed, index, count = map(int, sys.argv[1:])\n"
    "rng = random.Random(f'{seed}:{index}')\n"
    "print(rng.randint(1, 10**9), rng.randint(1, 10**9))\n"
)
GENERATOR_PADDING = "# generator notes: bounds, edge cases, seeds\n" * 30
RESULTS = [{"verdict": "AC", "time": 0.01, "memory": 9000, "test_case_id": i} for i in range(10)]


@dataclass
class Dataset:
    """What the measurements look up: who asks, and the rows with N children."""

    n: int
    staff_token: str
    runner: Any  # the user who owns the N runs
    runner_token: str
    detail_problem: Problem  # published, with N test cases
    outputs_problem: Problem  # has a completed generator job: generate_outputs_task's input
    failed_run: SearchHistory  # N failed tests, no hints yet: generate_hints_task's input


def _bulk(model: Any, rows: list[Any]) -> list[Any]:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def _problem(i: int, *, completed: bool, now: Any, prefix: str = "") -> Problem:
    return Problem(
        platform=Platform.values[i % 2],
        problem_id=f"{prefix}{1000 + i}",
        title=f"Bench problem {prefix}{i}",
        problem_url=f"https://example.com/problems/{prefix}{i}",
        tags=["math", "implementation"],
        solution_code=SOLUTION,
        language="python",
        constraints=CONSTRAINTS,
        is_completed=completed,
        created_at=now - timedelta(seconds=i),
    )


def _test_cases(problem: Problem, n: int, now: Any) -> list[TestCase]:
    return [
        TestCase(
            problem=problem,
            input=f"{i} {i + 1}\n",
            output=f"{2 * i + 1}\n",
            created_at=now + timedelta(microseconds=i),
        )
        for i in range(n)
    ]


def _users() -> tuple[str, Any, str]:
    user_model = get_user_model()
    staff = user_model.objects.create(username="bench-staff", is_staff=True)
    runner = user_model.objects.create(username="bench-runner", email="runner@example.com")
    tokens = _bulk(Token, [Token(user=staff, key="s" * 40), Token(user=runner, key="r" * 40)])
    return tokens[0].key, runner, tokens[1].key


def analyze(models: list[Any]) -> None:
    """Fresh planner statistics, as a database in service has: rows bulk-loaded a moment
    ago are otherwise unknown to PostgreSQL's planner, which then picks scans for N rows."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")


def build(n: int) -> Dataset:
    """N published problems with a test case each, N drafts, N public runs of one user,
    N generation jobs, and one problem with N test cases."""
    now = timezone.now()
    staff_token, runner, runner_token = _users()
    published = _bulk(Problem, [_problem(i, completed=True, now=now) for i in range(n)])
    _bulk(Problem, [_problem(i, completed=False, now=now, prefix="d") for i in range(n)])
    detail, outputs = _bulk(
        Problem, [_problem(i, completed=True, now=now, prefix="x") for i in range(2)]
    )
    cases = [c for p in published for c in _test_cases(p, 1, now)] + _test_cases(detail, n, now)
    _bulk(TestCase, cases)
    runs = [
        SearchHistory(
            user=runner,
            user_identifier=runner.email,
            problem=published[i],
            platform=published[i].platform,
            problem_number=published[i].problem_id,
            problem_title=published[i].title,
            language=LANGUAGES[i % 2],
            code=SOLUTION,
            result_summary="AC (10/10)" if i % 3 else "WA (7/10)",
            passed_count=10 if i % 3 else 7,
            failed_count=0 if i % 3 else 3,
            total_count=10,
            is_code_public=True,
            test_results=RESULTS,
            created_at=now - timedelta(seconds=i),
        )
        for i in range(n)
    ]
    failures = [
        {"verdict": "WA", "test_case_id": i, "input": f"{i} 1\n", "expected": f"{i + 1}\n"}
        for i in range(n)
    ]
    failed = SearchHistory(
        user=runner,
        problem=detail,
        platform=detail.platform,
        problem_number=detail.problem_id,
        problem_title=detail.title,
        language="python",
        code="a, b = map(int, input().split())\nprint(a - b)\n",
        failed_count=n,
        total_count=n,
        test_results=failures,
        created_at=now - timedelta(days=1),  # last in every list
    )
    _bulk(SearchHistory, [*runs, failed])
    jobs = [
        ScriptGenerationJob(
            platform=Platform.values[i % 2],
            problem_id=f"{1000 + i}",
            title=f"Bench problem {i}",
            problem_url=f"https://example.com/problems/{i}",
            tags=["math"],
            solution_code=SOLUTION,
            language="python",
            constraints=CONSTRAINTS,
            status=JobStatus.COMPLETED,
            generator_code=GENERATOR + GENERATOR_PADDING,
            created_at=now - timedelta(seconds=i),
        )
        for i in range(n)
    ]
    jobs.append(
        ScriptGenerationJob(
            platform=outputs.platform,
            problem_id=outputs.problem_id,
            status=JobStatus.COMPLETED,
            generator_code=GENERATOR,
            created_at=now - timedelta(days=1),
        )
    )
    _bulk(ScriptGenerationJob, jobs)
    analyze([Problem, TestCase, SearchHistory, ScriptGenerationJob, get_user_model()])
    return Dataset(n, staff_token, runner, runner_token, detail, outputs, failed)


def pending_job(job_type: str, n: int, **fields: Any) -> ScriptGenerationJob:
    """A job for a task to claim (the N jobs above are its neighbours in the table)."""
    return ScriptGenerationJob.objects.create(
        platform=Platform.CODEFORCES,
        problem_id=f"{n}A",
        job_type=job_type,
        constraints=CONSTRAINTS,
        **fields,
    )
