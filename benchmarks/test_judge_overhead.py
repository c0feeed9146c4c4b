"""What the judge adds to each test case, against a bare ``subprocess.run`` of the same
compiled program, for Python and C++, under bwrap and under rlimits, and under bwrap with
the Python reaper (the fallback where no C compiler built the compiled one).

Run with ``python -m pytest benchmarks -k judge``; the overhead per test is the median of a
judged run minus the median of the bare run (each over ``ROUNDS`` tests). A benchmark, not
a test: nothing here asserts a time.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator

import pytest
from django.test import override_settings

from algoitny_core.judge import get_language, get_runner
from algoitny_core.judge.limits import SANDBOX_PATH
from algoitny_core.judge.program import Program, compiled

ROUNDS = 60
SOURCES = {
    "python": "a, b = map(int, input().split())\nprint(a + b)",
    "cpp": '#include <cstdio>\nint main() { int a, b; scanf("%d %d", &a, &b);'
    ' printf("%d\\n", a + b); }',
}
STDIN = b"20 22\n"


@pytest.fixture(params=["python", "cpp"])
def program(request: pytest.FixtureRequest) -> Iterator[Program]:
    language = get_language(request.param)
    source = SOURCES[request.param].encode()
    with (
        override_settings(ALGOITNY={"SANDBOX": "bwrap"}),
        compiled(language, source, get_runner()) as program,
    ):
        yield program


def test_bare_subprocess(benchmark, program: Program) -> None:
    benchmark.group = f"judge overhead {program.language.name}"
    # The interpreter the judge runs, not whatever shim comes first on this PATH.
    run = program.language.run
    argv = [shutil.which(run[0], path=SANDBOX_PATH) or run[0], *run[1:]]

    def bare() -> None:
        done = subprocess.run(argv, input=STDIN, capture_output=True, cwd=program.workdir)
        assert done.stdout == b"42\n"

    benchmark.pedantic(bare, rounds=ROUNDS, warmup_rounds=3)


@pytest.mark.parametrize("sandbox", ["bwrap", "rlimits", "bwrap-python-reaper"])
def test_judged(benchmark, program: Program, sandbox: str, monkeypatch: pytest.MonkeyPatch) -> None:
    benchmark.group = f"judge overhead {program.language.name}"
    limits = program.language.run_limits(2.0, 256, 64 * 1024)
    if sandbox == "bwrap-python-reaper":
        monkeypatch.setattr("algoitny_core.judge.sandbox.compiled_reaper", lambda: None)
    with override_settings(ALGOITNY={"SANDBOX": sandbox.removesuffix("-python-reaper")}):
        program.runner = get_runner()

    def judged() -> None:
        outcome = program.run(STDIN, limits)
        assert (outcome.verdict, outcome.completed.stdout) == (None, b"42\n")

    benchmark.pedantic(judged, rounds=ROUNDS, warmup_rounds=3)
