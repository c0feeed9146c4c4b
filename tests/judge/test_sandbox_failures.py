"""A sandbox that fails is an internal error (IE), retried once, never the code's fault."""

from __future__ import annotations

import pytest

from algoitny_core.judge import (
    BwrapRunner,
    RlimitsRunner,
    RunRequest,
    SandboxError,
    SandboxUnavailable,
    get_runner,
    run_tests,
)
from algoitny_core.judge.reaper import ReaperError, parse_report
from algoitny_core.judge.sandbox import Completed
from tests.judge.conftest import judge_settings

pytestmark = pytest.mark.sqlite_only

DOUBLE = "print(int(input()) * 2)"
HERE = __name__


class BrokenRunner:
    """Fails every time, as a sandbox that cannot start would."""

    name = "broken"
    calls = 0

    def run(self, request: RunRequest) -> Completed:
        type(self).calls += 1
        raise SandboxError("cannot create namespace")


class FailsOnRunRunner(BwrapRunner):
    """Compiles, then fails on every test run."""

    def run(self, request: RunRequest) -> Completed:
        if not request.writable:
            raise SandboxError("lost the sandbox")
        return super().run(request)


class FlakyRunner(BwrapRunner):
    """Fails the first attempt of every run, then works."""

    attempts = 0

    def run(self, request: RunRequest) -> Completed:
        type(self).attempts += 1
        if type(self).attempts % 2:
            raise SandboxError("transient")
        return super().run(request)


def test_sandbox_failure_at_compile_is_internal_error() -> None:
    BrokenRunner.calls = 0
    with judge_settings(SANDBOX=f"{HERE}.BrokenRunner"):
        result = run_tests("python", DOUBLE, [("1", "2")])
    assert (result.verdict, result.results) == ("IE", [])
    assert result.compile_output == "Internal error: cannot create namespace"
    assert BrokenRunner.calls == 2  # tried once more before giving up


def test_sandbox_failure_at_run_is_internal_error_not_runtime_error() -> None:
    with judge_settings(SANDBOX=f"{HERE}.FailsOnRunRunner"):
        result = run_tests("python", DOUBLE, [("1", "2"), ("2", "4")])
    assert result.verdict == "IE"
    assert [r.verdict for r in result.results] == ["IE", "IE"]
    assert result.results[0].message == "Internal error: lost the sandbox"


def test_a_transient_sandbox_failure_is_retried() -> None:
    FlakyRunner.attempts = 0
    with judge_settings(SANDBOX=f"{HERE}.FlakyRunner", JUDGE_WORKERS=1):
        result = run_tests("python", DOUBLE, [("1", "2"), ("2", "4")])
    assert result.verdict == "AC"
    assert FlakyRunner.attempts == 6  # compile and two runs, each tried twice


@pytest.mark.parametrize(
    ("report", "error"),
    [
        (b"", "gave no report"),
        (b"E FileNotFoundError(2, 'No such file or directory')\n", "could not execute"),
        (b"S garbage\n", "unreadable report"),
    ],
)
def test_reaper_failures_are_sandbox_errors(report: bytes, error: str) -> None:
    with pytest.raises(ReaperError, match=error):
        parse_report(report)


def test_reaper_report_last_line_wins() -> None:
    report = parse_report(b"S 0 9.0 9.0 1 0\nS 11 0.25 0.5 2048 1\n")
    assert (report.exit_code, report.signal, report.cpu_time) == (None, 11, 0.75)
    assert (report.max_rss_kb, report.timed_out) == (2048, True)


def test_program_that_cannot_be_executed_is_internal_error() -> None:
    missing = {"python": {"run": ["./no-such-program"], "compile": None}}
    with judge_settings(SANDBOX="bwrap", LANGUAGES=missing):
        [result] = run_tests("python", DOUBLE, [("1", "2")]).results
    assert result.verdict == "IE"
    assert "could not execute the program" in result.message


def test_runner_choice() -> None:
    with judge_settings(SANDBOX="bwrap"):
        assert isinstance(get_runner(), BwrapRunner)
    with judge_settings(SANDBOX="rlimits"):
        assert isinstance(get_runner(), RlimitsRunner)
    with judge_settings(SANDBOX=f"{HERE}.BrokenRunner"):
        assert isinstance(get_runner(), BrokenRunner)


def test_require_sandbox_refuses_the_limits_only_runner() -> None:
    with (
        judge_settings(SANDBOX="rlimits", REQUIRE_SANDBOX=True),
        pytest.raises(SandboxUnavailable, match="rlimits"),
    ):
        get_runner()


def test_require_sandbox_refuses_a_missing_bwrap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("algoitny_core.judge.sandbox.bwrap_works", lambda: False)
    with judge_settings(SANDBOX=None, REQUIRE_SANDBOX=True), pytest.raises(SandboxUnavailable):
        get_runner()
    with judge_settings(SANDBOX="bwrap"), pytest.raises(SandboxUnavailable):
        get_runner()
    with judge_settings(SANDBOX=None):
        assert isinstance(get_runner(), RlimitsRunner)  # no requirement: a downgrade, warned
