from __future__ import annotations

from rest_framework import serializers

from algoitny_core.models import Problem, ScriptGenerationJob, SearchHistory, TestCase


class ProblemSerializer(serializers.ModelSerializer):
    test_case_count = serializers.SerializerMethodField()

    class Meta:
        model = Problem
        fields = [
            "id",
            "platform",
            "problem_id",
            "title",
            "problem_url",
            "tags",
            "language",
            "is_completed",
            "created_at",
            "test_case_count",
        ]

    def get_test_case_count(self, obj: Problem) -> int:
        return obj.test_cases.count()  # one COUNT per problem


class TestCaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = TestCase
        fields = ["id", "input", "output"]


class ProblemDetailSerializer(ProblemSerializer):
    test_cases = TestCaseSerializer(many=True, read_only=True)

    class Meta(ProblemSerializer.Meta):
        fields = [
            *ProblemSerializer.Meta.fields[:-1],
            "solution_code",
            "constraints",
            "metadata",
            "execution_count",
            "test_case_count",
            "test_cases",
        ]


class HistorySerializer(serializers.ModelSerializer):
    username = serializers.SerializerMethodField()

    class Meta:
        model = SearchHistory
        fields = [
            "id",
            "user",
            "username",
            "problem",
            "platform",
            "problem_number",
            "problem_title",
            "language",
            "result_summary",
            "passed_count",
            "failed_count",
            "total_count",
            "is_code_public",
            "created_at",
        ]

    def get_username(self, obj: SearchHistory) -> str | None:
        return obj.user.username if obj.user else None  # loads the user, row by row


class JobSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScriptGenerationJob
        fields = [
            "id",
            "platform",
            "problem_id",
            "title",
            "problem_url",
            "tags",
            "language",
            "job_type",
            "status",
            "celery_task_id",
            "error_message",
            "attempts",
            "created_at",
            "updated_at",
        ]
