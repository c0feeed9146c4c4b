from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import generics, permissions

from algoitny_core.filters import JobFilter
from algoitny_core.models import ScriptGenerationJob
from algoitny_core.pagination import CreatedCursorPagination
from algoitny_core.serializers.jobs import JobDetailSerializer, JobListSerializer
from algoitny_core.views.base import TOKEN_LOOKUP


class JobListView(generics.ListAPIView):
    """Generation jobs, newest first, without their code (staff)."""

    query_budget = 1 + TOKEN_LOOKUP
    serializer_class = JobListSerializer
    pagination_class = CreatedCursorPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = JobFilter
    permission_classes = [permissions.IsAdminUser]

    def get_queryset(self) -> QuerySet[Any, dict[str, Any]]:
        return ScriptGenerationJob.objects.list_rows()


class JobDetailView(generics.RetrieveAPIView):
    """One job with its generator code (staff)."""

    query_budget = 1 + TOKEN_LOOKUP
    serializer_class = JobDetailSerializer
    permission_classes = [permissions.IsAdminUser]
    lookup_url_kwarg = "job_id"
    queryset = ScriptGenerationJob.objects.all()
