"""A ``values()`` row serializes exactly as its instance does, for every list serializer."""

from __future__ import annotations

import datetime

import pytest
from rest_framework import serializers

from algoitny_core.choices import JobStatus
from algoitny_core.models import Problem, ScriptGenerationJob, SearchHistory
from algoitny_core.serializers.history import HistoryListSerializer
from algoitny_core.serializers.jobs import JobListSerializer
from algoitny_core.serializers.problems import ProblemListSerializer
from algoitny_core.serializers.rows import RowsSerializerMixin
from tests.factories import make_history, make_job, make_problem, make_user

pytestmark = pytest.mark.django_db


def test_problem_rows_match_instances():
    make_problem(test_cases=3, tags=["dp", "greedy"], language="cpp", problem_url="https://x.io/1")
    make_problem(test_cases=0, is_completed=False)
    rows = Problem.objects.list_rows().order_by("id")
    instances = Problem.objects.minimal_fields().with_test_case_count().order_by("id")
    assert ProblemListSerializer(rows, many=True).data == (
        ProblemListSerializer(instances, many=True).data
    )
    assert [row["test_case_count"] for row in rows] == [3, 0]


def test_job_rows_match_instances():
    make_job(status=JobStatus.FAILED, error_message="bad", tags=["math"])
    make_job(generator_code="print(1)")
    rows = ScriptGenerationJob.objects.list_rows().order_by("id")
    instances = ScriptGenerationJob.objects.list_fields().order_by("id")
    assert JobListSerializer(rows, many=True).data == JobListSerializer(instances, many=True).data


def test_history_rows_match_instances_with_and_without_an_owner():
    make_history(user=make_user(), is_code_public=True, passed_count=2, total_count=3)
    make_history(user=None)
    rows = SearchHistory.objects.list_rows().order_by("id")
    instances = SearchHistory.objects.with_user().order_by("id")
    data = HistoryListSerializer(rows, many=True).data
    assert data == HistoryListSerializer(instances, many=True).data
    assert data[1]["username"] is None
    assert data[0]["created_at"].endswith("Z")  # the date went through its field


def test_a_field_a_row_cannot_print_is_a_clear_error():
    class Priced(RowsSerializerMixin, serializers.Serializer):
        price = serializers.DecimalField(max_digits=5, decimal_places=2)
        when = serializers.DateField()

    with pytest.raises(TypeError, match=r"Priced.price \(DecimalField\) cannot print"):
        Priced({"price": 1, "when": datetime.date(2026, 1, 1)}).data  # noqa: B018
