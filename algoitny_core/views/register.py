"""Preparing problems (staff): register one, have its generator written, make its test
cases, save and publish it. Each write is one transaction; its task is sent on commit."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from algoitny_core.choices import JobType
from algoitny_core.models import JOB_FIELDS, Problem, ScriptGenerationJob
from algoitny_core.serializers.problems import ProblemSavedSerializer
from algoitny_core.serializers.register import (
    GenerateOutputsSerializer,
    ProblemPkSerializer,
    ProblemRefSerializer,
    RegisterProblemSerializer,
    SaveProblemSerializer,
    TaskAcceptedSerializer,
)
from algoitny_core.tasks.execution import generate_outputs_task
from algoitny_core.tasks.generation import extract_problem_info_task, generate_script_task
from algoitny_core.views.base import TOKEN_LOOKUP, accepted, enqueue, new_task_id

JOB_TASKS = {
    JobType.SCRIPT_GENERATION: generate_script_task,
    JobType.PROBLEM_EXTRACTION: extract_problem_info_task,
}


def start_job(problem: Problem, job_type: str, **task_kwargs: Any) -> dict[str, Any]:
    """Insert the job for ``problem`` and send its task on commit; the 202's body."""
    task_id = new_task_id()
    job = ScriptGenerationJob.objects.create(
        job_type=job_type,
        celery_task_id=task_id,
        **{field: getattr(problem, field) for field in JOB_FIELDS},
    )
    enqueue(JOB_TASKS[JobType(job_type)], task_id=task_id, job_id=job.pk, **task_kwargs)
    return accepted(task_id, job_id=job.pk, problem=problem.pk)


def not_found(problem_id: int) -> serializers.ValidationError:
    return serializers.ValidationError({"problem_id": [f"No problem has the id {problem_id}."]})


class StaffView(APIView):
    permission_classes = [permissions.IsAdminUser]


class RegisterProblemView(StaffView):
    """A new draft problem and its first job: the uniqueness check, two inserts."""

    query_budget = 3 + TOKEN_LOOKUP

    @extend_schema(request=RegisterProblemSerializer, responses={202: TaskAcceptedSerializer})
    def post(self, request: Request) -> Response:
        data = RegisterProblemSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                problem = data.save()
                html = data.validated_data.get("html")
                body = start_job(
                    problem, data.validated_data["job_type"], **({"html": html} if html else {})
                )
        except IntegrityError as exc:  # registered by a concurrent request meanwhile
            raise serializers.ValidationError(
                {"problem_id": ["This problem is already registered."]}
            ) from exc
        return Response(body, status=status.HTTP_202_ACCEPTED)


class GenerateTestCasesView(StaffView):
    """A new script-generation job for a registered problem: its row, one insert."""

    query_budget = 2 + TOKEN_LOOKUP

    @extend_schema(request=ProblemRefSerializer, responses={202: TaskAcceptedSerializer})
    def post(self, request: Request) -> Response:
        data = ProblemRefSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        problem_id = data.validated_data["problem_id"]
        problem = Problem.objects.active().only(*JOB_FIELDS).filter(pk=problem_id).first()
        if problem is None:
            raise not_found(problem_id)
        body = start_job(problem, JobType.SCRIPT_GENERATION)
        return Response(body, status=status.HTTP_202_ACCEPTED)


class ExecuteTestCasesView(StaffView):
    """Make a problem's test cases from its newest completed generator script: one read."""

    query_budget = 1 + TOKEN_LOOKUP

    @extend_schema(request=GenerateOutputsSerializer, responses={202: TaskAcceptedSerializer})
    def post(self, request: Request) -> Response:
        data = GenerateOutputsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        problem_id = data.validated_data["problem_id"]
        has_generator = Exists(ScriptGenerationJob.objects.generators_of_outer_problem())
        found = (
            Problem.objects.active()
            .filter(pk=problem_id)
            .values_list("solution_code", "language", has_generator)
            .first()
        )
        if found is None:
            raise not_found(problem_id)
        solution, language, generator = found
        errors = {}
        if not generator:
            errors["problem_id"] = ["The problem has no completed generator script yet."]
        if not solution.strip() or not language:
            errors["problem_id"] = ["The problem needs a reference solution and its language."]
        if errors:
            raise serializers.ValidationError(errors)
        task_id = enqueue(generate_outputs_task, **data.validated_data)
        return Response(accepted(task_id, problem=problem_id), status=status.HTTP_202_ACCEPTED)


class SaveProblemView(StaffView):
    """Change a problem's fields or publish it: its row (and whether it has test cases),
    one update."""

    query_budget = 2 + TOKEN_LOOKUP

    @extend_schema(request=SaveProblemSerializer, responses=ProblemSavedSerializer)
    def post(self, request: Request) -> Response:
        ref = ProblemPkSerializer(data=request.data)
        ref.is_valid(raise_exception=True)
        pk = ref.validated_data["id"]
        problem = Problem.objects.active().filter(pk=pk).with_has_test_cases().first()
        if problem is None:
            raise serializers.ValidationError({"id": [f"No problem has the id {pk}."]})
        data = SaveProblemSerializer(
            problem,
            data=request.data,
            partial=True,
            context={"has_test_cases": problem.has_test_cases},  # type: ignore[attr-defined]
        )
        data.is_valid(raise_exception=True)
        data.save()
        return Response(ProblemSavedSerializer(problem).data)
