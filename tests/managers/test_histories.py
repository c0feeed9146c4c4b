from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from algoitny_core.models import SearchHistory
from tests.factories import make_history, make_user
from tests.sql import columns, joined_tables, where

pytestmark = pytest.mark.django_db

LARGE_COLUMNS = {"code", "test_results", "hints", "metadata"}


def test_with_user_joins_the_user_in_the_same_query(django_assert_num_queries):
    for _ in range(3):
        make_history(user=make_user())
    qs = SearchHistory.objects.with_user()
    assert joined_tables(qs) == {"auth_user"}
    with django_assert_num_queries(1):
        emails = [h.user.email for h in qs]
    assert len(emails) == 3


def test_with_problem_joins_the_problem(django_assert_num_queries):
    make_history()
    make_history()
    qs = SearchHistory.objects.with_problem()
    assert joined_tables(qs) == {"algoitny_core_problem"}
    with django_assert_num_queries(1):
        assert len({h.problem.title for h in qs}) == 1


def test_public_filters_on_is_code_public():
    shown = make_history(is_code_public=True)
    make_history(is_code_public=False)
    qs = SearchHistory.objects.public()
    assert where(qs) == {("is_code_public", "exact", True)}
    assert list(qs) == [shown]


def test_for_user_filters_on_the_user_and_is_empty_for_anonymous():
    alice, bob = make_user(), make_user()
    mine = make_history(user=alice)
    make_history(user=bob)
    qs = SearchHistory.objects.for_user(alice)
    assert where(qs) == {("user", "exact", alice.pk)}
    assert list(qs) == [mine]
    assert list(SearchHistory.objects.for_user(alice.pk)) == [mine]
    assert list(SearchHistory.objects.for_user(AnonymousUser())) == []
    assert list(SearchHistory.objects.for_user(None)) == []


def test_visible_to_shows_public_and_own_runs_and_everything_to_staff():
    alice, bob, staff = make_user(), make_user(), make_user(is_staff=True)
    public = make_history(user=bob, is_code_public=True)
    private_bob = make_history(user=bob)
    private_alice = make_history(user=alice)
    qs = SearchHistory.objects.visible_to(alice)
    assert where(qs) == {
        (
            "OR",
            "OR",
            frozenset({("is_code_public", "exact", True), ("user", "exact", alice.pk)}),
        )
    }
    assert set(qs) == {public, private_alice}
    assert set(SearchHistory.objects.visible_to(AnonymousUser())) == {public}
    assert set(SearchHistory.objects.visible_to(staff)) == {public, private_bob, private_alice}


def test_by_platform_and_by_language_filter():
    cf = make_history(language="cpp")
    cf.platform = "codeforces"
    cf.save()
    make_history(language="python")
    assert where(SearchHistory.objects.by_platform("codeforces")) == {
        ("platform", "exact", "codeforces")
    }
    assert list(SearchHistory.objects.by_platform("codeforces")) == [cf]
    assert where(SearchHistory.objects.by_language("cpp")) == {("language", "exact", "cpp")}
    assert list(SearchHistory.objects.by_language("cpp")) == [cf]
    with pytest.raises(ValueError, match="Unknown platform"):
        SearchHistory.objects.by_platform("nowhere")


def test_minimal_fields_leaves_out_the_large_columns():
    make_history()
    selected = columns(SearchHistory.objects.minimal_fields())
    assert "user_id" in selected and "problem_number" in selected
    assert not selected & LARGE_COLUMNS


def test_minimal_fields_after_with_user_reads_only_the_users_name_and_email(
    django_assert_num_queries,
):
    make_history(user=make_user(email="a@example.com"))
    qs = SearchHistory.objects.with_user().minimal_fields()
    with django_assert_num_queries(1) as ctx:
        [row] = list(qs)
        assert (row.user.email, row.passed_count) == ("a@example.com", 0)
    sql = ctx.captured_queries[0]["sql"]
    assert '"auth_user"."email"' in sql and '"auth_user"."username"' in sql
    assert '"auth_user"."password"' not in sql
    assert not any(f'"algoitny_core_searchhistory"."{c}"' in sql for c in LARGE_COLUMNS)


def test_list_rows_are_dicts_of_the_list_columns_and_the_username(django_assert_num_queries):
    owner = make_user(username="ann")
    make_history(user=owner)
    make_history(user=None)
    with django_assert_num_queries(1) as ctx:
        rows = list(SearchHistory.objects.list_rows().order_by("id"))
    assert [(row["user"], row["username"]) for row in rows] == [(owner.pk, "ann"), (None, None)]
    sql = ctx.captured_queries[0]["sql"]
    assert not any(f'"algoitny_core_searchhistory"."{c}"' in sql for c in LARGE_COLUMNS)
    assert '"auth_user"."password"' not in sql


def test_a_list_row_serializes_as_its_instance_does():
    from algoitny_core.serializers.history import HistoryListSerializer

    make_history(user=make_user(), is_code_public=True, passed_count=2, total_count=3)
    make_history(user=None)
    rows = list(SearchHistory.objects.list_rows().order_by("id"))
    instances = list(SearchHistory.objects.with_user().order_by("id"))
    assert HistoryListSerializer(rows, many=True).data == (
        HistoryListSerializer(instances, many=True).data
    )


def test_search_history_composite_indexes_exist():
    from django.db import connection

    with connection.cursor() as cursor:
        names = set(connection.introspection.get_constraints(cursor, "algoitny_core_searchhistory"))
    assert {"sh_user_created_idx", "sh_public_created_idx", "sh_platform_created_idx"} <= names
