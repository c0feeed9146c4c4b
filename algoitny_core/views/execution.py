"""Running a user's code: enqueue the judged run, then poll its task."""

from __future__ import annotations

from celery.result import AsyncResult
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from algoitny_core.models import Problem
from algoitny_core.serializers.register import ExecuteCodeSerializer, TaskAcceptedSerializer
from algoitny_core.tasks.execution import execute_code_task
from algoitny_core.views.base import TOKEN_LOOKUP, accepted, enqueue


class ExecuteCodeView(APIView):
    """Judge code on a published problem's test cases; 202 with the task id to poll."""

    query_budget = 1 + TOKEN_LOOKUP
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=ExecuteCodeSerializer, responses={202: TaskAcceptedSerializer})
    def post(self, request: Request) -> Response:
        data = ExecuteCodeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        problem_id = data.validated_data["problem_id"]
        problem = (
            Problem.objects.completed().filter(pk=problem_id).with_has_test_cases().only("pk")
        ).first()
        if problem is None:
            raise serializers.ValidationError(
                {"problem_id": [f"No published problem has the id {problem_id}."]}
            )
        if not problem.has_test_cases:  # type: ignore[attr-defined]
            raise serializers.ValidationError(
                {"problem_id": ["The problem has no test cases to run."]}
            )
        user = request.user
        task_id = enqueue(
            execute_code_task,
            **data.validated_data,
            user_id=user.pk,
            user_identifier=user.get_username(),
        )
        return Response(accepted(task_id), status=status.HTTP_202_ACCEPTED)


class TaskStatusView(APIView):
    """A task's state and, once it is done, its result or error. Reads the result
    backend, not the database (a database result backend costs its own query)."""

    query_budget = 0 + TOKEN_LOOKUP
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        responses=inline_serializer(
            "TaskStatus",
            {
                "task_id": serializers.CharField(),
                "state": serializers.CharField(),
                "result": serializers.JSONField(allow_null=True),
                "error": serializers.CharField(allow_null=True),
            },
        )
    )
    def get(self, request: Request, task_id: str) -> Response:
        if len(task_id) > 255:
            raise serializers.ValidationError({"task_id": ["A task id is at most 255 characters."]})
        result = AsyncResult(task_id)
        state = result.state
        body = {"task_id": task_id, "state": state, "result": None, "error": None}
        if state == "SUCCESS":
            body["result"] = result.result
        elif state == "FAILURE":
            body["error"] = f"{type(result.result).__name__}: {result.result}"
        return Response(body)
