"""A backend for real workers: it records each call in Redis, then takes its time.

A worker process picks it with ``ALGOITNY_LLM_BACKEND``; ``BACKEND_CALLS_URL`` and
``BACKEND_CALLS_KEY`` say where calls are recorded (as ``worker:problem_id``),
``BACKEND_DELAY`` how many seconds each call then takes, ``WORKER_NAME`` who calls.
"""

from __future__ import annotations

import os
import time

import redis

from algoitny_core.llm import ProblemLike
from algoitny_core.llm.offline import OfflineBackend

PATH = "tests.integration.backends.SlowBackend"


class SlowBackend(OfflineBackend):
    """The offline backend, except that scripts are recorded and slow to come."""

    def generate_generator_script(self, problem: ProblemLike) -> str:
        client = redis.Redis.from_url(os.environ["BACKEND_CALLS_URL"])
        client.rpush(
            os.environ["BACKEND_CALLS_KEY"], f"{os.environ['WORKER_NAME']}:{problem.problem_id}"
        )
        time.sleep(float(os.environ.get("BACKEND_DELAY", "0")))
        return f"print({problem.problem_id!r})\n"
