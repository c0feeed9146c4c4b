"""Hints for a failed run: the history row with its problem in one query, the hints in one
more; a run with no failures, or with hints already, costs one query and no model call."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from celery import shared_task

from algoitny_core.llm import LLMError, ProblemLike, TransientLLMError, get_backend
from algoitny_core.models import SearchHistory
from algoitny_core.tasks.generation import PROBLEM_FIELDS
from algoitny_core.tasks.options import TASK_OPTIONS

HISTORY_FIELDS = ("id", "code", "test_results", "hints", "metadata", "problem_title")


@dataclasses.dataclass
class DeletedProblem:
    """Stands for a problem deleted since the run (the history keeps its title)."""

    title: str
    platform: str = ""
    problem_id: str = ""
    problem_url: str = ""
    tags: Any = ()
    solution_code: str = ""
    language: str = ""
    constraints: str = ""


def failures(test_results: Any) -> list[Mapping[str, Any]]:
    """The results of the tests the run did not pass."""
    if not isinstance(test_results, list):
        return []
    return [
        r
        for r in test_results
        if isinstance(r, Mapping) and (r.get("passed") is False or r.get("verdict", "AC") != "AC")
    ]


@shared_task(**TASK_OPTIONS)
def generate_hints_task(self: Any, history_id: int) -> dict[str, Any]:
    """Store hints for the run ``history_id``; two queries, one when there is nothing to do."""
    history = (
        SearchHistory.objects.select_related("problem")
        .only(*HISTORY_FIELDS, *(f"problem__{name}" for name in PROBLEM_FIELDS))
        .filter(pk=history_id)
        .first()
    )
    if history is None:
        return {"history_id": history_id, "hints": None, "error": "No such run."}
    failed = failures(history.test_results)
    if history.hints is not None or not failed:
        return {"history_id": history_id, "hints": history.hints, "error": ""}
    problem: ProblemLike = history.problem or DeletedProblem(title=history.problem_title)
    try:
        hints = get_backend().generate_hints(problem, history.code, failed)
        if not hints or not all(isinstance(h, str) for h in hints):
            raise LLMError("The backend returned no hints.")
    except (LLMError, TransientLLMError) as exc:
        if isinstance(exc, TransientLLMError) and self.request.retries < self.max_retries:
            raise  # autoretry
        # Kept beside the run, not as its hints: asking again may still succeed.
        metadata = {**(history.metadata or {}), "hints_error": str(exc)}
        SearchHistory.objects.filter(pk=history_id).update(metadata=metadata)
        return {"history_id": history_id, "hints": None, "error": str(exc)}
    # A concurrent run may have written first: its hints stay.
    SearchHistory.objects.filter(pk=history_id, hints__isnull=True).update(hints=list(hints))
    return {"history_id": history_id, "hints": list(hints), "error": ""}
