from __future__ import annotations

import pytest
from django.urls import reverse

from algoitny_core.testing import capture_queries
from algoitny_core.views.problems import (
    ProblemDetailView,
    ProblemDraftsView,
    ProblemListView,
    RegisteredProblemsView,
)
from tests.factories import make_problem
from tests.views.budgets import prove_budget, sql_of

pytestmark = pytest.mark.django_db

LARGE_COLUMNS = ("solution_code", "metadata", "constraints", "deleted_reason")


def published(n: int) -> None:
    for _ in range(n):
        make_problem(test_cases=3, solution_code="print(1)")


def drafts(n: int) -> None:
    for _ in range(n):
        make_problem(test_cases=2, is_completed=False)


@pytest.mark.parametrize("who", ["anonymous", "owner"])
def test_problem_list_runs_one_query_for_100_problems(client_for, who):
    response = prove_budget(
        client_for(who),
        reverse("algoitny:problem-list"),
        ProblemListView,
        published,
        authenticated=who != "anonymous",
    )
    assert len(response.data["results"]) == 20
    assert response.data["results"][0]["test_case_count"] == 3
    assert "count" not in response.data  # cursor pagination: no COUNT query


def test_problem_list_sql_reads_no_large_column(client_for):
    published(3)
    client = client_for("anonymous")
    with capture_queries() as log:
        response = client.get(reverse("algoitny:problem-list"))
    sql = sql_of(log, "algoitny_core_problem")
    assert not [c for c in LARGE_COLUMNS if f'"algoitny_core_problem"."{c}"' in sql]
    assert "solution_code" not in response.data["results"][0]


def test_problem_list_shows_published_problems_only(client_for):
    shown = make_problem()
    make_problem(is_completed=False)
    make_problem(is_deleted=True)
    ids = [
        p["id"]
        for p in client_for("anonymous").get(reverse("algoitny:problem-list")).data["results"]
    ]
    assert ids == [shown.pk]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"platform": "codeforces"}, ["cf"]),
        ({"language": "cpp"}, ["cpp"]),
        ({"tag": "dp"}, ["cf"]),
        ({"search": "GRAPH"}, ["cpp"]),
    ],
)
def test_problem_list_filters(client_for, params, expected):
    make_problem(title="cf", platform="codeforces", tags=["dp"], language="python")
    make_problem(title="cpp graph", platform="baekjoon", tags=["dpx"], language="cpp")
    response = client_for("anonymous").get(reverse("algoitny:problem-list"), params)
    assert [p["title"].split()[0] for p in response.data["results"]] == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"platform": "atcoder"}, "platform"),
        ({"page_size": "1000"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"search": "x" * 101}, "search"),
    ],
)
def test_problem_list_rejects_bad_parameters_field_by_field(client_for, params, field):
    response = client_for("anonymous").get(reverse("algoitny:problem-list"), params)
    assert response.status_code == 400
    assert field in response.data


def test_problem_list_bad_cursor_is_404(client_for):
    response = client_for("anonymous").get(reverse("algoitny:problem-list"), {"cursor": "zzz"})
    assert response.status_code == 404


def test_problem_list_pages_follow_the_cursor_without_repeats(client_for):
    published(45)
    client = client_for("anonymous")
    url, seen = reverse("algoitny:problem-list"), []
    while url:
        page = client.get(url).data
        seen += [p["id"] for p in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 45


@pytest.mark.parametrize("who", ["anonymous", "staff"])
def test_problem_detail_runs_two_queries_for_50_test_cases(client_for, who):
    problem = make_problem(test_cases=0)

    def setup(n: int) -> None:
        from algoitny_core.models import TestCase

        TestCase.objects.bulk_create(
            TestCase(problem=problem, input=str(i), output=str(i)) for i in range(n)
        )

    response = prove_budget(
        client_for(who),
        reverse("algoitny:problem-detail", args=[problem.pk]),
        ProblemDetailView,
        setup,
        authenticated=who != "anonymous",
        sizes=(1, 50),
    )
    assert response.data["test_case_count"] == 50
    assert len(response.data["test_cases"]) == 50


def test_problem_detail_by_platform_carries_the_large_columns(client_for):
    problem = make_problem(platform="codeforces", problem_id="1234A", solution_code="print(2)")
    url = reverse("algoitny:problem-detail-by-platform", args=["codeforces", "1234A"])
    client = client_for("anonymous")
    with capture_queries() as log:
        response = client.get(url)
    assert log.count == 2
    assert response.data["id"] == problem.pk
    assert response.data["solution_code"] == "print(2)"


@pytest.mark.parametrize(
    "args", [["codeforces", "404"], ["atcoder", "1000"], ["baekjoon", "x" * 300]]
)
def test_problem_detail_by_platform_missing_is_404(client_for, args):
    make_problem(platform="baekjoon", problem_id="1000")
    url = reverse("algoitny:problem-detail-by-platform", args=args)
    assert client_for("anonymous").get(url).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("anonymous", 404), ("owner", 404), ("staff", 200)])
def test_draft_detail_is_for_staff(client_for, who, status):
    draft = make_problem(is_completed=False)
    url = reverse("algoitny:problem-detail", args=[draft.pk])
    assert client_for(who).get(url).status_code == status


@pytest.mark.parametrize("route", ["problem-drafts", "draft-problems", "problem-registered"])
@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("owner", 403), ("other", 403)])
def test_staff_lists_refuse_others(client_for, route, who, status):
    assert client_for(who).get(reverse(f"algoitny:{route}")).status_code == status


@pytest.mark.parametrize("route", ["problem-drafts", "draft-problems"])
def test_drafts_run_one_query_for_20_drafts(client_for, route):
    make_problem()  # published: not a draft
    response = prove_budget(
        client_for("staff"),
        reverse(f"algoitny:{route}"),
        ProblemDraftsView,
        drafts,
        authenticated=True,
        sizes=(1, 20),
    )
    assert len(response.data["results"]) == 20
    assert all(not p["is_completed"] for p in response.data["results"])


def test_registered_lists_drafts_and_published_in_one_query(client_for):
    make_problem(is_deleted=True)
    response = prove_budget(
        client_for("staff"),
        reverse("algoitny:problem-registered"),
        RegisteredProblemsView,
        lambda n: (drafts(n), published(n)),
        authenticated=True,
        sizes=(1, 10),
    )
    assert len(response.data["results"]) == 20
