from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from algoitny_core.models import Problem, SearchHistory, TestCase
from algoitny_core.testing import QueryBudgetExceeded, assert_uses_index
from algoitny_core.testing.explain import plan_summary
from tests.testing import data

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows() -> None:
    # Enough rows that a plan is not trivially a scan of an empty table.
    data.make_problems(30)
    data.make_histories(5)


@pytest.mark.usefixtures("rows")
@pytest.mark.parametrize(
    ("queryset", "index"),
    [
        # Several indexes serve these; any one will do.
        (lambda: Problem.objects.filter(platform="baekjoon"), None),
        (lambda: TestCase.objects.filter(problem_id=1), None),
        # Exactly one index serves each of these.
        (
            lambda: Problem.objects.filter(language="python").order_by("-created_at"),
            "problem_language_created_idx",
        ),
        (
            lambda: SearchHistory.objects.filter(platform="baekjoon").order_by(),
            "sh_platform_created_idx",
        ),
        (lambda: User.objects.filter(groups__name="staff"), None),
    ],
)
def test_passes_when_the_plan_uses_an_index(queryset, index):
    plan = assert_uses_index(queryset(), index)
    if index:
        assert index in plan


@pytest.mark.usefixtures("rows")
@pytest.mark.parametrize(
    "queryset",
    [
        lambda: Problem.objects.filter(title="A+B"),
        lambda: Problem.objects.all(),
        lambda: SearchHistory.objects.filter(code__contains="print"),
    ],
)
def test_fails_when_the_plan_scans_a_table(queryset):
    with pytest.raises(QueryBudgetExceeded) as caught:
        assert_uses_index(queryset())
    message = str(caught.value)
    assert message.splitlines()[0].startswith("The query scans algoitny_core_")
    assert message.splitlines()[0].endswith(" instead of using an index.")
    assert "\nPlan:\n" in message


@pytest.mark.usefixtures("rows")
def test_fails_when_another_index_than_the_named_one_is_used():
    queryset = Problem.objects.filter(platform="baekjoon", problem_id="1001")
    with pytest.raises(
        QueryBudgetExceeded, match="does not use index 'problem_language_created_idx'"
    ):
        assert_uses_index(queryset, "problem_language_created_idx")


def test_an_index_that_does_not_exist_is_a_value_error():
    with pytest.raises(ValueError, match="No index named 'nope_idx'"):
        assert_uses_index(Problem.objects.filter(platform="x"), "nope_idx")


def test_bad_arguments_are_type_errors():
    with pytest.raises(TypeError, match="queryset must be a QuerySet"):
        assert_uses_index([1, 2])
    with pytest.raises(TypeError, match="index must be an index name"):
        assert_uses_index(Problem.objects.all(), 3)


@pytest.mark.postgres_only
@pytest.mark.usefixtures("rows")
def test_postgres_leaves_sequential_scans_enabled_after_the_check():
    from django.db import connection

    assert_uses_index(Problem.objects.filter(platform="baekjoon"))
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"


@pytest.mark.usefixtures("rows")
def test_reading_a_whole_index_in_order_passes_only_under_a_limit():
    ordered = TestCase.objects.order_by("problem_id", "created_at")
    assert_uses_index(ordered[:5], "tc_problem_created_idx")
    with pytest.raises(QueryBudgetExceeded, match="scans algoitny_core_testcase"):
        assert_uses_index(ordered)


PG_FULL_INDEX = """Limit  (cost=0.15..1.2 rows=5 width=88)
  ->  Index Scan using t_idx on t  (cost=0.15..62.0 rows=300 width=88)
        Filter: (x > 1)"""
PG_INDEX_COND = """Index Scan using t_idx on t  (cost=0.15..8.1 rows=1 width=88)
  Index Cond: (a = 1)"""


@pytest.mark.parametrize(
    ("plan", "vendor", "expected"),
    [
        ("3 0 0 SCAN algoitny_core_problem", "sqlite", (["algoitny_core_problem"], [], [])),
        ("3 0 0 SCAN TABLE t", "sqlite", (["t"], [], [])),
        ("2 0 0 SCAN t USING COVERING INDEX t_idx", "sqlite", ([], ["t_idx"], [("t", "t_idx")])),
        ("4 0 0 SEARCH t USING INDEX t_idx (a=?)", "sqlite", ([], ["t_idx"], [])),
        (
            "5 0 0 SEARCH t USING INTEGER PRIMARY KEY (rowid=?)",
            "sqlite",
            ([], ["INTEGER PRIMARY KEY"], []),
        ),
        ("Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)", "postgresql", (["t"], [], [])),
        (PG_INDEX_COND, "postgresql", ([], ["t_idx"], [])),
        (PG_FULL_INDEX, "postgresql", ([], ["t_idx"], [("t", "t_idx")])),
        ("  ->  Bitmap Index Scan on t_idx  (cost=0.00..4.18)", "postgresql", ([], ["t_idx"], [])),
    ],
)
def test_plan_lines_are_read_for_each_database(plan, vendor, expected):
    assert plan_summary(plan, vendor) == expected
