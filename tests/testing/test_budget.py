from __future__ import annotations

import logging

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.db import connections

from algoitny_core.models import Problem
from algoitny_core.testing import QueryBudgetExceeded, query_budget
from algoitny_core.testing.budget import should_raise
from tests.testing import data

pytestmark = pytest.mark.django_db


@query_budget(2)
def case_counts(prefetch: bool) -> list[int]:
    return data.case_counts_prefetched() if prefetch else data.case_counts_naive()


@query_budget(1)
async def count_twice() -> int:
    await sync_to_async(Problem.objects.count)()
    return await sync_to_async(Problem.objects.count)()


def test_a_function_within_budget_returns_its_result():
    data.make_problems(3)
    assert case_counts(prefetch=True) == [2, 2, 2]
    assert case_counts.query_budget == 2


def test_a_function_over_budget_raises_in_tests():
    data.make_problems(3)
    with pytest.raises(QueryBudgetExceeded) as caught:
        case_counts(prefetch=False)
    message = str(caught.value)
    # A budget counts every database (the example project has "default" and "replica").
    aliases = ", ".join(repr(alias) for alias in sorted(connections.settings))
    assert message.startswith(
        f"tests.testing.test_budget.case_counts: expected at most 2 queries on {aliases}, "
        "but 4 ran."
    )


def test_an_async_function_counts_its_sync_to_async_queries():
    with pytest.raises(QueryBudgetExceeded, match="but 2 ran"):
        async_to_sync(count_twice)()


def test_over_budget_logs_instead_when_raising_is_off(settings, caplog):
    settings.ALGOITNY = {"QUERY_BUDGET_RAISE": False}
    data.make_problems(3)
    with caplog.at_level(logging.WARNING, logger="algoitny_core.query_budget"):
        assert case_counts(prefetch=False) == [2, 2, 2]
    [record] = caplog.records
    assert "expected at most 2 queries" in record.getMessage()


def test_raising_follows_the_setting_then_debug_then_tests(settings, monkeypatch):
    from algoitny_core.testing import budget

    assert should_raise()  # under tests
    monkeypatch.setattr(budget, "_in_tests", lambda: False)
    settings.DEBUG = False
    assert not should_raise()
    settings.DEBUG = True
    assert should_raise()
    settings.ALGOITNY = {"QUERY_BUDGET_RAISE": False}
    assert not should_raise()
    settings.DEBUG = False
    settings.ALGOITNY = {"QUERY_BUDGET_RAISE": True}
    assert should_raise()


def test_on_a_class_it_sets_the_attribute_the_middleware_reads():
    @query_budget(3)
    class View:
        pass

    assert View.query_budget == 3


@pytest.mark.parametrize(("n", "error"), [(-1, ValueError), (1.5, TypeError), ("2", TypeError)])
def test_a_bad_budget_fails_at_the_decorator(n, error):
    with pytest.raises(error, match="n must be a non-negative int"):
        query_budget(n)


def test_an_unknown_alias_fails_at_the_decorator():
    with pytest.raises(ValueError, match="Unknown database alias nope"):
        query_budget(1, using="nope")


def test_budgeted_calls_are_handed_to_the_report_hooks():
    from algoitny_core.testing.exceptions import report_hooks

    records: list[dict] = []
    data.make_problems(2)
    report_hooks.append(records.append)
    try:
        case_counts(prefetch=True)
    finally:
        report_hooks.remove(records.append)
    [record] = records
    assert record["kind"] == "query_budget"
    assert record["label"] == "tests.testing.test_budget.case_counts"
    assert (record["budget"], record["actual"]) == (2, 2)
    assert sorted(record["fingerprints"].values()) == [1, 1]
