from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions
from rest_framework.request import Request
from rest_framework.response import Response

from algoitny_core import caching
from algoitny_core.filters import ProblemFilter
from algoitny_core.models import Problem
from algoitny_core.pagination import CreatedCursorPagination
from algoitny_core.serializers.problems import ProblemDetailSerializer, ProblemListSerializer
from algoitny_core.views.base import TOKEN_LOOKUP


class ProblemListView(generics.ListAPIView):
    """Published problems, newest first: one query per page."""

    query_budget = 1 + TOKEN_LOOKUP
    serializer_class = ProblemListSerializer
    pagination_class = CreatedCursorPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProblemFilter
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet[Any, dict[str, Any]]:
        return Problem.objects.completed().list_rows()


class ProblemDraftsView(ProblemListView):
    """Problems still being prepared (staff)."""

    permission_classes = [permissions.IsAdminUser]

    def get_queryset(self) -> QuerySet[Any, dict[str, Any]]:
        return Problem.objects.drafts().list_rows()


class RegisteredProblemsView(ProblemListView):
    """Every problem not deleted, drafts and published (staff)."""

    permission_classes = [permissions.IsAdminUser]

    def get_queryset(self) -> QuerySet[Any, dict[str, Any]]:
        return Problem.objects.active().list_rows()


class ProblemDetailView(generics.RetrieveAPIView):
    """A problem with its test cases: the problem, then its test cases."""

    query_budget = 2 + TOKEN_LOOKUP
    serializer_class = ProblemDetailSerializer
    permission_classes = [permissions.AllowAny]
    lookup_url_kwarg = "problem_id"
    lookup_field = "pk"

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # A published problem's detail is the same for everyone: cached, it costs no query.
        key = caching.problem_key(self.kwargs["problem_id"])
        data = caching.get(key)
        if data is None:
            problem = self.get_object()
            data = self.get_serializer(problem).data
            if problem.is_completed:
                caching.set(key, data)
        return Response(data)

    def get_queryset(self) -> QuerySet[Problem]:
        # Drafts are for staff; others see published problems only.
        problems = Problem.objects.all()
        user = self.request.user
        problems = problems.active() if user.is_staff else problems.completed()
        return problems.with_test_cases()


@extend_schema_view(get=extend_schema(operation_id="problems_retrieve_by_platform"))
class ProblemDetailByPlatformView(ProblemDetailView):
    """The same, looked up by platform and the judge's own identifier."""

    # Not cached: invalidation knows problems by primary key.
    retrieve = generics.RetrieveAPIView.retrieve

    def get_object(self) -> Any:
        queryset = self.get_queryset().filter(
            platform=self.kwargs["platform"], problem_id=self.kwargs["problem_identifier"]
        )
        return generics.get_object_or_404(queryset)
