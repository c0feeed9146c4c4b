# The mixin is for unittest-style suites, so these tests are written in that style.
# ruff: noqa: PT009, PT027
from __future__ import annotations

from django.test import TestCase

from algoitny_core.models import Problem
from algoitny_core.testing import LazyLoadDetected, QueryAssertionsMixin, QueryBudgetExceeded
from tests.testing import data


class QueryAssertionsMixinTests(QueryAssertionsMixin, TestCase):
    def test_assert_query_count(self):
        data.make_problems(2)
        with self.assertQueryCount(2):
            data.case_counts_prefetched()
        with self.assertRaises(QueryBudgetExceeded), self.assertQueryCount(2):
            data.case_counts_naive()

    def test_assert_max_queries(self):
        data.make_histories(2)
        with self.assertMaxQueries(1):
            data.history_owners_joined()
        with self.assertRaises(QueryBudgetExceeded), self.assertMaxQueries(2):
            data.history_owners_naive()

    def test_assert_no_queries(self):
        problems = list(Problem.objects.all())
        with self.assertNoQueries():
            self.assertEqual(problems, [])
        with self.assertRaises(QueryBudgetExceeded), self.assertNoQueries():
            Problem.objects.count()

    def test_assert_constant_queries(self):
        counts = self.assertConstantQueries(data.make_members, data.group_names_prefetched)
        self.assertEqual(counts, {1: 2, 10: 2})
        with self.assertRaises(QueryBudgetExceeded):
            self.assertConstantQueries(data.make_members, data.group_names_naive, sizes=(1, 3))

    def test_assert_uses_index(self):
        data.make_problems(5)
        self.assertUsesIndex(Problem.objects.filter(platform="x"), "problem_platform_created_idx")
        with self.assertRaises(QueryBudgetExceeded):
            self.assertUsesIndex(Problem.objects.filter(title="x"))

    def test_assert_no_n_plus_one(self):
        data.make_problems(2)
        with self.assertNoNPlusOne():
            data.case_counts_prefetched()
        with self.assertRaises(LazyLoadDetected), self.assertNoNPlusOne():
            data.case_counts_naive()

    def test_capture_queries(self):
        with self.captureQueries() as log:
            Problem.objects.count()
        self.assertEqual(log.count, 1)

    def test_djangos_own_assert_num_queries_is_untouched(self):
        with self.assertNumQueries(1):
            Problem.objects.count()
