"""``run_tests`` as a whole: overall verdict, order, limits reported, messages, rusage."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass

import pytest

from algoitny_core.judge import BwrapRunner, JudgeResult, RunRequest, Verdict, run_tests
from algoitny_core.judge.program import MESSAGE_CHARS
from algoitny_core.judge.sandbox import Completed
from tests.judge.conftest import judge_settings

pytestmark = pytest.mark.sqlite_only

DOUBLE = "print(int(input()) * 2)"


def test_overall_verdict_is_the_first_non_accepted_in_test_order() -> None:
    ac, wa, re = ("1\n", "2\n"), ("2\n", "5\n"), ("not a number\n", "0\n")
    assert run_tests("python", DOUBLE, [ac, wa, re]).verdict == "WA"
    result = run_tests("python", DOUBLE, [ac, re, wa])
    assert result.verdict == "RE"
    assert [r.verdict for r in result.results] == ["AC", "RE", "WA"]
    assert run_tests("python", DOUBLE, [ac, ac]).verdict == "AC"


class CountingRunner(BwrapRunner):
    """Records how many runs were in flight at once."""

    lock = threading.Lock()
    running = peak = 0

    def run(self, request: RunRequest) -> Completed:
        cls = type(self)
        with cls.lock:
            cls.running += 1
            cls.peak = max(cls.peak, cls.running)
        try:
            return super().run(request)
        finally:
            with cls.lock:
                cls.running -= 1


def test_parallel_runs_report_results_in_test_order() -> None:
    # Earlier tests sleep longer, so they finish last when the tests run side by side.
    source = "import time\nn = int(input())\ntime.sleep(n / 20)\nprint(n * 2)"
    tests = [(f"{n}\n", f"{n * 2}\n") for n in (6, 5, 4, 3, 2, 1)]
    CountingRunner.peak = 0
    path = f"{__name__}.CountingRunner"
    with judge_settings(SANDBOX=path, JUDGE_WORKERS=3):
        result = run_tests("python", source, tests)
    assert result.verdict == "AC"
    assert [r.index for r in result.results] == [1, 2, 3, 4, 5, 6]
    assert [r.output for r in result.results] == [f"{n * 2}\n" for n in (6, 5, 4, 3, 2, 1)]
    assert CountingRunner.peak == 3


def test_one_worker_runs_tests_one_at_a_time() -> None:
    CountingRunner.peak = 0
    with judge_settings(SANDBOX=f"{__name__}.CountingRunner", JUDGE_WORKERS=1):
        run_tests("python", DOUBLE, [("1", "2")] * 3)
    assert CountingRunner.peak == 1


def test_language_multiplier_and_offset_give_the_effective_limit() -> None:
    # Burns 0.8 s of CPU: over the 0.5 s asked for, under the effective 0.5 * 2 + 0.5.
    burn = "import time\nwhile time.process_time() < 0.8:\n    pass\nprint('done')"
    slow = {"python": {"time_multiplier": 2, "time_offset": 0.5}}
    with judge_settings(SANDBOX="bwrap", LANGUAGES=slow):
        result = run_tests("python", burn, [("", "done")], time_limit=0.5)
    assert (result.verdict, result.time_limit) == ("AC", 1.5)
    assert result.results[0].time >= 0.8


def test_builtin_python_rule_is_three_times_plus_two_seconds() -> None:
    with judge_settings(SANDBOX="bwrap", LANGUAGES={}):
        result = run_tests("python", DOUBLE, [("1", "2")], time_limit=1.0)
    assert result.time_limit == 5.0
    assert run_tests("cpp", "int main() {}", [("", "")], time_limit=1.0).time_limit == 1.0


def test_compile_error_message_is_trimmed() -> None:
    source = "int main() {\n" + "  undeclared_name_%d = 1;\n" * 400 + "}"
    result = run_tests("cpp", source % tuple(range(400)), [("", "")])
    assert result.verdict == "CE"
    assert "undeclared_name_0" in result.compile_output
    head, _, note = result.compile_output.rpartition("\n... (")
    assert len(head) == MESSAGE_CHARS
    assert note.endswith(" more characters)")


@pytest.mark.parametrize(
    ("language", "source", "signal"),
    [
        ("cpp", "int main() { volatile int *p = nullptr; *p = 1; }", "SIGSEGV"),
        ("cpp", "#include <cstdlib>\nint main() { abort(); }", "SIGABRT"),
        ("python", "import os, signal\nos.kill(os.getpid(), signal.SIGFPE)", "SIGFPE"),
    ],
)
def test_runtime_error_names_the_signal(language: str, source: str, signal: str) -> None:
    [result] = run_tests(language, source, [("", "")]).results
    assert (result.verdict, result.signal, result.exit_code) == ("RE", signal, None)
    assert result.message == f"Killed by {signal}."


def test_runtime_error_keeps_the_exit_code_and_stderr() -> None:
    [result] = run_tests("python", "raise ValueError('bad input')", [("", "")]).results
    assert (result.verdict, result.exit_code, result.signal) == ("RE", 1, None)
    assert result.message.startswith("Exit code 1.")
    assert "ValueError: bad input" in result.message


def test_cpu_time_and_peak_memory_are_the_programs_own() -> None:
    source = (
        "import time\nblock = bytearray(100 << 20)\nfor i in range(0, len(block), 4096):\n"
        "    block[i] = 1\nwhile time.process_time() < 0.3:\n    pass\nprint('ok')"
    )
    [heavy] = run_tests("python", source, [("", "ok")], memory_limit_mb=256).results
    assert heavy.verdict == "AC"
    assert heavy.time >= 0.3
    assert heavy.memory >= 100 * 1024
    [light] = run_tests("cpp", "int main() {}", [("", "")]).results
    # The reaper's few MiB, not the worker's image the program was started from.
    assert 0 < light.memory < 32 * 1024
    assert light.wall_time >= light.time


def test_wall_clock_limit_reports_the_programs_own_rusage() -> None:
    sleeper = "import time\ntime.sleep(60)"
    [result] = run_tests("python", sleeper, [("", "")], time_limit=0.5).results
    assert (result.verdict, result.signal) == ("TLE", "SIGKILL")
    assert result.time < 0.5  # it slept: the CPU time is small, as measured
    assert result.memory > 0


@dataclass
class Row:
    """Stands in for a TestCase row."""

    input: str
    output: str


def test_rows_with_input_and_output_attributes_are_tests() -> None:
    result = run_tests("python", DOUBLE, [Row("3\n", "6\n"), Row("4\n", "8\n")])
    assert (result.verdict, result.passed, result.total) == ("AC", 2, 2)


def test_result_is_json_ready() -> None:
    result = run_tests("python", DOUBLE, [("1", "2"), ("2", "5")])
    data = json.loads(json.dumps(result.as_dict()))
    assert data["verdict"] == "WA"
    assert (data["passed"], data["total"], data["language"]) == (1, 2, "python")
    assert [r["verdict"] for r in data["results"]] == ["AC", "WA"]
    assert set(data["results"][0]) == {
        "index", "verdict", "time", "wall_time", "memory", "output", "message",
        "exit_code", "signal",
    }  # fmt: skip
    assert result.max_memory == max(r.memory for r in result.results)
    assert result.max_time == max(r.time for r in result.results)


def test_verdict_is_a_string() -> None:
    result = JudgeResult(Verdict.AC, [], "python", 1.0, 64)
    assert result.verdict == "AC"
    assert json.dumps(result.verdict) == '"AC"'
