"""A language-model backend for tests: answers what the test tells it and records each call.

Configured by dotted path (``ALGOITNY["LLM_BACKEND"]``), as a host configures a real one;
``get_backend()`` builds a new instance per task run, so the script lives on the class.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from django.db import connection

from algoitny_core.llm import ProblemInfo, ProblemLike

PATH = "tests.tasks.backends.RecordingBackend"

DEFAULT_INFO = ProblemInfo(
    url="https://codeforces.com/problemset/problem/4/A",
    platform="codeforces",
    problem_id="4A",
    title="Watermelon",
    constraints="1 ≤ w ≤ 100",
    tags=("math", "brute force"),
)


class InTurn:
    """Answers given one per call, the last one repeated."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)

    def next(self) -> Any:
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


class RecordingBackend:
    """Each answer is a value, an exception to raise, a callable giving one of those, or
    an :class:`InTurn`. ``calls`` holds ``(method, argument)``; ``atomic`` whether a
    transaction was open at each call."""

    answers: ClassVar[dict[str, Any]] = {}
    calls: ClassVar[list[tuple[str, Any]]] = []
    atomic: ClassVar[list[bool]] = []

    @classmethod
    def reset(cls) -> None:
        cls.answers = {"script": "print(1)\n", "info": DEFAULT_INFO, "hints": ["Check n = 1."]}
        cls.calls = []
        cls.atomic = []

    @classmethod
    def count(cls, method: str) -> int:
        return sum(name == method for name, _ in cls.calls)

    def _answer(self, method: str, argument: Any) -> Any:
        type(self).calls.append((method, argument))
        type(self).atomic.append(connection.in_atomic_block)
        answer = self.answers[method]
        if isinstance(answer, InTurn):
            answer = answer.next()
        if callable(answer):
            answer = answer()
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def extract_problem_info(self, url: str, html: str | None = None) -> ProblemInfo:
        result: ProblemInfo = self._answer("info", url)
        return result

    def generate_generator_script(self, problem: ProblemLike) -> str:
        result: str = self._answer("script", problem.problem_id)
        return result

    def generate_hints(
        self, problem: ProblemLike, code: str, failures: Sequence[Mapping[str, Any]]
    ) -> list[str]:
        result: list[str] = self._answer("hints", (problem.title, len(failures)))
        return result
