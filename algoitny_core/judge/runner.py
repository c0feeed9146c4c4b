"""``run_tests``: compile a submission once and judge it on every test, in parallel."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from algoitny_core.conf import app_settings
from algoitny_core.judge.checkers import CheckerSpec, get_checker
from algoitny_core.judge.errors import InvalidSubmission, SandboxError
from algoitny_core.judge.languages import get_language
from algoitny_core.judge.limits import Limits
from algoitny_core.judge.program import CompileError, Program, compiled, trim, validate_source
from algoitny_core.judge.sandbox import get_runner
from algoitny_core.judge.verdicts import JudgeResult, TestResult, Verdict, overall_verdict

EXCERPT_CHARS = 1024  # of each test's output kept in its result
T = TypeVar("T")
R = TypeVar("R")


def as_case(test: Any) -> tuple[str, str]:
    """``(input, expected)`` from a pair or an object with ``input`` and ``output``."""
    if isinstance(test, tuple | list) and len(test) == 2:
        return str(test[0]), str(test[1])
    if hasattr(test, "input") and hasattr(test, "output"):
        return str(test.input), str(test.output)
    raise InvalidSubmission("tests", f"A test must be an (input, output) pair, not {test!r}.")


def validate_submission(language: str, source: str) -> None:
    """Raise ``InvalidSubmission`` for an unknown language or empty/oversized code;
    for a view to answer 400 before enqueueing a task."""
    get_language(language)
    validate_source(source)


def workers() -> int:
    """How many tests run at once: ``JUDGE_WORKERS`` or the CPU count."""
    return max(1, app_settings.JUDGE_WORKERS or os.cpu_count() or 1)


def parallel_map(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``function`` over ``items`` on up to ``workers()`` threads, results in input order."""
    count = min(workers(), len(items))
    if count <= 1:
        return [function(item) for item in items]
    with ThreadPoolExecutor(max_workers=count, thread_name_prefix="algoitny-judge") as pool:
        return list(pool.map(function, items))


def run_tests(
    language: str,
    source: str,
    tests: Iterable[Any],
    *,
    time_limit: float | None = None,
    memory_limit_mb: int | None = None,
    checker: CheckerSpec = "tokens",
) -> JudgeResult:
    """Judge ``source`` on ``tests``. Limits default to ``TIME_LIMIT`` / ``MEMORY_LIMIT_MB``;
    the language's multiplier and offset apply to the time limit. Bad input raises
    ``InvalidSubmission``; everything the code does is a verdict."""
    lang = get_language(language)
    data = validate_source(source)
    cases = [as_case(test) for test in tests]
    if not cases:
        raise InvalidSubmission("tests", "There are no test cases to run.")
    check = get_checker(checker)
    time_limit = app_settings.TIME_LIMIT if time_limit is None else time_limit
    memory = app_settings.MEMORY_LIMIT_MB if memory_limit_mb is None else memory_limit_mb
    effective = lang.time_limit(time_limit)

    def result(verdict: Verdict, results: list[TestResult], output: str = "") -> JudgeResult:
        return JudgeResult(verdict, results, lang.name, effective, memory, output)

    try:
        runner = get_runner()
        with compiled(lang, data, runner) as program:

            def judge(item: tuple[int, tuple[str, str]]) -> TestResult:
                index, (stdin, expected) = item
                # Room for the right answer however long it is, and then some.
                output_limit = max(app_settings.OUTPUT_LIMIT_BYTES, 2 * len(expected) + 1024)
                limits = lang.run_limits(time_limit, memory, output_limit)
                return judge_case(program, index, stdin, expected, limits, check)

            results = parallel_map(judge, list(enumerate(cases, 1)))
    except CompileError as exc:
        return result(Verdict.CE, [], str(exc))
    except SandboxError as exc:
        return result(Verdict.IE, [], f"Internal error: {exc}")
    return result(overall_verdict(results), results)


def judge_case(
    program: Program,
    index: int,
    stdin: str,
    expected: str,
    limits: Limits,
    check: Callable[[str, str, str], bool],
) -> TestResult:
    """Run one test and check its output."""
    try:
        outcome = program.run(stdin.encode(), limits)
    except SandboxError as exc:
        return TestResult(index, Verdict.IE, message=f"Internal error: {exc}")
    done = outcome.completed
    output = done.stdout.decode(errors="replace")
    verdict, message = outcome.verdict, outcome.message
    if verdict is None:
        try:
            verdict = Verdict.AC if check(stdin, output, expected) else Verdict.WA
        except SandboxError as exc:
            verdict, message = Verdict.IE, f"Internal error: {exc}"
    if verdict == Verdict.RE and done.signal is None:
        message = message or trim(done.stderr, 500)
    return TestResult(
        index=index,
        verdict=verdict,
        time=round(done.cpu_time, 3),
        wall_time=round(done.wall_time, 3),
        memory=done.max_rss_kb,
        output=output[:EXCERPT_CHARS],
        message=message,
        exit_code=done.exit_code,
        signal=outcome.signal_name,
    )
