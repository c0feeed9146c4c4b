from __future__ import annotations

from typing import Any

from rest_framework import serializers

from algoitny_core.managers.problems import LIST_FIELDS
from algoitny_core.models import Problem, TestCase
from algoitny_core.serializers.rows import RowsSerializerMixin

# A problem's own fields, as detail and save responses show them.
SAVED_FIELDS = (*LIST_FIELDS, "solution_code", "constraints", "metadata", "execution_count")


class ProblemListSerializer(RowsSerializerMixin, serializers.ModelSerializer):
    """A problem in a list (an instance or a ``list_rows()`` row); ``test_case_count`` comes
    from ``with_test_case_count()``."""

    test_case_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Problem
        fields = [*LIST_FIELDS, "test_case_count"]
        read_only_fields = fields


class TestCaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = TestCase
        fields = ["id", "input", "output"]
        read_only_fields = fields


class ProblemDetailSerializer(serializers.ModelSerializer):
    """A problem with its test cases, prefetched by ``with_test_cases()``."""

    test_cases = TestCaseSerializer(many=True, read_only=True)
    test_case_count = serializers.SerializerMethodField()

    class Meta:
        model = Problem
        fields = [*SAVED_FIELDS, "test_case_count", "test_cases"]
        read_only_fields = fields

    def get_test_case_count(self, obj: Any) -> int:
        # Counts the prefetched rows: no COUNT query.
        return len(obj.test_cases.all())


class ProblemSavedSerializer(serializers.ModelSerializer):
    """A problem as saved: its own fields, without the test cases (no further query)."""

    class Meta:
        model = Problem
        fields = list(SAVED_FIELDS)
        read_only_fields = fields
