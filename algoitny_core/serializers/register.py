"""Input of the write routes: validated field by field before any row is written."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from algoitny_core.choices import Platform
from algoitny_core.conf import app_settings
from algoitny_core.models import Problem


def check_code_size(code: str) -> None:
    limit = app_settings.MAX_CODE_BYTES
    if len(code.encode()) > limit:
        raise serializers.ValidationError(f"Code is over the {limit}-byte limit.")


class ProblemFieldsSerializer(serializers.ModelSerializer):
    """The fields a staff user gives when registering or saving a problem."""

    platform = serializers.ChoiceField(choices=Platform.choices)
    problem_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=64), max_length=50, required=False
    )
    solution_code = serializers.CharField(
        required=False, allow_blank=True, validators=[check_code_size]
    )

    class Meta:
        model = Problem
        fields = [
            "platform",
            "problem_id",
            "title",
            "problem_url",
            "tags",
            "solution_code",
            "language",
            "constraints",
        ]
        extra_kwargs = {"constraints": {"max_length": 20_000}}

    def validate_problem_url(self, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise serializers.ValidationError("Only http(s) URLs.")
        return value


class SaveProblemSerializer(ProblemFieldsSerializer):
    """Changes to a problem; ``is_completed`` publishes it once it has test cases."""

    class Meta(ProblemFieldsSerializer.Meta):
        fields = [*ProblemFieldsSerializer.Meta.fields, "is_completed"]
        read_only_fields = ["platform", "problem_id"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("is_completed") and not self.context.get("has_test_cases"):
            raise serializers.ValidationError(
                {"is_completed": ["A problem needs test cases before it is published."]}
            )
        return attrs


class ProblemRefSerializer(serializers.Serializer):
    """A problem by primary key."""

    problem_id = serializers.IntegerField(min_value=1)


class ExecuteCodeSerializer(ProblemRefSerializer):
    language = serializers.CharField(max_length=32)
    code = serializers.CharField(validators=[check_code_size], trim_whitespace=False)
    is_code_public = serializers.BooleanField(default=False)
