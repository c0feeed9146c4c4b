"""Where an optimized request's time goes: pyinstrument over repeated requests at one size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction
from django.test import Client

from example_project.demo.bench.data import build
from example_project.demo.bench.endpoints import ENDPOINTS
from example_project.demo.bench.runner import bench_settings, request

REQUESTS = 20
# Where a frame's own time is counted, by the first match in its file's path.
PARTS = (
    ("rest_framework/renderers", "rendering JSON"),
    ("algoitny_core/renderers", "rendering JSON"),
    ("rest_framework/serializers", "DRF serializer fields"),
    ("rest_framework/fields", "DRF serializer fields"),
    ("rest_framework/relations", "DRF serializer fields"),
    ("rest_framework/utils", "DRF serializer fields"),
    ("algoitny_core/serializers", "DRF serializer fields"),
    ("django/db/models/sql", "ORM: SQL, driver, column values"),
    ("django/db/models/fields", "ORM: SQL, driver, column values"),
    ("django/db/backends", "ORM: SQL, driver, column values"),
    ("django/db/utils", "ORM: SQL, driver, column values"),
    ("django/db/models", "ORM: model instances"),
)
OTHER = "request handling: test client, middleware, view, pagination"


def _parts(frame: Any, totals: dict[str, float], inherited: str = OTHER) -> dict[str, float]:
    """Each frame's own time, added up by the part of the stack it belongs to; a frame of
    no known part (a C function, ``[self]``, a helper) counts with its nearest known caller."""
    path = (frame.file_path or "").replace("\\", "/")
    part = next((name for key, name in PARTS if key in path), inherited)
    own = frame.time - sum(child.time for child in frame.children)
    totals[part] = totals.get(part, 0.0) + own
    for child in frame.children:
        _parts(child, totals, part)
    return totals


def breakdown(session: Any) -> str:
    totals = _parts(session.root_frame(), {})
    whole = sum(totals.values())
    rows = sorted(totals.items(), key=lambda item: -item[1])
    return "\n".join(f"{100 * t / whole:5.1f}%  {name}" for name, t in rows)


def profile(routes: list[str], n: int, out: Path) -> list[Path]:
    """Profile ``REQUESTS`` optimized requests of each route at size ``n``; one text file each."""
    from pyinstrument import Profiler

    written = []
    with bench_settings(n), transaction.atomic():
        data = build(n)
        for endpoint in (e for e in ENDPOINTS if e.route in routes):
            call = request(Client(), endpoint, data, "algoitny")
            call()  # warm-up: URL resolver, serializer fields, prepared statements
            profiler = Profiler(interval=0.0005)
            with profiler:
                for _ in range(REQUESTS):
                    call()
            path = out / f"profile-{endpoint.route}-{n}.txt"
            summary = breakdown(profiler.last_session)
            path.write_text(summary + "\n\n" + profiler.output_text(color=False, flat=True))
            written.append(path)
        transaction.set_rollback(True)
    return written
