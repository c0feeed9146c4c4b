from __future__ import annotations

import django
import pytest
from django.db.models import query

from algoitny_core.models import Problem, SearchHistory
from algoitny_core.testing import (
    LazyLoadDetected,
    QueryBudgetExceeded,
    capture_queries,
    detect_n_plus_one,
)
from algoitny_core.testing.n_plus_one import patch_nplusone
from tests.testing import data

pytestmark = pytest.mark.django_db

HAS_FETCH_MODES = django.VERSION >= (6, 1)


@pytest.mark.parametrize(
    ("make", "naive", "field"),
    [
        (data.make_problems, data.case_counts_naive, "Problem.test_cases"),
        (data.make_histories, data.history_owners_naive, "SearchHistory.user"),
        (data.make_members, data.group_names_naive, "User.groups"),
    ],
)
def test_detects_lazy_loads_over_each_kind_of_relation(make, naive, field):
    make(3)
    with pytest.raises(LazyLoadDetected) as caught, detect_n_plus_one():
        naive()
    message = str(caught.value)
    assert message.startswith(f"Potential n+1 query detected on `{field}`")
    assert "\n  at tests/testing/data.py:" in message
    assert isinstance(caught.value, QueryBudgetExceeded)


@pytest.mark.parametrize(
    ("make", "fixed"),
    [
        (data.make_problems, data.case_counts_prefetched),
        (data.make_problems, data.case_counts_annotated),
        (data.make_histories, data.history_owners_joined),
        (data.make_members, data.group_names_prefetched),
    ],
)
def test_passes_on_eager_loads(make, fixed):
    make(3)
    with detect_n_plus_one():
        fixed()


def test_select_related_runs_under_the_profiler():
    # nplusone 1.0 alone fails here on Django 6.1: RelatedPopulator takes a fetch_mode.
    data.make_histories(2)
    with detect_n_plus_one():
        names = data.history_owners_joined()
    assert len(names) == 2


def test_a_single_row_may_load_its_relation():
    data.make_histories(1)
    with detect_n_plus_one():
        history = SearchHistory.objects.get()
        assert history.user.username


def test_reports_an_unused_select_related_at_the_end_of_the_block():
    data.make_histories(2)
    expected = "unnecessary eager load detected on `SearchHistory"
    with pytest.raises(LazyLoadDetected, match=expected), detect_n_plus_one():
        list(SearchHistory.objects.select_related("user"))


def test_reports_an_unused_prefetch_related():
    data.make_problems(2)
    expected = "unnecessary eager load detected on `Problem"
    with pytest.raises(LazyLoadDetected, match=expected), detect_n_plus_one():
        list(Problem.objects.prefetch_related("test_cases"))


def test_unused_eager_loads_can_be_allowed():
    data.make_histories(2)
    with detect_n_plus_one(unused_eager_loads=False):
        list(SearchHistory.objects.select_related("user"))


def test_ignore_takes_nplusone_rules_by_app_label():
    data.make_histories(2)
    with detect_n_plus_one(ignore=[{"model": "algoitny_core.SearchHistory", "field": "user"}]):
        data.history_owners_naive()


def test_deferred_fields_loaded_row_by_row_fail_where_django_has_fetch_modes():
    data.make_problems(2)
    detected = None
    with capture_queries() as log:
        try:
            with detect_n_plus_one():
                [p.title for p in Problem.objects.only("id")]
        except LazyLoadDetected as error:
            detected = str(error)
    if HAS_FETCH_MODES:  # Django 6.1+: blocked before the first per-row query
        assert detected.startswith("Potential n+1 query detected on a deferred field:")
        assert "Problem.title" in detected
        assert log.count == 1
    else:  # nplusone alone does not see deferred fields
        assert detected is None
        assert log.count == 3


def test_a_single_row_may_load_a_deferred_field():
    data.make_problems(1)
    with detect_n_plus_one():
        assert Problem.objects.only("id").get().title == "A+B"


def test_populator_arguments_are_stored_in_nplusones_shape():
    patch_nplusone()
    data.make_histories(1)
    seen = []
    original = query.RelatedPopulator.populate

    def spy(self, row, from_obj):
        seen.append(self.__nplusone__["args"])
        return original(self, row, from_obj)

    query.RelatedPopulator.populate = spy
    try:
        list(SearchHistory.objects.select_related("user"))
    finally:
        query.RelatedPopulator.populate = original
    [(klass_info, select, db)] = seen
    assert klass_info["model"].__name__ == "User"
    assert isinstance(select, list)
    assert db == "default"
