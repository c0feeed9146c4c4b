from __future__ import annotations

from collections.abc import Iterator

import pytest
from celery import current_app
from django.core.cache import cache

from tests.tasks.backends import PATH, RecordingBackend


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    # Extractions are cached by URL, and the tests share their URLs.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def backend(settings) -> type[RecordingBackend]:
    """The recording backend, configured by its dotted path."""
    RecordingBackend.reset()
    settings.ALGOITNY = {"LLM_BACKEND": PATH}
    return RecordingBackend


@pytest.fixture
def eager() -> Iterator[None]:
    """``apply_async`` runs the task at once, whatever broker the environment names."""
    conf = current_app.conf
    before = conf.task_always_eager, conf.task_eager_propagates
    conf.task_always_eager, conf.task_eager_propagates = True, True
    yield
    conf.task_always_eager, conf.task_eager_propagates = before


@pytest.fixture
def eager_retries() -> Iterator[None]:
    """Eager ``apply()`` runs Celery's retries in turn only when it does not propagate."""
    conf = current_app.conf
    before, conf.task_eager_propagates = conf.task_eager_propagates, False
    yield
    conf.task_eager_propagates = before
