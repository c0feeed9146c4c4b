"""How one thing is measured: its queries and bytes once, then its latency over many calls."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from rest_framework.authtoken.models import Token

from algoitny_core.testing import capture_queries
from example_project.demo.bench.fetched import weigh_fetched


@dataclass(frozen=True)
class Plan:
    """How hard to measure: the sizes, and how many timed calls each measurement gets."""

    sizes: tuple[int, ...]
    task_max_n: int  # tasks that run programs in the sandbox stop at this size
    min_samples: int
    max_samples: int
    seconds: float  # per measurement, once min_samples are taken


@dataclass(frozen=True)
class Counted:
    queries: int
    auth_queries: int  # the token lookup of an authenticated request, not in ``queries``
    db_rows: int
    db_bytes: int
    result: Any


def counted(call: Callable[[], Any]) -> Counted:
    """Run ``call`` once, counting its queries and the rows and bytes they fetched."""
    token_table = Token._meta.db_table
    with capture_queries() as log, weigh_fetched(connection) as tally:
        result = call()
    auth = sum(1 for q in log.queries if token_table in q.sql)
    return Counted(log.count - auth, auth, tally.rows, tally.bytes, result)


def timed(call: Callable[[], Any], plan: Plan) -> dict[str, float | int]:
    """Median and p95 of ``call`` in milliseconds, over min..max samples or ``plan.seconds``."""
    samples: list[float] = []
    deadline = time.perf_counter() + plan.seconds
    while len(samples) < plan.max_samples and (
        len(samples) < plan.min_samples or time.perf_counter() < deadline
    ):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return summary(samples)


def summary(samples: list[float]) -> dict[str, float | int]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "median_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(p95, 3),
        "samples": len(ordered),
    }


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if not numerator or not denominator:
        return None
    return round(numerator / denominator, 2)
