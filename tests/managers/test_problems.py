from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from algoitny_core.managers.problems import LIST_FIELDS
from algoitny_core.models import Problem
from tests.factories import make_problem
from tests.sql import columns, where

pytestmark = pytest.mark.django_db


def test_active_leaves_out_soft_deleted():
    kept = make_problem(is_completed=False)
    make_problem(is_deleted=True)
    qs = Problem.objects.active()
    assert where(qs) == {("is_deleted", "exact", False)}
    assert list(qs) == [kept]


def test_completed_filters_on_both_flags():
    done = make_problem(is_completed=True)
    make_problem(is_completed=False)
    make_problem(is_completed=True, is_deleted=True)
    assert where(Problem.objects.completed()) == {
        ("is_deleted", "exact", False),
        ("is_completed", "exact", True),
    }
    assert list(Problem.objects.completed()) == [done]


def test_drafts_are_incomplete_and_not_deleted():
    draft = make_problem(is_completed=False)
    make_problem(is_completed=True)
    make_problem(is_completed=False, is_deleted=True)
    assert where(Problem.objects.drafts()) == {
        ("is_deleted", "exact", False),
        ("is_completed", "exact", False),
    }
    assert list(Problem.objects.drafts()) == [draft]


def test_by_platform_filters_and_rejects_unknown_platforms():
    bj = make_problem(platform="baekjoon")
    make_problem(platform="codeforces")
    qs = Problem.objects.by_platform("baekjoon")
    assert where(qs) == {("platform", "exact", "baekjoon")}
    assert list(qs) == [bj]
    with pytest.raises(ValueError, match="Unknown platform 'atcoder'"):
        Problem.objects.by_platform("atcoder")


def test_with_test_cases_prefetches_in_one_query(django_assert_num_queries):
    for _ in range(3):
        make_problem(test_cases=4)
    with django_assert_num_queries(2) as ctx:
        problems = list(Problem.objects.with_test_cases())
        inputs = [[tc.input for tc in p.test_cases.all()] for p in problems]
    assert [len(i) for i in inputs] == [4, 4, 4]
    prefetch_sql = ctx.captured_queries[1]["sql"]
    assert '"problem_id" IN' in prefetch_sql
    assert 'ORDER BY "algoitny_core_testcase"."created_at" ASC' in prefetch_sql


def test_with_test_case_count_annotates_test_case_count_in_the_same_query(
    django_assert_num_queries,
):
    make_problem(test_cases=3)
    make_problem(test_cases=0)
    with django_assert_num_queries(1) as ctx:
        counts = sorted(p.test_case_count for p in Problem.objects.with_test_case_count())
    assert counts == [0, 3]
    query = ctx.captured_queries[0]["sql"]
    assert "COUNT(" in query and 'AS "test_case_count"' in query
    # A correlated subquery, not a JOIN + GROUP BY: the outer query can still walk an index.
    assert "GROUP BY" not in query.split("FROM")[-1]
    assert "JOIN" not in query


def test_minimal_fields_selects_only_list_columns():
    make_problem()
    selected = columns(Problem.objects.minimal_fields())
    assert selected == set(LIST_FIELDS)
    assert not selected & {"solution_code", "constraints", "metadata", "deleted_reason"}


def test_methods_chain_into_one_list_query(django_assert_num_queries):
    make_problem(test_cases=2, platform="codeforces")
    make_problem(test_cases=2, platform="baekjoon", is_completed=False)
    qs = (
        Problem.objects.minimal_fields()
        .with_test_case_count()
        .completed()
        .by_platform("codeforces")
    )
    with django_assert_num_queries(1):
        rows = [(p.platform, p.test_case_count) for p in qs]
    assert rows == [("codeforces", 2)]


def test_problem_platform_and_id_are_unique():
    make_problem(platform="baekjoon", problem_id="1000")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_problem(platform="baekjoon", problem_id="1000")
    make_problem(platform="codeforces", problem_id="1000")


def test_seed_index_names_exist_in_the_database():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Problem._meta.db_table)
    assert {
        "problem_platform_id_idx",
        "problem_platform_created_idx",
        "problem_completed_created_idx",
        "problem_language_created_idx",
        "problem_deleted_completed_idx",
    } <= set(constraints)
