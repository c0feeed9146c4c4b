"""Celery tasks, one module per job kind. Each is thin: claim or read its rows, call a
service (the judge or a language model) with no transaction open, write the result.

Importing this package registers every task, as Celery's ``autodiscover_tasks()`` does.
"""

from __future__ import annotations

from algoitny_core.tasks.execution import execute_code_task, generate_outputs_task
from algoitny_core.tasks.generation import extract_problem_info_task, generate_script_task
from algoitny_core.tasks.hints import generate_hints_task
from algoitny_core.tasks.maintenance import requeue_stale_jobs

__all__ = [
    "execute_code_task",
    "extract_problem_info_task",
    "generate_hints_task",
    "generate_outputs_task",
    "generate_script_task",
    "requeue_stale_jobs",
]
