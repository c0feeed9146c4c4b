"""The floor: an endpoint's rows read by one raw SQL query and encoded straight to JSON.

No ORM, no serializer, no request: what is left is the database and the encoder, the least
any implementation of the endpoint must spend. Same rows, same keys as the API's JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Model

from algoitny_core.managers.jobs import LIST_FIELDS as JOB_FIELDS
from algoitny_core.managers.problems import LIST_FIELDS as PROBLEM_FIELDS
from algoitny_core.models import Problem, ScriptGenerationJob, SearchHistory, TestCase
from algoitny_core.serializers.history import LIST_FIELDS as HISTORY_SERIALIZED
from algoitny_core.serializers.problems import SAVED_FIELDS
from example_project.demo.bench.data import Dataset

try:
    import orjson

    ENCODER = "orjson"
    encode: Callable[[Any], bytes] = orjson.dumps
except ImportError:  # the bench extra is not installed: the standard library's encoder
    ENCODER = "json"

    def encode(data: Any) -> bytes:
        return json.dumps(data, default=str).encode()


HISTORY_FIELDS = [f for f in HISTORY_SERIALIZED if f != "username"]
JSON_FIELDS = {"tags", "metadata"}  # text on SQLite, decoded already by psycopg


def _columns(model: type[Model], fields: Sequence[str], alias: str) -> str:
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(model._meta.get_field(f).column)}" for f in fields)


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _record(fields: Sequence[str], row: Sequence[Any]) -> dict[str, Any]:
    record = dict(zip(fields, row, strict=True))
    for name in JSON_FIELDS & record.keys():
        if isinstance(record[name], str):
            record[name] = json.loads(record[name])
    return record


def problem_list(data: Dataset, *, completed: bool = True) -> bytes:
    count = (
        f"(SELECT COUNT(*) FROM {_table(TestCase)} t WHERE t.problem_id = p.id) AS test_case_count"
    )
    sql = (
        f"SELECT {_columns(Problem, PROBLEM_FIELDS, 'p')}, {count} FROM {_table(Problem)} p "
        "WHERE p.is_deleted = %s AND p.is_completed = %s "
        "ORDER BY p.created_at DESC, p.id DESC LIMIT %s"
    )
    fields = [*PROBLEM_FIELDS, "test_case_count"]
    rows = _rows(sql, [False, completed, data.n])
    return encode({"results": [_record(fields, row) for row in rows]})


def draft_list(data: Dataset) -> bytes:
    return problem_list(data, completed=False)


def problem_detail(data: Dataset) -> bytes:
    case_fields = ["id", "input", "output"]
    sql = (
        f"SELECT {_columns(Problem, SAVED_FIELDS, 'p')}, {_columns(TestCase, case_fields, 't')} "
        f"FROM {_table(Problem)} p LEFT JOIN {_table(TestCase)} t ON t.problem_id = p.id "
        "WHERE p.id = %s ORDER BY t.created_at, t.id"
    )
    rows = _rows(sql, [data.detail_problem.pk])
    split = len(SAVED_FIELDS)
    problem = _record(SAVED_FIELDS, rows[0][:split])
    cases = [dict(zip(case_fields, row[split:], strict=True)) for row in rows if row[split]]
    return encode({**problem, "test_case_count": len(cases), "test_cases": cases})


def history_list(data: Dataset) -> bytes:
    user_model = get_user_model()
    username = connection.ops.quote_name(user_model.USERNAME_FIELD)
    sql = (
        f"SELECT {_columns(SearchHistory, HISTORY_FIELDS, 'h')}, u.{username} "
        f"FROM {_table(SearchHistory)} h LEFT JOIN {_table(user_model)} u ON u.id = h.user_id "
        "WHERE h.is_code_public = %s ORDER BY h.created_at DESC, h.id DESC LIMIT %s"
    )
    fields = [*HISTORY_FIELDS, "username"]
    rows = _rows(sql, [True, data.n])
    return encode({"results": [_record(fields, row) for row in rows]})


def account_stats(data: Dataset) -> bytes:
    sql = (
        "SELECT platform, language, COUNT(*), SUM(CASE WHEN failed_count = 0 THEN 1 ELSE 0 END) "
        f"FROM {_table(SearchHistory)} WHERE user_id = %s GROUP BY platform, language"
    )
    stats: dict[str, Any] = {"total_executions": 0, "passed_executions": 0}
    by_platform: dict[str, int] = {}
    by_language: dict[str, int] = {}
    for platform, language, runs, passed in _rows(sql, [data.runner.pk]):
        stats["total_executions"] += runs
        stats["passed_executions"] += passed
        by_platform[platform] = by_platform.get(platform, 0) + runs
        by_language[language] = by_language.get(language, 0) + runs
    failed = stats["total_executions"] - stats["passed_executions"]
    return encode(
        {
            **stats,
            "failed_executions": failed,
            "by_platform": by_platform,
            "by_language": by_language,
        }
    )


def job_list(data: Dataset) -> bytes:
    sql = (
        f"SELECT {_columns(ScriptGenerationJob, JOB_FIELDS, 'j')} "
        f"FROM {_table(ScriptGenerationJob)} j "
        "ORDER BY j.created_at DESC, j.id DESC LIMIT %s"
    )
    rows = _rows(sql, [data.n])
    return encode({"results": [_record(JOB_FIELDS, row) for row in rows]})
