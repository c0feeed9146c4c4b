from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_history, make_job, make_problem, make_user

pytestmark = pytest.mark.django_db

MAKERS = {
    "problem": lambda: make_problem(test_cases=3),
    "searchhistory": lambda: make_history(user=make_user()),
    "scriptgenerationjob": lambda: make_job(generator_code="x" * 100),
}


def changelist_queries(client, model: str) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(f"admin:algoitny_core_{model}_changelist"))
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("model", sorted(MAKERS))
def test_changelist_query_count_does_not_grow_with_rows(client, model):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    MAKERS[model]()
    small = len(changelist_queries(client, model))
    for _ in range(10):
        MAKERS[model]()
    assert len(changelist_queries(client, model)) == small


def test_problem_changelist_annotates_counts_and_skips_large_columns(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    make_problem(test_cases=4, solution_code="secret solution")
    queries = changelist_queries(client, "problem")
    [listing] = [q for q in queries if "test_case_count" in q]
    assert '"solution_code"' not in listing and '"metadata"' not in listing


def test_job_changelist_does_not_read_generator_code(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    make_job()
    queries = changelist_queries(client, "scriptgenerationjob")
    assert not any('"generator_code"' in q for q in queries)


def test_problem_change_form_still_loads_every_field(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    problem = make_problem(test_cases=2, solution_code="print(42)")
    response = client.get(reverse("admin:algoitny_core_problem_change", args=[problem.pk]))
    assert response.status_code == 200
    assert b"print(42)" in response.content
