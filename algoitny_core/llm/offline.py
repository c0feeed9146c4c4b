"""The default backend: deterministic, no network, no model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from algoitny_core.llm.base import LLMError, ProblemInfo, ProblemLike
from algoitny_core.llm.constraints import parse_constraints
from algoitny_core.llm.hints import offline_hints
from algoitny_core.llm.layouts import extract
from algoitny_core.llm.pages import validate_url
from algoitny_core.llm.script import render_script


class OfflineBackend:
    """Reads constraints with a parser, writes generators from a template, hints from failures."""

    def extract_problem_info(self, url: str, html: str | None = None) -> ProblemInfo:
        """Read the Baekjoon or Codeforces page ``html``; without it there is nothing to read."""
        validate_url(url)
        if html is None:
            raise LLMError(
                "The offline backend does not fetch pages: pass the page's HTML, "
                "or configure a backend that can fetch (e.g. GeminiBackend)."
            )
        return extract(url, html)

    def generate_generator_script(self, problem: ProblemLike) -> str:
        """A generator for the constraints in ``problem.constraints``."""
        return render_script(parse_constraints(problem.constraints or ""))

    def generate_hints(
        self, problem: ProblemLike, code: str, failures: Sequence[Mapping[str, Any]]
    ) -> list[str]:
        """Hints read from the failures: first differing line, verdicts, edge sizes."""
        return offline_hints(problem, code, failures)
