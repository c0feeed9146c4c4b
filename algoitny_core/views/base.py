"""What the views share: the token lookup every authenticated request costs, and enqueueing."""

from __future__ import annotations

import functools
import uuid
from typing import Any

from celery import Task
from django.db import transaction
from django.urls import reverse

# DRF's TokenAuthentication reads the token and its user in one query.
TOKEN_LOOKUP = 1


def new_task_id() -> str:
    """A task id chosen before sending, so the row that starts a job can store it."""
    return str(uuid.uuid4())


def enqueue(task: Task, *, task_id: str | None = None, **kwargs: Any) -> str:
    """Send ``task`` once the request's transaction commits, so a worker always finds the
    rows the request wrote; returns the task id."""
    task_id = task_id or new_task_id()
    transaction.on_commit(functools.partial(task.apply_async, kwargs=kwargs, task_id=task_id))
    return task_id


def accepted(task_id: str, **extra: Any) -> dict[str, Any]:
    """The body of a 202: the task id, where to poll it, and any row the request made."""
    url = reverse("algoitny:task-status", args=[task_id])
    return {"task_id": task_id, "status_url": url, **extra}
