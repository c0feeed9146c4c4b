"""A host project for algoitny_core: the demo, the naive reference API and the benchmarks."""

from __future__ import annotations

from example_project.celery import app as celery_app

__all__ = ["celery_app"]
