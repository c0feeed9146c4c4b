from __future__ import annotations

import pytest

from algoitny_core.models import Problem
from algoitny_core.testing import QueryBudgetExceeded, assert_constant_queries
from tests.testing import data

pytestmark = pytest.mark.django_db

FIXED = [
    (data.make_problems, data.case_counts_prefetched, 2),
    (data.make_problems, data.case_counts_annotated, 1),
    (data.make_histories, data.history_owners_joined, 1),
    (data.make_members, data.group_names_prefetched, 2),
]
NAIVE = [
    (data.make_problems, data.case_counts_naive),
    (data.make_histories, data.history_owners_naive),
    (data.make_members, data.group_names_naive),
]


@pytest.mark.parametrize(("make", "action", "count"), FIXED)
def test_passes_when_the_count_does_not_grow(make, action, count):
    assert assert_constant_queries(make, action) == {1: count, 10: count}


@pytest.mark.parametrize(("make", "action"), NAIVE)
def test_fails_when_the_count_grows_with_the_rows(make, action):
    with pytest.raises(QueryBudgetExceeded) as caught:
        assert_constant_queries(make, action, sizes=(2, 5))
    message = str(caught.value)
    assert message.startswith(
        "The query count depends on the data: size 2 -> 3 queries, size 5 -> 6 queries"
        " (+1.00 per row)."
    )
    assert "Queries whose count changed (size 2 -> size 5):\n     2 -> 5    SELECT" in message
    assert "at tests/testing/data.py:" in message
    assert (caught.value.budget, caught.value.actual) == (3, 6)


def test_each_size_runs_in_its_own_rolled_back_savepoint():
    seen = []
    assert_constant_queries(
        data.make_problems, lambda: seen.append(Problem.objects.count()), sizes=(10, 3, 1)
    )
    assert seen == [1, 3, 10]  # sizes run smallest first, each on fresh data
    assert Problem.objects.count() == 0


def test_setup_queries_are_not_counted():
    counts = assert_constant_queries(data.make_problems, lambda: None, sizes=(0, 5))
    assert counts == {0: 0, 5: 0}


@pytest.mark.parametrize(
    ("sizes", "error", "match"),
    [
        ((1,), ValueError, "at least two different values"),
        ((3, 3), ValueError, "at least two different values"),
        ((), ValueError, "at least two different values"),
        ((1, -2), ValueError, "each size must be a non-negative int"),
        ((1, "10"), TypeError, "each size must be a non-negative int"),
    ],
)
def test_bad_sizes_fail_at_the_call(sizes, error, match):
    with pytest.raises(error, match=match):
        assert_constant_queries(data.make_problems, data.case_counts_naive, sizes=sizes)
    assert Problem.objects.count() == 0  # nothing ran


def test_non_callables_fail_at_the_call():
    with pytest.raises(TypeError, match="setup must be callable"):
        assert_constant_queries(3, data.case_counts_naive)
    with pytest.raises(TypeError, match="action must be callable"):
        assert_constant_queries(data.make_problems, None)


def test_an_unknown_alias_fails_before_setup_runs():
    with pytest.raises(ValueError, match="Unknown database alias nope"):
        assert_constant_queries(data.make_problems, data.case_counts_naive, using="nope")
    assert Problem.objects.count() == 0
