"""Real Celery workers (``celery -A example_project worker``) on Redis and PostgreSQL.

Each test gets its own Redis key prefix (kombu's ``global_keyprefix``), so tests running
side by side never share a queue, and starts workers as subprocesses on the test database;
the ``workers`` fixture kills every one of them when the test ends, whatever its outcome.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import redis
from celery import Celery
from django.db import connection

from tests.integration.backends import PATH as SLOW_BACKEND

ROOT = Path(__file__).resolve().parents[2]
QUEUE = "integration"
DEADLINE = 60.0  # seconds any one wait may take before the test fails


@dataclasses.dataclass
class Broker:
    """One test's corner of Redis: its queue, its results, its record of backend calls."""

    url: str
    prefix: str
    client: Celery
    redis: redis.Redis
    task_ids: list[str] = dataclasses.field(default_factory=list)

    @property
    def calls_key(self) -> str:
        return f"{self.prefix}backend-calls"

    def transport_options(self, **extra: Any) -> dict[str, Any]:
        return {"global_keyprefix": self.prefix, **extra}

    def send(self, name: str, *args: Any, task_id: str | None = None) -> str:
        """Enqueue task ``name``; its id."""
        task_id = task_id or uuid.uuid4().hex
        self.task_ids.append(task_id)
        self.client.send_task(name, args=args, queue=QUEUE, task_id=task_id)
        return task_id

    def result(self, task_id: str) -> Any:
        return self.client.AsyncResult(task_id).get(timeout=DEADLINE)

    def calls(self) -> list[str]:
        """What the slow backend recorded, in order: ``worker:problem_id``."""
        return [c.decode() for c in self.redis.lrange(self.calls_key, 0, -1)]

    def drained(self) -> bool:
        """No message waiting in the queue and none taken but unacknowledged."""
        waiting = self.redis.llen(f"{self.prefix}{QUEUE}")
        return waiting == 0 and self.redis.hlen(f"{self.prefix}unacked") == 0


@pytest.fixture
def broker(redis_url: str) -> Iterator[Broker]:
    prefix = f"algoitny-test-{uuid.uuid4().hex[:12]}:"
    # Not the current app: the suite's other tests keep running tasks on the project's app.
    client = Celery(
        "algoitny-integration", broker=redis_url, backend=redis_url, set_as_current=False
    )
    client.conf.broker_transport_options = {"global_keyprefix": prefix}
    store = redis.Redis.from_url(redis_url)
    state = Broker(redis_url, prefix, client, store)
    yield state
    client.close()
    keys = list(store.scan_iter(match=f"{prefix}*"))
    keys += [f"celery-task-meta-{task_id}" for task_id in state.task_ids]
    store.delete(*keys)
    store.close()


def database_url() -> str:
    """The test database (``test_…``, per xdist worker) as the workers' ``DATABASE_URL``."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@dataclasses.dataclass
class Worker:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes, as the OOM killer or a crash would."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=DEADLINE)

    def stop(self) -> None:
        """Warm shutdown, then SIGKILL if it has not stopped within a few seconds."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=5)
        self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


class Workers:
    """Starts workers; every worker started is stopped by the fixture."""

    def __init__(self, broker: Broker, logs: Path) -> None:
        self.broker = broker
        self.logs = logs
        self.started: list[Worker] = []

    def start(self, name: str, *, transport: dict[str, Any] | None = None, **env: str) -> Worker:
        """A worker named ``name`` on this test's queue; ``env`` adds to its environment."""
        environ = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
            "DJANGO_SETTINGS_MODULE": "example_project.settings",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": self.broker.url,
            "CELERY_RESULT_BACKEND": self.broker.url,
            "CELERY_BROKER_TRANSPORT_OPTIONS": json.dumps(
                self.broker.transport_options(**(transport or {}))
            ),
            "ALGOITNY_LLM_BACKEND": SLOW_BACKEND,
            "BACKEND_CALLS_URL": self.broker.url,
            "BACKEND_CALLS_KEY": self.broker.calls_key,
            "WORKER_NAME": name,
            "QUERYCOUNT": "0",
            **env,
        }
        log = self.logs / f"{name}.log"
        command = [
            *(sys.executable, "-m", "celery", "-A", "example_project", "worker"),
            *("-P", "prefork", "-c", "1", "-Q", QUEUE, "-n", f"{name}@%h"),
            *("--without-mingle", "--without-gossip", "--without-heartbeat", "-l", "INFO"),
        ]
        with log.open("wb") as out:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=environ,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killpg reaches the pool too
            )
        worker = Worker(name, process, log)
        self.started.append(worker)
        return worker

    def wait_ready(self, *workers: Worker) -> None:
        self.wait(lambda: all(" ready." in w.output() for w in workers), "workers ready")

    def wait(self, condition: Callable[[], bool], what: str) -> None:
        """Poll ``condition`` until it holds; fail with the workers' logs after the deadline."""
        deadline = time.monotonic() + DEADLINE
        while not condition():
            dead = [w.name for w in self.started if w.process.poll() is not None]
            if time.monotonic() > deadline:
                logs = "\n".join(f"--- {w.name}\n{w.output()[-3000:]}" for w in self.started)
                pytest.fail(f"Timed out waiting for {what} (exited: {dead}).\n{logs}")
            time.sleep(0.1)


@pytest.fixture
def workers(transactional_db: None, broker: Broker, tmp_path: Path) -> Iterator[Workers]:
    """Worker subprocesses on the test database; all stopped before the database is flushed."""
    if connection.vendor != "postgresql":
        pytest.fail("Real workers need PostgreSQL: the in-memory SQLite test database is private")
    pool = Workers(broker, tmp_path)
    try:
        yield pool
    finally:
        for worker in pool.started:
            worker.stop()
