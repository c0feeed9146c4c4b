"""Make test cases from a generator script and a reference solution.

The generator contract: a Python 3 script, run in the sandbox once per test as ::

    python3 generator.py SEED INDEX COUNT

It prints one test's input on stdout and exits 0. Its output must depend only on its
arguments (seed its random numbers from them, e.g. ``random.seed(f"{seed}:{index}")``),
so the same script and seed reproduce the same inputs; INDEX runs from 0 to COUNT - 1
and may scale the test's size. The script sees no network, no files but its own, and
the limits of a Python program.

Each input may be checked by ``validate(input)``: returning False or raising rejects it
(an input that breaks the problem's constraints) and the generation fails. The reference
solution then runs on every input; its stdout is the expected output. Any failure of the
generator, a validation or the solution fails the whole generation with a reason, so a
caller keeps its old test cases.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import secrets
from collections.abc import Callable

from algoitny_core.conf import app_settings
from algoitny_core.judge.errors import InvalidSubmission, SandboxError
from algoitny_core.judge.languages import get_language
from algoitny_core.judge.program import CompileError, Outcome, compiled, trim, validate_source
from algoitny_core.judge.runner import parallel_map
from algoitny_core.judge.sandbox import get_runner

MAX_COUNT = 1000
GENERATED_BYTES = 8 * 1024 * 1024  # output limit for a generated input or its answer
Validator = Callable[[str], "bool | None"]


@dataclasses.dataclass(frozen=True)
class GeneratedCase:
    """One generated test: its input and the reference solution's output."""

    input: str
    output: str


@dataclasses.dataclass(frozen=True)
class GenerationResult:
    """The cases made, or why none were: ``stage`` is "generator", "validation" or
    "solution" and ``index`` the failing test (0-based) when ``ok`` is False."""

    ok: bool
    seed: int
    script_hash: str
    cases: list[GeneratedCase] = dataclasses.field(default_factory=list)
    error: str = ""
    stage: str | None = None
    index: int | None = None


def script_hash(source: str) -> str:
    """The SHA-256 of a generator script, stored with the cases it made."""
    return hashlib.sha256(source.encode()).hexdigest()


def _failure(outcome: Outcome, what: str) -> str:
    stderr = trim(outcome.completed.stderr, 500)
    return f"{what}: {outcome.verdict} ({outcome.message}){' ' + stderr if stderr else ''}"


def generate_test_cases(
    generator_source: str,
    solution_source: str,
    language: str,
    *,
    count: int,
    seed: int | None = None,
    validate: Validator | None = None,
    time_limit: float | None = None,
    memory_limit_mb: int | None = None,
) -> GenerationResult:
    """Run the generator ``count`` times with ``seed`` (random when None, and reported),
    then the ``language`` solution on each input. Bad arguments raise ``InvalidSubmission``."""
    if not 1 <= count <= MAX_COUNT:
        raise InvalidSubmission("count", f"count must be between 1 and {MAX_COUNT}.")
    python, solution_lang = get_language("python"), get_language(language)
    gen_data, sol_data = validate_source(generator_source), validate_source(solution_source)
    seed = secrets.randbelow(2**31) if seed is None else seed
    time_limit = app_settings.TIME_LIMIT if time_limit is None else time_limit
    memory = app_settings.MEMORY_LIMIT_MB if memory_limit_mb is None else memory_limit_mb
    result = functools.partial(
        GenerationResult, seed=seed, script_hash=script_hash(generator_source)
    )
    runner = get_runner()
    try:
        with compiled(python, gen_data, runner) as generator:
            limits = python.run_limits(time_limit, memory, GENERATED_BYTES)
            args = [[str(seed), str(i), str(count)] for i in range(count)]
            runs = parallel_map(lambda a: generator.run(b"", limits, a), args)
    except CompileError as exc:
        return result(ok=False, stage="generator", error=f"generator does not compile: {exc}")
    except SandboxError as exc:
        return result(ok=False, stage="generator", error=f"internal error: {exc}")
    inputs = []
    for index, outcome in enumerate(runs):
        text = outcome.completed.stdout.decode(errors="replace")
        if outcome.verdict is not None:
            return result(
                ok=False, stage="generator", index=index, error=_failure(outcome, "generator")
            )
        if not text.strip():
            return result(
                ok=False, stage="generator", index=index, error="generator printed nothing"
            )
        try:
            valid = validate is None or validate(text) is not False
            reason = "the validator rejected it"
        except Exception as exc:  # a validator says why by raising
            valid, reason = False, str(exc) or type(exc).__name__
        if not valid:
            return result(
                ok=False, stage="validation", index=index, error=f"input {index}: {reason}"
            )
        inputs.append(text)
    try:
        with compiled(solution_lang, sol_data, runner) as solution:
            limits = solution_lang.run_limits(time_limit, memory, GENERATED_BYTES)
            runs = parallel_map(lambda text: solution.run(text.encode(), limits), inputs)
    except CompileError as exc:
        return result(ok=False, stage="solution", error=f"solution does not compile: {exc}")
    except SandboxError as exc:
        return result(ok=False, stage="solution", error=f"internal error: {exc}")
    cases = []
    for index, (text, outcome) in enumerate(zip(inputs, runs, strict=True)):
        if outcome.verdict is not None:
            return result(
                ok=False, stage="solution", index=index, error=_failure(outcome, "solution")
            )
        cases.append(GeneratedCase(text, outcome.completed.stdout.decode(errors="replace")))
    return result(ok=True, cases=cases)
