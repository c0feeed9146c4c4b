from __future__ import annotations

import pytest
from django.urls import reverse

from algoitny_core.models import JobStatus
from algoitny_core.testing import assert_num_queries, capture_queries
from algoitny_core.views.account import AccountStatsView
from algoitny_core.views.jobs import JobDetailView, JobListView
from tests.factories import make_history, make_job, make_problem
from tests.views.budgets import prove_budget, sql_of

pytestmark = pytest.mark.django_db


def test_account_stats_folds_one_grouped_query(client_for, owner, other):
    bj, cf = make_problem(platform="baekjoon"), make_problem(platform="codeforces")

    def setup(n: int) -> None:
        for i in range(n):
            make_history(
                user=owner, problem=bj if i % 2 else cf, failed_count=i % 3, language="cpp"
            )

    setup(0)
    response = prove_budget(
        client_for("owner"),
        reverse("algoitny:account-stats"),
        AccountStatsView,
        setup,
        authenticated=True,
        sizes=(1, 30),
    )
    make_history(user=other, problem=bj)  # someone else's run changes nothing
    assert response.data == {
        "total_executions": 30,
        "passed_executions": 10,
        "failed_executions": 20,
        "by_platform": {"baekjoon": 15, "codeforces": 15},
        "by_language": {"cpp": 30},
    }


def test_account_stats_is_for_signed_in_users(client_for):
    assert client_for("anonymous").get(reverse("algoitny:account-stats")).status_code == 401
    empty = client_for("other").get(reverse("algoitny:account-stats")).data
    assert empty["total_executions"] == 0
    assert empty["by_platform"] == {}


def test_job_list_runs_one_query_for_50_jobs_without_code(client_for):
    response = prove_budget(
        client_for("staff"),
        reverse("algoitny:job-list"),
        JobListView,
        lambda n: [make_job(generator_code="print(1)\n" * 50) for _ in range(n)],
        authenticated=True,
        sizes=(1, 50),
    )
    assert "generator_code" not in response.data["results"][0]
    client = client_for("staff")
    with capture_queries() as log:
        client.get(reverse("algoitny:job-list"))
    sql = sql_of(log, "algoitny_core_scriptgenerationjob")
    assert '"generator_code"' not in sql
    assert '"solution_code"' not in sql


def test_job_list_filters_by_status(client_for):
    done = make_job(status=JobStatus.COMPLETED)
    make_job()
    response = client_for("staff").get(reverse("algoitny:job-list"), {"status": "COMPLETED"})
    assert [j["id"] for j in response.data["results"]] == [done.pk]
    bad = client_for("staff").get(reverse("algoitny:job-list"), {"status": "DONE"})
    assert bad.status_code == 400
    assert "status" in bad.data


def test_job_detail_carries_the_generator_code(client_for):
    job = make_job(generator_code="print(7)")
    url, client = reverse("algoitny:job-detail", args=[job.pk]), client_for("staff")
    with assert_num_queries(JobDetailView.query_budget):
        response = client.get(url)
    assert response.data["generator_code"] == "print(7)"


@pytest.mark.parametrize("route", ["job-list", "job-detail"])
@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("owner", 403)])
def test_jobs_are_for_staff(client_for, route, who, status):
    job = make_job()
    args = [job.pk] if route == "job-detail" else []
    assert client_for(who).get(reverse(f"algoitny:{route}", args=args)).status_code == status


def test_health_check_makes_one_round_trip(client_for):
    client = client_for("anonymous")
    with assert_num_queries(1):
        response = client.get(reverse("algoitny:health-check"))
    assert response.data == {"status": "ok"}
