"""Schemathesis generates requests from the OpenAPI schema for every route: none may get a 500."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tests.factories import make_history, make_job, make_problem, make_user
from tests.views.conftest import token_client

# The schema view reads no rows, so the schema loads at collection, before any database.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    # Django's test client does the same: a request must not close the connection that
    # holds the test's transaction (PostgreSQL would lose it; in-memory SQLite never closes).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def caching() -> None:
    """Fuzzed once, with caching off: the inputs, not the cache, are under test here."""


@pytest.fixture
def staff_token(db) -> dict[str, str]:
    """Rows for the generated ids to hit, and a staff token so staff routes are fuzzed too."""
    staff = make_user(is_staff=True)
    for i in range(3):
        problem = make_problem(problem_id=str(i + 1), test_cases=2)
        make_history(user=staff, problem=problem)
        make_job(problem_id=str(i + 1))
    client = token_client(staff)
    return {"Authorization": client._credentials["HTTP_AUTHORIZATION"]}


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_gets_a_server_error(case, staff_token):
    for headers in (None, staff_token):
        case.call_and_validate(headers=headers, checks=[schemathesis.checks.not_a_server_error])
