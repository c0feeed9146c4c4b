"""One bench run: for each size, build the rows, measure every endpoint and task, roll back."""

from __future__ import annotations

import platform
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import django
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from example_project.demo.bench import floor
from example_project.demo.bench.data import Dataset, build
from example_project.demo.bench.endpoints import ENDPOINTS, Endpoint
from example_project.demo.bench.measure import Plan, counted, ratio, timed
from example_project.demo.bench.tasks import TASKS, Task

OUTCOME_KEYS = ("status", "result_summary", "ok", "error", "claimed")


@contextmanager
def bench_settings(largest: int) -> Iterator[None]:
    """As in production: no DEBUG query log, no per-request query printer, no response cache;
    pages as large as the largest size."""
    middleware = [m for m in settings.MIDDLEWARE if not m.startswith("querycount.")]
    algoitny = {**settings.ALGOITNY, "CACHE_TIMEOUT": 0, "MAX_PAGE_SIZE": max(largest, 100)}
    with override_settings(DEBUG=False, MIDDLEWARE=middleware, ALGOITNY=algoitny):
        yield


def request(client: Client, endpoint: Endpoint, data: Dataset, namespace: str) -> Callable:
    url = reverse(f"{namespace}:{endpoint.route}", args=endpoint.args(data))
    params = {"page_size": data.n} if endpoint.paged else {}
    token = {"staff": data.staff_token, "runner": data.runner_token}.get(endpoint.who)
    headers = {"Authorization": f"Token {token}"} if token else {}

    def call() -> Any:
        response = client.get(url, params, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}: {response.content!r}")
        return response

    return call


def measure_endpoint(endpoint: Endpoint, data: Dataset, plan: Plan) -> dict[str, Any]:
    client = Client()
    result: dict[str, Any] = {}
    for variant, namespace in (("optimized", "algoitny"), ("naive", "naive")):
        call = request(client, endpoint, data, namespace)
        once = counted(call)  # also the warm-up of the timed calls
        result[variant] = {
            "queries": once.queries,
            "auth_queries": once.auth_queries,
            "db_rows": once.db_rows,
            "db_bytes": once.db_bytes,
            "response_bytes": len(once.result.content),
            **timed(call, plan),
        }
    floor_once = counted(lambda: endpoint.floor(data))
    result["floor"] = {
        "queries": floor_once.queries,
        "db_rows": floor_once.db_rows,
        "db_bytes": floor_once.db_bytes,
        "response_bytes": len(floor_once.result),
        **timed(lambda: endpoint.floor(data), plan),
    }
    optimized, naive = result["optimized"], result["naive"]
    result["naive_over_optimized"] = ratio(naive["median_ms"], optimized["median_ms"])
    result["optimized_over_floor"] = ratio(optimized["median_ms"], result["floor"]["median_ms"])
    return result


def measure_task(task: Task, data: Dataset) -> dict[str, Any]:
    run = task.prepare(data)
    start = time.perf_counter()
    once = counted(run)
    seconds = time.perf_counter() - start
    outcome = once.result if isinstance(once.result, dict) else {}
    return {
        "queries": once.queries,
        "db_rows": once.db_rows,
        "db_bytes": once.db_bytes,
        "seconds": round(seconds, 3),
        "outcome": {k: outcome[k] for k in OUTCOME_KEYS if k in outcome},
    }


def run(plan: Plan, progress: Callable[[str], None] = lambda line: None) -> dict[str, Any]:
    """Measure everything at every size of ``plan``; the database is left as it was."""
    started = time.perf_counter()
    endpoints: dict[str, Any] = {
        e.route: {"label": e.label, "seed": vars(e.seed), "sizes": {}} for e in ENDPOINTS
    }
    tasks: dict[str, Any] = {
        t.name: {"label": t.label, "seed": vars(t.seed), "sizes": {}} for t in TASKS
    }
    with bench_settings(max(plan.sizes)):
        for n in plan.sizes:
            with transaction.atomic():
                progress(f"N={n}: building rows")
                data = build(n)
                for endpoint in ENDPOINTS:
                    progress(f"N={n}: {endpoint.route}")
                    endpoints[endpoint.route]["sizes"][str(n)] = measure_endpoint(
                        endpoint, data, plan
                    )
                for task in TASKS:
                    if task.sandboxed and n > plan.task_max_n:
                        continue
                    progress(f"N={n}: {task.name}")
                    tasks[task.name]["sizes"][str(n)] = measure_task(task, data)
                transaction.set_rollback(True)
    return {
        "meta": {
            "database": connection.vendor,
            "python": platform.python_version(),
            "django": django.get_version(),
            "floor_encoder": floor.ENCODER,
            "sizes": list(plan.sizes),
            "task_max_n": plan.task_max_n,
            "seconds": round(time.perf_counter() - started, 1),
        },
        "endpoints": endpoints,
        "tasks": tasks,
    }
