"""Verdicts and the result objects ``run_tests`` returns."""

from __future__ import annotations

import dataclasses
import enum
from typing import Any


class Verdict(enum.StrEnum):
    """A test's or a submission's outcome; a ``str``, so ``verdict == "AC"`` holds."""

    AC = "AC"  # accepted
    WA = "WA"  # wrong answer
    TLE = "TLE"  # CPU or wall time limit exceeded
    MLE = "MLE"  # memory limit exceeded
    RE = "RE"  # runtime error: non-zero exit or a signal
    CE = "CE"  # compile error
    OLE = "OLE"  # output limit exceeded
    IE = "IE"  # internal error: the judge failed, not the submission


@dataclasses.dataclass(frozen=True)
class TestResult:
    """One test's outcome; ``time`` is CPU seconds, ``memory`` peak RSS in KiB."""

    __test__ = False  # not a pytest test class, despite the name

    index: int
    verdict: Verdict
    time: float = 0.0
    wall_time: float = 0.0
    memory: int = 0
    output: str = ""
    message: str = ""
    exit_code: int | None = None
    signal: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, e.g. for a history row's per-test results."""
        data = dataclasses.asdict(self)
        data["verdict"] = str(self.verdict)
        return data


@dataclasses.dataclass(frozen=True)
class JudgeResult:
    """A submission's outcome: the overall verdict and one result per test, in test order."""

    verdict: Verdict
    results: list[TestResult]
    language: str
    time_limit: float
    memory_limit_mb: int
    compile_output: str = ""

    @property
    def passed(self) -> int:
        """How many tests were accepted."""
        return sum(r.verdict == Verdict.AC for r in self.results)

    @property
    def total(self) -> int:
        """How many tests ran."""
        return len(self.results)

    @property
    def max_time(self) -> float:
        """The slowest test's CPU time in seconds."""
        return max((r.time for r in self.results), default=0.0)

    @property
    def max_memory(self) -> int:
        """The largest peak RSS of any test, in KiB."""
        return max((r.memory for r in self.results), default=0)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the whole result."""
        return {
            "verdict": str(self.verdict),
            "language": self.language,
            "time_limit": self.time_limit,
            "memory_limit_mb": self.memory_limit_mb,
            "compile_output": self.compile_output,
            "passed": self.passed,
            "total": self.total,
            "results": [r.as_dict() for r in self.results],
        }


def overall_verdict(results: list[TestResult]) -> Verdict:
    """The first non-AC verdict in test order, or AC."""
    return next((r.verdict for r in results if r.verdict != Verdict.AC), Verdict.AC)
