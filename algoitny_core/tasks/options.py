"""What every task shares: the seed report's Celery options, retrying only what may pass."""

from __future__ import annotations

from typing import Any

from django.db import InterfaceError, OperationalError

from algoitny_core.judge.errors import SandboxError
from algoitny_core.llm.base import TransientLLMError

# Errors worth another try: the network or the model's service (TransientLLMError), the
# database going away (OperationalError, InterfaceError), the sandbox itself (SandboxError).
# Anything else is a fact about the input, and retrying it would only repeat the failure.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    TransientLLMError,
    OperationalError,
    InterfaceError,
    SandboxError,
)

TASK_OPTIONS: dict[str, Any] = {
    "bind": True,
    "max_retries": 3,
    "time_limit": 1800,
    "soft_time_limit": 1680,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
}
