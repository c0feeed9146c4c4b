"""The same budgets hold when the API is served through Django's ASGI handler."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient
from django.urls import reverse
from rest_framework.authtoken.models import Token

from algoitny_core.testing import assert_constant_queries, assert_num_queries
from algoitny_core.views.history import HistoryListView
from algoitny_core.views.problems import ProblemDetailView, ProblemListView
from tests.factories import make_history, make_problem, make_user

pytestmark = pytest.mark.django_db


def asgi_get(url: str, token: str | None = None) -> int:
    headers = {"Authorization": f"Token {token}"} if token else {}
    response = async_to_sync(AsyncClient().get)(url, headers=headers)
    return response.status_code


@pytest.mark.parametrize(
    ("view", "route", "setup"),
    [
        (ProblemListView, "problem-list", lambda n: [make_problem(test_cases=2) for _ in range(n)]),
        (
            HistoryListView,
            "history-list",
            lambda n: [make_history(user=make_user(), is_code_public=True) for _ in range(n)],
        ),
    ],
)
def test_list_budgets_hold_under_asgi(view, route, setup):
    token = Token.objects.create(user=make_user()).key
    url = reverse(f"algoitny:{route}")
    assert_constant_queries(setup, lambda: asgi_get(url, token), sizes=(1, 50))
    setup(50)
    with assert_num_queries(view.query_budget):
        assert asgi_get(url, token) == 200


def test_detail_budget_holds_under_asgi():
    problem = make_problem(test_cases=50)
    with assert_num_queries(ProblemDetailView.query_budget - 1):  # anonymous: no token lookup
        assert asgi_get(reverse("algoitny:problem-detail", args=[problem.pk])) == 200
