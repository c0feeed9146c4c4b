"""The naive reference API returns the same JSON as algoitny_core, at the seed's "before" counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from algoitny_core.testing import capture_queries
from algoitny_core.views.base import TOKEN_LOOKUP
from tests.factories import make_history, make_job, make_problem, make_user
from tests.views.conftest import token_client

pytestmark = pytest.mark.django_db

# The seed report's quoted query counts: (before, after).
SEED = {
    "problem-list": (101, 1),
    "problem-detail": (51, 2),
    "history-list": (101, 1),
    "account-stats": (5, 4),
}


def both(client, route: str, args=(), params=None):
    api = client.get(reverse(f"algoitny:{route}", args=args), params)
    naive = client.get(reverse(f"naive:{route}", args=args), params)
    assert api.status_code == naive.status_code == 200
    return api.json(), naive.json()


@pytest.fixture
def data():
    staff = make_user(is_staff=True)
    problems = [make_problem(test_cases=i, tags=["dp"]) for i in range(4)]
    make_problem(is_completed=False, test_cases=2)
    for i in range(6):
        make_history(
            user=make_user() if i % 2 else staff,
            problem=problems[i % 4],
            is_code_public=i % 3 == 0,
            failed_count=i % 2,
        )
    make_job(generator_code="print(1)")
    return staff, problems


@pytest.mark.parametrize(
    ("route", "who"),
    [
        ("problem-list", None),
        ("problem-drafts", "staff"),
        ("draft-problems", "staff"),
        ("history-list", None),
        ("history-list", "staff"),
        ("account-stats", "staff"),
        ("job-list", "staff"),
    ],
)
def test_naive_and_optimized_return_the_same_data(data, route, who):
    staff, _ = data
    client = token_client(staff if who else None)
    api, naive = both(client, route)
    assert api == naive
    assert api  # not vacuously equal


def test_naive_and_optimized_problem_detail_agree(data):
    _, problems = data
    api, naive = both(token_client(None), "problem-detail", args=[problems[3].pk])
    assert api == naive
    assert len(api["test_cases"]) == 3


def count(client, namespace: str, route: str, args=(), params=None) -> int:
    url = reverse(f"{namespace}:{route}", args=args)
    with capture_queries() as log:
        assert client.get(url, params).status_code == 200
    return log.count


def test_naive_shows_the_seeds_before_counts_beside_the_optimized_ones(capsys):
    user = make_user()
    problems = [make_problem(test_cases=1) for _ in range(100)]
    detail = make_problem(test_cases=50)
    for problem in problems:
        make_history(user=make_user(), problem=problem, is_code_public=True)
    for i in range(10):
        make_history(user=user, problem=problems[i], failed_count=i % 2)
    anonymous, signed_in = token_client(None), token_client(user)
    page = {"page_size": 100}
    measured = {
        "problem-list": (
            count(anonymous, "naive", "problem-list", params=page),
            count(anonymous, "algoitny", "problem-list", params=page),
        ),
        "problem-detail": (
            count(anonymous, "naive", "problem-detail", [detail.pk]),
            count(anonymous, "algoitny", "problem-detail", [detail.pk]),
        ),
        "history-list": (
            count(anonymous, "naive", "history-list", params=page),
            count(anonymous, "algoitny", "history-list", params=page),
        ),
        "account-stats": tuple(
            count(signed_in, ns, "account-stats") - TOKEN_LOOKUP for ns in ("naive", "algoitny")
        ),
    }
    with capsys.disabled():
        print("\nendpoint         seed before  naive  seed after  optimized")
        for route, (naive, optimized) in measured.items():
            before, after = SEED[route]
            print(f"{route:<16} {before:>11}  {naive:>5}  {after:>10}  {optimized:>9}")
    assert measured["problem-list"] == (101, 1)
    assert measured["history-list"] == (101, 1)
    assert measured["account-stats"] == (5, 1)
    # Nested test cases come through one related-manager query: the naive detail reads the
    # problem, its COUNT and its test cases; the seed's 51 needs a query per test case.
    assert measured["problem-detail"] == (3, 2)
