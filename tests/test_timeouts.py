"""A query over PostgreSQL's statement_timeout fails cleanly: 503 from the API with a
message, a retry in a task; nothing hangs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from celery.exceptions import Retry
from django.db import OperationalError, connection
from django.urls import reverse

from algoitny_core.exceptions import is_query_timeout
from algoitny_core.tasks.execution import execute_code_task
from tests.factories import make_problem

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

TIMEOUT_MS = 100


@pytest.fixture
def slow_problem_reads() -> Iterator[None]:
    """Every read of the problem table first sleeps past a 100 ms statement_timeout."""

    def sleep_first(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.lstrip().upper().startswith("SELECT") and "algoitny_core_problem" in sql:
            execute("SELECT pg_sleep(2)", None, False, context)
        return execute(sql, params, many, context)

    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {TIMEOUT_MS}")
    with connection.execute_wrapper(sleep_first):
        yield
    with connection.cursor() as cursor:
        cursor.execute("RESET statement_timeout")


def test_the_example_project_sets_a_statement_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "30s"


def test_a_cancelled_query_is_recognised():
    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {TIMEOUT_MS}")
        try:
            with pytest.raises(OperationalError) as caught:
                cursor.execute("SELECT pg_sleep(2)")
        finally:
            cursor.execute("RESET statement_timeout")
    assert is_query_timeout(caught.value)
    assert not is_query_timeout(OperationalError("connection refused"))


def test_the_api_answers_503_with_a_message(client, slow_problem_reads):
    response = client.get(reverse("algoitny:problem-list"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "did not answer in time" in response.json()["detail"]


def test_a_task_retries_instead_of_failing_or_hanging(slow_problem_reads):
    problem = make_problem(test_cases=1)
    with pytest.raises(Retry):  # autoretry_for covers OperationalError
        execute_code_task.apply(
            kwargs={"problem_id": problem.pk, "language": "python", "code": "print(0)"}
        ).get()
