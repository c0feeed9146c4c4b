from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from algoitny_core.models import Problem, ScriptGenerationJob, SearchHistory
from algoitny_core.pagination import CreatedCursorPagination
from example_project.naive import serializers

# The reference API is for measurement, not for clients: keep it out of the OpenAPI schema.
NOT_IN_SCHEMA = extend_schema(exclude=True)


@extend_schema_view(get=NOT_IN_SCHEMA)
class ProblemListView(generics.ListAPIView):
    serializer_class = serializers.ProblemSerializer
    pagination_class = CreatedCursorPagination

    def get_queryset(self) -> Any:
        return Problem.objects.filter(is_completed=True, is_deleted=False)


@extend_schema_view(get=NOT_IN_SCHEMA)
class ProblemDraftsView(ProblemListView):
    permission_classes = [permissions.IsAdminUser]

    def get_queryset(self) -> Any:
        return Problem.objects.filter(is_completed=False, is_deleted=False)


@extend_schema_view(get=NOT_IN_SCHEMA)
class ProblemDetailView(generics.RetrieveAPIView):
    serializer_class = serializers.ProblemDetailSerializer
    lookup_url_kwarg = "problem_id"

    def get_queryset(self) -> Any:
        return Problem.objects.filter(is_completed=True, is_deleted=False)


@extend_schema_view(get=NOT_IN_SCHEMA)
class HistoryListView(generics.ListAPIView):
    serializer_class = serializers.HistorySerializer
    pagination_class = CreatedCursorPagination

    def get_queryset(self) -> Any:
        user = self.request.user
        if not user.is_authenticated:
            return SearchHistory.objects.filter(is_code_public=True)
        if user.is_staff:
            return SearchHistory.objects.all()
        return SearchHistory.objects.filter(Q(is_code_public=True) | Q(user=user))


@extend_schema_view(get=NOT_IN_SCHEMA)
class AccountStatsView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def get(self, request: Request) -> Response:
        runs = SearchHistory.objects.filter(user=request.user)
        by_platform = runs.values("platform").annotate(n=Count("id")).order_by()
        by_language = runs.values("language").annotate(n=Count("id")).order_by()
        return Response(
            {
                "total_executions": runs.count(),
                "passed_executions": runs.filter(failed_count=0).count(),
                "failed_executions": runs.filter(failed_count__gt=0).count(),
                "by_platform": {row["platform"]: row["n"] for row in by_platform},
                "by_language": {row["language"]: row["n"] for row in by_language},
            }
        )


@extend_schema_view(get=NOT_IN_SCHEMA)
class JobListView(generics.ListAPIView):
    serializer_class = serializers.JobSerializer
    pagination_class = CreatedCursorPagination
    permission_classes = [permissions.IsAdminUser]
    queryset = ScriptGenerationJob.objects.all()
