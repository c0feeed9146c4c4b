from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from algoitny_core import caching
from algoitny_core.filters import HistoryFilter
from algoitny_core.models import SearchHistory
from algoitny_core.pagination import CreatedCursorPagination
from algoitny_core.serializers.history import (
    HintsSerializer,
    HistoryDetailSerializer,
    HistoryListSerializer,
    can_see_private,
)
from algoitny_core.serializers.register import TaskAcceptedSerializer
from algoitny_core.tasks.hints import generate_hints_task
from algoitny_core.views.base import TOKEN_LOOKUP, accepted, enqueue


class HistoryListView(generics.ListAPIView):
    """Runs the user may see (public, own; all for staff), newest first, without their code."""

    query_budget = 1 + TOKEN_LOOKUP
    serializer_class = HistoryListSerializer
    pagination_class = CreatedCursorPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = HistoryFilter
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet[Any, dict[str, Any]]:
        # Rows as dicts, not instances: see ``list_rows()``.
        return SearchHistory.objects.visible_to(self.request.user).list_rows()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # The first page anonymous visitors see is the same for all of them: cached.
        if request.user.is_authenticated or request.query_params:
            return super().list(request, *args, **kwargs)
        key = caching.public_history_key(request.get_host())
        return Response(
            caching.cached(key, lambda: super(HistoryListView, self).list(request).data)
        )


class HistoryDetailView(generics.RetrieveAPIView):
    """One run; private code, results and hints only for its owner and staff."""

    query_budget = 1 + TOKEN_LOOKUP
    serializer_class: type[serializers.ModelSerializer] = HistoryDetailSerializer
    permission_classes = [permissions.AllowAny]
    lookup_url_kwarg = "history_id"

    def get_queryset(self) -> QuerySet[SearchHistory]:
        return SearchHistory.objects.visible_to(self.request.user).with_user()


class HintsView(HistoryDetailView):
    """A run's hints (owner and staff)."""

    serializer_class = HintsSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[SearchHistory]:
        return super().get_queryset().only("id", "user", "hints")

    def get_object(self) -> SearchHistory:
        history = super().get_object()
        if not can_see_private(history, self.request.user):
            raise PermissionDenied("Only the run's owner and staff see its hints.")
        return history


class GenerateHintsView(generics.GenericAPIView):
    """Ask for hints on a failed run (owner and staff): 200 with the hints a run already
    has, else 202 with the task that writes them."""

    query_budget = 1 + TOKEN_LOOKUP
    serializer_class = HintsSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_url_kwarg = "history_id"

    def get_queryset(self) -> QuerySet[SearchHistory]:
        return SearchHistory.objects.visible_to(self.request.user).only(
            "id", "user", "hints", "failed_count", "total_count"
        )

    @extend_schema(request=None, responses={200: HintsSerializer, 202: TaskAcceptedSerializer})
    def post(self, request: Request, history_id: int) -> Response:
        history = self.get_object()
        if not can_see_private(history, request.user):
            raise PermissionDenied("Only the run's owner and staff may ask for its hints.")
        if history.hints:
            return Response(HintsSerializer(history).data)
        if not history.failed_count:
            raise serializers.ValidationError(
                {"history_id": ["This run failed no test: there is nothing to hint at."]}
            )
        task_id = enqueue(generate_hints_task, history_id=history.pk)
        return Response(accepted(task_id, history=history.pk), status=status.HTTP_202_ACCEPTED)
