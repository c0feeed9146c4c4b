"""Test-suite wiring: which database, which services, and no silent skips in CI.

``DATABASE_URL`` picks the database (SQLite in memory by default). Tests that need
a service run when it is reachable and are skipped with a one-line reason when it is
not; with ``REQUIRE_SERVICES=1`` (as in CI) any skip is a failure instead.
"""

from __future__ import annotations

import os
import socket
from typing import Any
from urllib.parse import urlparse

import pytest

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), 1
        ):
            return True
    except OSError:
        return False


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres_only: runs only when the database is PostgreSQL")
    config.addinivalue_line("markers", "sqlite_only: runs only when the database is SQLite")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")) and not _reachable(url, 5432):
        reason = f"PostgreSQL at DATABASE_URL ({urlparse(url).hostname}) is not reachable"
        if REQUIRE_SERVICES:
            pytest.exit(f"REQUIRE_SERVICES=1 but {reason}", returncode=1)
        pytest.exit(f"skipped: {reason}; set DATABASE_URL to run these tests", returncode=0)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # A test for the other database is not applicable here: deselect it, so that nothing
    # is skipped in CI where every test must either run or fail.
    from django.db import connection

    vendor = connection.vendor
    keep, drop = [], []
    for item in items:
        if (item.get_closest_marker("postgres_only") and vendor != "postgresql") or (
            item.get_closest_marker("sqlite_only") and vendor != "sqlite"
        ):
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> object:
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_SERVICES and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"REQUIRE_SERVICES=1 forbids skipping: {report.longrepr}"


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A reachable Redis server's URL (``REDIS_URL``), or a skip naming why not."""
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    if not _reachable(url, 6379):
        pytest.skip(f"Redis at {url} is not reachable; set REDIS_URL to run this test")
    return url


@pytest.fixture(autouse=True)
def _fresh_cache(settings: Any, request: pytest.FixtureRequest) -> None:
    """Each test gets its own empty local-memory cache: a cache shared between tests (or
    between xdist workers, through Redis) would serve one test's rows to another."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": request.node.nodeid,
        }
    }
