"""Input of the write routes: validated field by field before any row is written."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from algoitny_core.choices import JobType, Platform
from algoitny_core.judge import InvalidSubmission, get_language
from algoitny_core.judge.generation import MAX_COUNT
from algoitny_core.judge.program import validate_source
from algoitny_core.models import JOB_FIELDS, Problem
from algoitny_core.tasks.execution import DEFAULT_TEST_COUNT

MAX_PAGE_CHARS = 2_000_000


def check_code_size(code: str) -> None:
    """The judge's own rule (``MAX_CODE_BYTES``), as a field error."""
    try:
        validate_source(code)
    except InvalidSubmission as exc:
        raise serializers.ValidationError(exc.message) from exc


def check_language(language: str) -> None:
    """A language the judge can run here."""
    try:
        get_language(language)
    except InvalidSubmission as exc:
        raise serializers.ValidationError(exc.message) from exc


class ProblemFieldsSerializer(serializers.ModelSerializer):
    """The fields a staff user gives when registering or saving a problem."""

    platform = serializers.ChoiceField(choices=Platform.choices)
    problem_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=64), max_length=50, required=False
    )
    solution_code = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, validators=[check_code_size]
    )
    language = serializers.CharField(
        max_length=32, required=False, allow_blank=True, validators=[check_language]
    )

    class Meta:
        model = Problem
        fields = list(JOB_FIELDS)
        extra_kwargs = {"constraints": {"max_length": 20_000}}

    def validate_problem_url(self, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise serializers.ValidationError("Only http(s) URLs.")
        return value


class RegisterProblemSerializer(ProblemFieldsSerializer):
    """A new draft problem and the job that reads it: ``script_generation`` (a language
    model writes its test-case generator) or ``problem_extraction`` (reads its page)."""

    job_type = serializers.ChoiceField(
        choices=JobType.choices, default=JobType.SCRIPT_GENERATION, write_only=True
    )
    # The problem page, for an extraction: the offline backend reads it rather than fetch.
    html = serializers.CharField(
        required=False, write_only=True, trim_whitespace=False, max_length=MAX_PAGE_CHARS
    )

    class Meta(ProblemFieldsSerializer.Meta):
        fields = [*ProblemFieldsSerializer.Meta.fields, "id", "job_type", "html"]
        read_only_fields = ["id"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["job_type"] == JobType.PROBLEM_EXTRACTION and not attrs.get("problem_url"):
            raise serializers.ValidationError(
                {"problem_url": ["An extraction needs the problem's URL."]}
            )
        return attrs

    def create(self, validated_data: dict[str, Any]) -> Problem:
        fields = {k: v for k, v in validated_data.items() if k not in ("job_type", "html")}
        return super().create(fields)


class SaveProblemSerializer(ProblemFieldsSerializer):
    """Changes to a problem, named by ``id``; ``is_completed`` publishes it once it has
    test cases."""

    id = serializers.IntegerField(min_value=1)
    # A problem keeps its identity: Meta.read_only_fields does not reach declared fields.
    platform = serializers.ChoiceField(choices=Platform.choices, read_only=True)

    class Meta(ProblemFieldsSerializer.Meta):
        fields = ["id", *ProblemFieldsSerializer.Meta.fields, "is_completed"]
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


class ProblemPkSerializer(serializers.Serializer):
    """The problem a save changes, by primary key (``problem_id`` is the judge's own id)."""

    id = serializers.IntegerField(min_value=1)


class GenerateOutputsSerializer(ProblemRefSerializer):
    """Make a problem's test cases from its generator script and reference solution."""

    count = serializers.IntegerField(min_value=1, max_value=MAX_COUNT, default=DEFAULT_TEST_COUNT)
    seed = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False)


class ExecuteCodeSerializer(ProblemRefSerializer):
    language = serializers.CharField(max_length=32, validators=[check_language])
    code = serializers.CharField(validators=[check_code_size], trim_whitespace=False)
    is_code_public = serializers.BooleanField(default=False)


class TaskAcceptedSerializer(serializers.Serializer):
    """A 202's body: the task to poll, and the rows the request made."""

    task_id = serializers.CharField()
    status_url = serializers.CharField()
    job_id = serializers.IntegerField(required=False)
    problem = serializers.IntegerField(required=False)
    history = serializers.IntegerField(required=False)
