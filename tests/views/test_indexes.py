"""Every list query, with each of its filters, walks an index instead of scanning the table."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIRequestFactory, force_authenticate

from algoitny_core.pagination import CreatedCursorPagination
from algoitny_core.testing import assert_uses_index
from algoitny_core.views.history import HistoryListView
from algoitny_core.views.jobs import JobListView
from algoitny_core.views.problems import ProblemDraftsView, ProblemListView, RegisteredProblemsView
from tests.factories import make_history, make_job, make_problem, make_user

pytestmark = pytest.mark.django_db


def page_query(view_class: type, params: dict[str, str], user: Any = None) -> Any:
    """The queryset a list view runs for one page, filters and ordering applied."""
    request = APIRequestFactory().get("/", params)
    if user is not None:
        force_authenticate(request, user=user)
    view = view_class()
    view.setup(request)
    view.request = view.initialize_request(request)
    if user is None:
        view.request.user = AnonymousUser()
    view.format_kwarg = None
    queryset = view.filter_queryset(view.get_queryset())
    return queryset.order_by(*CreatedCursorPagination.ordering)[:21]


@pytest.fixture
def rows():
    user = make_user()
    for i in range(3):
        problem = make_problem(test_cases=2, tags=["dp"], is_completed=i != 0)
        make_history(user=user, problem=problem, is_code_public=i % 2 == 0)
        make_job()
    return user


PROBLEM_FILTERS = [
    {},
    {"platform": "baekjoon"},
    {"language": "cpp"},
    {"tag": "dp"},
    {"search": "a"},
]


@pytest.mark.parametrize("params", PROBLEM_FILTERS)
@pytest.mark.parametrize("view", [ProblemListView, ProblemDraftsView, RegisteredProblemsView])
def test_problem_lists_use_an_index(rows, view, params):
    assert_uses_index(page_query(view, params))


def test_problem_list_counts_test_cases_through_their_index(rows):
    # The count is a correlated subquery: its index shows in the plan of the outer query.
    assert "tc_problem_created_idx" in assert_uses_index(page_query(ProblemListView, {}))


@pytest.mark.parametrize(
    "params", [{}, {"platform": "baekjoon"}, {"language": "python"}, {"mine": "true"}]
)
@pytest.mark.parametrize("who", ["anonymous", "user", "staff"])
def test_history_list_uses_an_index(rows, params, who):
    user = {"anonymous": None, "user": rows, "staff": make_user(is_staff=True)}[who]
    assert_uses_index(page_query(HistoryListView, params, user))


@pytest.mark.parametrize("params", [{}, {"status": "PENDING"}, {"job_type": "script_generation"}])
def test_job_list_uses_an_index(rows, params):
    assert_uses_index(page_query(JobListView, params, make_user(is_staff=True)))
