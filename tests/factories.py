"""Small builders for test rows: defaults that satisfy every constraint, overridable by keyword."""

from __future__ import annotations

import itertools
from typing import Any

from django.contrib.auth import get_user_model

from algoitny_core.models import Problem, ScriptGenerationJob, SearchHistory, TestCase

_seq = itertools.count(1)


def make_user(**kwargs: Any) -> Any:
    n = next(_seq)
    kwargs.setdefault("username", f"user{n}")
    kwargs.setdefault("email", f"user{n}@example.com")
    return get_user_model().objects.create(**kwargs)


def make_problem(*, test_cases: int = 0, **kwargs: Any) -> Problem:
    kwargs.setdefault("platform", "baekjoon")
    kwargs.setdefault("problem_id", str(1000 + next(_seq)))
    kwargs.setdefault("title", "A+B")
    kwargs.setdefault("is_completed", True)
    problem = Problem.objects.create(**kwargs)
    TestCase.objects.bulk_create(
        TestCase(problem=problem, input=f"{i} {i}\n", output=f"{2 * i}\n")
        for i in range(test_cases)
    )
    return problem


def make_history(
    *, user: Any = None, problem: Problem | None = None, **kwargs: Any
) -> SearchHistory:
    problem = problem or make_problem()
    kwargs.setdefault("language", "python")
    kwargs.setdefault("code", "print(1)")
    return SearchHistory.objects.create(
        user=user,
        problem=problem,
        platform=problem.platform,
        problem_number=problem.problem_id,
        problem_title=problem.title,
        **kwargs,
    )


def make_job(**kwargs: Any) -> ScriptGenerationJob:
    kwargs.setdefault("platform", "codeforces")
    kwargs.setdefault("problem_id", f"{next(_seq)}A")
    return ScriptGenerationJob.objects.create(**kwargs)
