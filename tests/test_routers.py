"""ReadReplicaRouter against a second alias, "replica", a test mirror of "default"
(``TEST: {"MIRROR": "default"}`` in the example settings): reads there, writes on the
primary, a request that wrote reads its own writes, tasks read the primary, and the
budget toolkit counts queries on both aliases."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connections
from django.urls import reverse

from algoitny_core.models import Problem, SearchHistory
from algoitny_core.routers import ReadReplicaRouter, use_replicas
from algoitny_core.tasks.execution import execute_code_task
from algoitny_core.testing import QueryBudgetExceeded, assert_num_queries, capture_queries
from algoitny_core.views.history import HistoryListView
from algoitny_core.views.jobs import JobListView
from algoitny_core.views.problems import ProblemListView
from tests.factories import make_history, make_job, make_problem, make_user
from tests.views.conftest import token_client

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

ADD = "a, b = map(int, input().split())\nprint(a + b)\n"


@pytest.fixture(autouse=True)
def replica_routing(settings: Any) -> None:
    settings.DATABASE_ROUTERS = ["algoitny_core.routers.ReadReplicaRouter"]
    settings.ALGOITNY = {**settings.ALGOITNY, "READ_REPLICAS": ("replica",)}
    use_replicas()
    yield
    use_replicas()


def aliases(log: Any) -> list[str]:
    return [q.alias for q in log.queries]


def test_the_mirror_is_a_second_connection():
    assert connections["replica"] is not connections["default"]
    assert connections["replica"].settings_dict["TEST"]["MIRROR"] == "default"


def test_reads_go_to_the_replica_and_writes_to_the_primary():
    problem = make_problem()  # a write: this context now reads the primary
    use_replicas()  # as a new request would
    with capture_queries(using="__all__") as log:
        assert Problem.objects.get(pk=problem.pk).title == problem.title
    assert aliases(log) == ["replica"]
    with capture_queries(using="__all__") as log:
        Problem.objects.filter(pk=problem.pk).update(title="B")
        assert Problem.objects.get(pk=problem.pk).title == "B"  # its own write, at once
    assert aliases(log) == ["default", "default"]


def test_list_and_detail_requests_read_the_replica(client):
    problem = make_problem(test_cases=3)
    with capture_queries(using="__all__") as log:
        assert client.get(reverse("algoitny:problem-list")).status_code == 200
        assert client.get(reverse("algoitny:problem-detail", args=[problem.pk])).status_code == 200
    assert aliases(log) == ["replica"] * 3


def test_a_request_that_writes_reads_its_writes_from_the_primary():
    staff = make_user(is_staff=True)
    problem = make_problem(is_completed=False, title="A+B")
    client = token_client(staff)
    with capture_queries(using="__all__") as log:
        response = client.post(
            reverse("algoitny:save-problem"), {"id": problem.pk, "title": "Sum"}, format="json"
        )
        assert response.status_code == 200
        assert response.data["title"] == "Sum"
    # The token and the problem come from the replica; the UPDATE goes to the primary.
    assert aliases(log) == ["replica", "replica", "default"]
    with capture_queries(using="__all__") as log:  # the next request starts on the replica
        client.get(reverse("algoitny:problem-detail", args=[problem.pk]))
    assert set(aliases(log)) == {"replica"}


def test_a_task_reads_and_writes_on_the_primary():
    user = make_user()
    problem = make_problem(test_cases=2)
    use_replicas()
    with capture_queries(using="__all__") as log:
        result = execute_code_task.apply(
            kwargs={"problem_id": problem.pk, "language": "python", "code": ADD, "user_id": user.pk}
        ).get()
    assert set(aliases(log)) == {"default"}
    assert len(log.queries) == 4
    # A user who just ran code sees the row, wherever their next read goes.
    assert SearchHistory.objects.filter(pk=result["history_id"]).exists()


@pytest.mark.parametrize(
    ("view", "route", "make"),
    [
        (ProblemListView, "problem-list", lambda: make_problem(test_cases=2)),
        (HistoryListView, "history-list", lambda: make_history(is_code_public=True)),
        (JobListView, "job-list", make_job),
    ],
)
def test_list_budgets_hold_with_reads_on_the_replica(view, route, make):
    """Rows are committed here (the replica's connection sees nothing uncommitted), so the
    two sizes are grown one after the other rather than in rolled-back savepoints."""
    client = token_client(make_user(is_staff=True))
    counts = []
    for size in (1, 30):
        while len(counts) < size:
            make()
            counts.append(size)
        use_replicas()
        with (
            assert_num_queries(view.query_budget, using="__all__"),
            capture_queries(using="__all__") as log,
        ):
            assert client.get(reverse(f"algoitny:{route}")).status_code == 200
        assert aliases(log) == ["replica"] * view.query_budget
    # A budget counts the replica's queries too.
    with (
        pytest.raises(QueryBudgetExceeded),
        assert_num_queries(view.query_budget - 1, using="__all__"),
    ):
        client.get(reverse(f"algoitny:{route}"))


def test_replicas_are_never_migrated_and_their_objects_relate():
    router = ReadReplicaRouter()
    assert router.allow_migrate("replica", "algoitny_core") is False
    assert router.allow_migrate("default", "algoitny_core") is None
    problem = Problem.objects.using("replica").first() or make_problem()
    other = Problem(title="x")
    other._state.db = "default"
    assert router.allow_relation(problem, other) is True
