"""Judged runs: a user's code against a problem's test cases, and a problem's own test
cases made from its generator script and reference solution."""

from __future__ import annotations

import logging
import zlib
from typing import Any

from celery import shared_task
from django.db import IntegrityError, transaction
from django.db.models import F, Subquery
from django.utils import timezone

from algoitny_core.caching import invalidate_problems
from algoitny_core.judge import (
    InvalidSubmission,
    JudgeResult,
    SandboxError,
    Verdict,
    generate_test_cases,
)
from algoitny_core.judge import run_tests as judge_run
from algoitny_core.llm.constraints import input_validator
from algoitny_core.models import Problem, ScriptGenerationJob, SearchHistory, TestCase
from algoitny_core.tasks.options import TASK_OPTIONS

logger = logging.getLogger(__name__)

EXCERPT_CHARS = 1024  # of each failing test's input and expected output kept on the row
DEFAULT_TEST_COUNT = 20
INSERT_BATCH = 100


def _excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS] + "..."


def _test_results(result: JudgeResult, cases: list[tuple[int, str, str]]) -> list[dict[str, Any]]:
    """Per-test results; a failure keeps excerpts of its input and expected output, which
    is what hints are made from."""
    rows = []
    for test, (case_id, stdin, expected) in zip(result.results, cases, strict=False):
        row = {**test.as_dict(), "test_case_id": case_id}
        if test.verdict != Verdict.AC:
            row |= {"input": _excerpt(stdin), "expected": _excerpt(expected)}
        rows.append(row)
    return rows


@shared_task(**TASK_OPTIONS)
def execute_code_task(
    self: Any,
    problem_id: int,
    language: str,
    code: str,
    user_id: int | None = None,
    user_identifier: str = "",
    is_code_public: bool = False,
) -> dict[str, Any]:
    """Judge ``code`` on the problem's test cases and record the run as a ``SearchHistory``.

    Four queries whatever the number of tests: the problem (with the row this task id may
    already have written), its test cases, then the insert and the execution-count bump
    in one transaction. The same task id never writes two rows.
    """
    task_id = self.request.id
    problems = Problem.objects.filter(pk=problem_id).only("id", "platform", "problem_id", "title")
    if task_id:
        mine = SearchHistory.objects.filter(celery_task_id=task_id).values("pk")[:1]
        problems = problems.annotate(recorded=Subquery(mine))
    problem = problems.first()
    recorded = getattr(problem, "recorded", None)
    if recorded:
        return {"history_id": recorded, "duplicate": True}
    cases: list[tuple[int, str, str]] = []
    if problem is not None:
        cases = list(
            TestCase.objects.filter(problem_id=problem.pk)
            .order_by("created_at", "id")
            .values_list("id", "input", "output")
        )

    row: dict[str, Any] = {
        "user_id": user_id,
        "user_identifier": user_identifier,
        "problem": problem,
        "platform": problem.platform if problem else "",
        "problem_number": problem.problem_id if problem else str(problem_id),
        "problem_title": problem.title if problem else "",
        "language": language[:32],
        "code": code,
        "is_code_public": is_code_public,
        "celery_task_id": task_id,
        "total_count": len(cases),
    }
    try:
        if problem is None:
            raise InvalidSubmission("problem_id", f"Problem {problem_id} does not exist.")
        # No transaction is open here: the run may take minutes.
        result = judge_run(language, code, [(stdin, out) for _, stdin, out in cases])
    except InvalidSubmission as exc:
        # Bad input fails once, on the row, with the reason; retrying would fail again.
        row |= {
            "result_summary": f"Rejected: {exc.message}"[:255],
            # A rejected run is a failed one, in the account's stats too.
            "failed_count": max(len(cases), 1),
            "metadata": {"error": {"field": exc.field, "message": exc.message}},
        }
        return _record(row, bump=None)
    if result.verdict == Verdict.IE and self.request.retries < self.max_retries:
        # The sandbox failed, not the code: run it again later rather than blame the user.
        raise self.retry(countdown=2**self.request.retries)
    row |= {
        "result_summary": f"{result.verdict} ({result.passed}/{len(cases)})",
        "passed_count": result.passed,
        "failed_count": len(cases) - result.passed,
        "test_results": _test_results(result, cases),
        "metadata": {
            "verdict": str(result.verdict),
            "time_limit": result.time_limit,
            "memory_limit_mb": result.memory_limit_mb,
            "max_time": result.max_time,
            "max_memory_kb": result.max_memory,
            "compile_output": result.compile_output,
        },
    }
    return _record(row, bump=problem.pk)


