from __future__ import annotations

from rest_framework import serializers

from algoitny_core.managers.jobs import LIST_FIELDS as JOB_FIELDS
from algoitny_core.managers.problems import LIST_FIELDS as PROBLEM_FIELDS
from algoitny_core.models import Problem, ScriptGenerationJob, SearchHistory, TestCase
from algoitny_core.serializers import problems as algoitny_problems
from algoitny_core.serializers.history import LIST_FIELDS as HISTORY_FIELDS

# The same fields as algoitny_core's serializers, so the JSON matches; how they are read differs.


class ProblemSerializer(serializers.ModelSerializer):
    test_case_count = serializers.SerializerMethodField()

    class Meta:
        model = Problem
        fields = [*PROBLEM_FIELDS, "test_case_count"]

    def get_test_case_count(self, obj: Problem) -> int:
        return obj.test_cases.count()  # one COUNT per problem


class TestCaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = TestCase
        fields = ["id", "input", "output"]


class ProblemDetailSerializer(ProblemSerializer):
    test_cases = TestCaseSerializer(many=True, read_only=True)

    class Meta(ProblemSerializer.Meta):
        fields = algoitny_problems.ProblemDetailSerializer.Meta.fields


class HistorySerializer(serializers.ModelSerializer):
    username = serializers.SerializerMethodField()

    class Meta:
        model = SearchHistory
        fields = HISTORY_FIELDS

    def get_username(self, obj: SearchHistory) -> str | None:
        return obj.user.username if obj.user else None  # loads the user, row by row


class JobSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScriptGenerationJob
        fields = list(JOB_FIELDS)
