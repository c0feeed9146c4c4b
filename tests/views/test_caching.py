"""Cached responses: a hit costs no query, and every write that changes a cached response
makes the next one fresh. Runs on SQLite and PostgreSQL like the rest of the suite."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import TestCase as DjangoTestCase
from django.urls import reverse

from algoitny_core import caching as cache_module
from algoitny_core.choices import JobStatus
from algoitny_core.models import Problem, SearchHistory, TestCase
from algoitny_core.tasks.execution import execute_code_task, generate_outputs_task
from algoitny_core.testing import assert_num_queries
from tests.factories import make_history, make_job, make_problem, make_user

pytestmark = pytest.mark.django_db

ADD = "a, b = map(int, input().split())\nprint(a + b)\n"


@pytest.fixture
def caching(settings: Any) -> int:
    """On for the whole module (the view tests' fixture runs each test both ways)."""
    settings.ALGOITNY = {**settings.ALGOITNY, "CACHE_TIMEOUT": 300}
    return 300


def detail(client, problem: Problem) -> Any:
    return client.get(reverse("algoitny:problem-detail", args=[problem.pk]))


def test_hits_cost_no_query(client_for, owner):
    anonymous = client_for("anonymous")
    problem = make_problem(test_cases=5)
    make_history(user=owner, problem=problem, is_code_public=True)
    owner_client = client_for("owner")
    routes = [
        (anonymous, reverse("algoitny:problem-detail", args=[problem.pk]), 2, 0),
        (anonymous, reverse("algoitny:history-list"), 1, 0),
        (owner_client, reverse("algoitny:account-stats"), 2, 1),  # the token lookup remains
    ]
    for client, url, miss, hit in routes:
        with assert_num_queries(miss):
            first = client.get(url)
        with assert_num_queries(hit):
            second = client.get(url)
        assert (first.status_code, second.status_code) == (200, 200)
        assert first.json() == second.json()


def test_with_caching_off_every_request_reads_the_database(client_for, settings):
    settings.ALGOITNY = {**settings.ALGOITNY, "CACHE_TIMEOUT": 0}
    problem = make_problem(test_cases=1)
    client = client_for("anonymous")
    for _ in range(2):
        with assert_num_queries(2):
            assert detail(client, problem).status_code == 200


def test_what_is_not_cached(client_for, owner, staff):
    draft = make_problem(is_completed=False)
    staff_client = client_for("staff")
    detail(staff_client, draft)
    with assert_num_queries(3):  # a draft's detail is read every time
        assert detail(staff_client, draft).status_code == 200
    assert detail(client_for("anonymous"), draft).status_code == 404
    make_history(user=owner, is_code_public=True)
    filtered = reverse("algoitny:history-list") + "?language=python"
    anonymous = client_for("anonymous")
    anonymous.get(filtered)
    with assert_num_queries(1):  # filtered or paged lists are read every time
        anonymous.get(filtered)
    owner_client = client_for("owner")
    owner_client.get(reverse("algoitny:history-list"))
    with assert_num_queries(2):  # a signed-in user's list holds their private runs
        owner_client.get(reverse("algoitny:history-list"))


def test_a_new_run_refreshes_stats_public_list_and_the_problems_count(client_for, owner):
    problem = make_problem(test_cases=2)
    anonymous, mine = client_for("anonymous"), client_for("owner")
    stats_url, list_url = reverse("algoitny:account-stats"), reverse("algoitny:history-list")
    assert mine.get(stats_url).data["total_executions"] == 0
    assert anonymous.get(list_url).data["results"] == []
    assert detail(anonymous, problem).data["execution_count"] == 0
    execute_code_task.apply(
        kwargs={
            "problem_id": problem.pk,
            "language": "python",
            "code": ADD,
            "user_id": owner.pk,
            "is_code_public": True,
        },
        task_id="run",
    ).get()
    assert mine.get(stats_url).data["total_executions"] == 1
    assert len(anonymous.get(list_url).data["results"]) == 1
    assert detail(anonymous, problem).data["execution_count"] == 1


def test_saving_or_soft_deleting_a_problem_refreshes_its_detail(client_for):
    problem = make_problem(title="A+B")
    anonymous = client_for("anonymous")
    assert detail(anonymous, problem).data["title"] == "A+B"
    response = client_for("staff").post(
        reverse("algoitny:save-problem"), {"id": problem.pk, "title": "Sum"}, format="json"
    )
    assert response.status_code == 200
    assert detail(anonymous, problem).data["title"] == "Sum"
    assert Problem.objects.filter(pk=problem.pk).soft_delete("duplicate") == 1
    assert detail(anonymous, problem).status_code == 404
    problem.refresh_from_db()
    assert (problem.is_deleted, problem.deleted_reason) == (True, "duplicate")
    assert problem.deleted_at is not None


def test_new_or_regenerated_test_cases_refresh_the_detail(client_for):
    problem = make_problem(
        test_cases=1,
        solution_code="print(sum(map(int, input().split())))\n",
        language="python",
        constraints="1 <= a, b <= 9",
    )
    anonymous = client_for("anonymous")
    assert detail(anonymous, problem).data["test_case_count"] == 1
    TestCase.objects.create(problem=problem, input="2 2\n", output="4\n")
    assert detail(anonymous, problem).data["test_case_count"] == 2
    make_job(
        platform=problem.platform,
        problem_id=problem.problem_id,
        status=JobStatus.COMPLETED,
        generator_code="import sys\nprint(int(sys.argv[2]) % 9 + 1, 1)\n",
    )
    generate_outputs_task.apply(kwargs={"problem_id": problem.pk, "count": 4}).get()
    fresh = detail(anonymous, problem).data
    assert fresh["test_case_count"] == 4
    assert fresh["metadata"]["generation"]["test_case_count"] == 4


def test_a_visibility_change_or_a_deleted_run_refreshes_the_lists(client_for, owner):
    run = make_history(user=owner, is_code_public=True)
    anonymous, mine = client_for("anonymous"), client_for("owner")
    list_url, stats_url = reverse("algoitny:history-list"), reverse("algoitny:account-stats")
    assert len(anonymous.get(list_url).data["results"]) == 1
    assert mine.get(stats_url).data["total_executions"] == 1
    run.is_code_public = False
    run.save(update_fields=["is_code_public"])
    assert anonymous.get(list_url).data["results"] == []
    SearchHistory.objects.get(pk=run.pk).delete()
    assert mine.get(stats_url).data["total_executions"] == 0


def test_a_reader_between_the_write_and_its_commit_leaves_nothing_stale(client_for):
    problem = make_problem(title="old")
    anonymous = client_for("anonymous")
    with DjangoTestCase.captureOnCommitCallbacks(execute=True):
        Problem.objects.filter(pk=problem.pk).soft_delete()
        # A concurrent request read the row before the commit and caches what it saw.
        cache_module.set(cache_module.problem_key(problem.pk), {"title": "old"})
    assert detail(anonymous, problem).status_code == 404


@pytest.mark.usefixtures("redis_url")
def test_invalidation_through_a_shared_redis_cache(client_for, settings, redis_url, owner):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": f"test-{uuid.uuid4()}",  # apart from other tests and workers
        }
    }
    problem = make_problem(test_cases=1)
    anonymous = client_for("anonymous")
    detail(anonymous, problem)
    with assert_num_queries(0):
        assert detail(anonymous, problem).data["title"] == problem.title
    make_history(user=owner, is_code_public=True)
    list_url = reverse("algoitny:history-list")
    assert len(anonymous.get(list_url).data["results"]) == 1
    make_history(user=make_user(), is_code_public=True)
    assert len(anonymous.get(list_url).data["results"]) == 2
    Problem.objects.filter(pk=problem.pk).update(title="B")  # update() alone sends no signal
    cache_module.invalidate_problems(problem.pk)
    assert detail(anonymous, problem).data["title"] == "B"
