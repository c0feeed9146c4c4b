from __future__ import annotations

import logging

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient

from algoitny_core.testing import QueryBudgetExceeded

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tests.testing.urls"),
]

MIDDLEWARE = ["algoitny_core.testing.QueryBudgetMiddleware"]


@pytest.fixture(autouse=True)
def _middleware(settings):
    settings.MIDDLEWARE = MIDDLEWARE
    settings.ALGOITNY = {}


@pytest.mark.parametrize("url", ["/function/", "/class/", "/drf/", "/async/"])
def test_a_request_within_budget_passes(client, url):
    response = client.get(url, {"n": 2})
    assert response.status_code == 200
    assert "X-Query-Count" not in response


@pytest.mark.parametrize("url", ["/function/", "/class/", "/drf/"])
def test_a_request_over_budget_raises_in_tests(client, url):
    with pytest.raises(QueryBudgetExceeded) as caught:
        client.get(url, {"n": 3})
    assert (caught.value.budget, caught.value.actual) == (2, 3)
    assert "expected at most 2 queries" in str(caught.value)
    assert "     3 x SELECT COUNT(*) AS" in str(caught.value)
    assert "at tests/testing/urls.py:" in str(caught.value)


def test_an_async_view_counts_queries_from_its_sync_to_async_threads():
    client = AsyncClient()
    assert async_to_sync(client.get)("/async/", {"n": 2}).status_code == 200
    with pytest.raises(QueryBudgetExceeded, match="but 3 ran"):
        async_to_sync(client.get)("/async/", {"n": 3})


def test_over_budget_logs_a_warning_when_raising_is_off(client, settings, caplog):
    settings.ALGOITNY = {"QUERY_BUDGET_RAISE": False}
    with caplog.at_level(logging.WARNING, logger="algoitny_core.query_budget"):
        response = client.get("/drf/", {"n": 4})
    assert response.status_code == 200
    [record] = caplog.records
    assert record.getMessage().startswith("GET /drf/: expected at most 2 queries")
    assert "4 queries in 1 group," in record.getMessage()
    assert (record.budget, record.actual) == (2, 4)


def test_over_budget_raises_under_debug_when_not_testing(client, settings, monkeypatch):
    from algoitny_core.testing import budget

    monkeypatch.setattr(budget, "_in_tests", lambda: False)
    settings.DEBUG = True
    with pytest.raises(QueryBudgetExceeded):
        client.get("/drf/", {"n": 3})
    settings.DEBUG = False
    assert client.get("/drf/", {"n": 3}).status_code == 200  # production: log only


def test_query_count_header_when_enabled(client, settings):
    settings.ALGOITNY = {"QUERY_COUNT_HEADER": True}
    assert client.get("/drf/", {"n": 2})["X-Query-Count"] == "2"
    assert client.get("/free/", {"n": 5})["X-Query-Count"] == "5"
    assert client.get("/function/", {"n": 1})["X-Query-Count"] == "1"


def test_views_without_a_budget_are_not_counted(client):
    response = client.get("/free/", {"n": 10})
    assert response.status_code == 200
    assert "X-Query-Count" not in response


def test_a_malformed_budget_attribute_is_a_type_error(client):
    with pytest.raises(
        TypeError, match=r"query_budget of .*BadBudgetAPIView.* must be a non-negative"
    ):
        client.get("/drf-bad/")


def test_a_decorated_function_view_is_checked_once(client, settings, caplog):
    settings.ALGOITNY = {"QUERY_BUDGET_RAISE": False}
    with caplog.at_level(logging.WARNING, logger="algoitny_core.query_budget"):
        client.get("/function/", {"n": 3})
    assert len(caplog.records) == 1