def _record(row: dict[str, Any], bump: int | None) -> dict[str, Any]:
    """Insert the history row and bump the problem's execution count, both or neither."""
    try:
        with transaction.atomic():
            history = SearchHistory.objects.create(**row)
            if bump is not None:
                Problem.objects.filter(pk=bump).update(execution_count=F("execution_count") + 1)
                invalidate_problems(bump)  # its detail shows the count
    except IntegrityError:
        if not row["celery_task_id"]:
            raise
        # Another run of this same task won the race and wrote the row.
        existing = SearchHistory.objects.filter(celery_task_id=row["celery_task_id"])
        return {"history_id": existing.values_list("pk", flat=True).first(), "duplicate": True}
    return {
        "history_id": history.pk,
        "result_summary": history.result_summary,
        "passed_count": history.passed_count,
        "total_count": history.total_count,
        "duplicate": False,
    }


def _seed_for(task_id: str | None) -> int | None:
    """A redelivered task reproduces the inputs of its first run: the seed comes from its id."""
    return zlib.crc32(task_id.encode()) if task_id else None


@shared_task(**TASK_OPTIONS)
def generate_outputs_task(
    self: Any, problem_id: int, count: int = DEFAULT_TEST_COUNT, seed: int | None = None
) -> dict[str, Any]:
    """Replace the problem's test cases with ones made by its newest completed generator
    script and its reference solution.

    Three queries plus one per insert batch: the problem with its generator script, then,
    in one transaction, the delete, the inserts and the problem's metadata. A failing
    generator or solution keeps the old test cases and records why on the problem.
    """
    generator = ScriptGenerationJob.objects.generators_of_outer_problem()
    problem = (
        Problem.objects.filter(pk=problem_id)
        .only("id", "solution_code", "language", "constraints", "metadata")
        .annotate(generator_code=Subquery(generator.values("generator_code")[:1]))
        .first()
    )
    if problem is None:
        # Nothing to record the failure on: fail the task once, without retries.
        raise ValueError(f"Problem {problem_id} does not exist.")
    seed = _seed_for(self.request.id) if seed is None else seed
    try:
        if not problem.generator_code:
            raise InvalidSubmission("generator", "The problem has no completed generator script.")
        if not problem.language:
            raise InvalidSubmission("language", "The problem's solution has no language.")
        result = generate_test_cases(
            problem.generator_code,
            problem.solution_code,
            problem.language,
            count=count,
            seed=seed,
            validate=input_validator(problem.constraints),
        )
    except InvalidSubmission as exc:
        return _record_generation(problem, error=exc.message)
    if not result.ok and result.error.startswith("internal error"):
        # The sandbox failed, not the scripts: Celery retries (SandboxError is transient).
        raise SandboxError(result.error)
    if not result.ok:
        return _record_generation(problem, error=result.error, seed=result.seed)
    metadata = {
        "seed": result.seed,
        "script_hash": result.script_hash,
        "generated_at": timezone.now().isoformat(),
        "test_case_count": len(result.cases),
    }
    now = timezone.now()
    with transaction.atomic():
        TestCase.objects.filter(problem_id=problem.pk).delete()
        TestCase.objects.bulk_create(
            [
                TestCase(problem_id=problem.pk, input=c.input, output=c.output, created_at=now)
                for c in result.cases
            ],
            batch_size=INSERT_BATCH,
        )
        return _record_generation(problem, generation=metadata)


def _record_generation(
    problem: Problem,
    *,
    generation: dict[str, Any] | None = None,
    error: str = "",
    seed: int | None = None,
) -> dict[str, Any]:
    """Write the outcome into ``problem.metadata["generation"]`` in one UPDATE; a failure
    keeps the last successful generation's facts beside the error."""
    previous = problem.metadata.get("generation", {}) if isinstance(problem.metadata, dict) else {}
    if generation is None:
        generation = {**previous, "error": error, "failed_seed": seed}
    metadata = {**(problem.metadata or {}), "generation": generation}
    Problem.objects.filter(pk=problem.pk).update(metadata=metadata)
    invalidate_problems(problem.pk)  # its detail shows the metadata and the test cases
    return {"problem_id": problem.pk, "ok": not error, "error": error, **generation}
