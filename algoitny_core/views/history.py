from __future__ import annotations

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import PermissionDenied

from algoitny_core.filters import HistoryFilter
from algoitny_core.models import SearchHistory
from algoitny_core.pagination import CreatedCursorPagination
from algoitny_core.serializers.history import (
    HintsSerializer,
    HistoryDetailSerializer,
    HistoryListSerializer,
    can_see_private,
)
from algoitny_core.views.base import TOKEN_LOOKUP


class HistoryListView(generics.ListAPIView):
    """Runs the user may see (public, own; all for staff), newest first, without their code."""

    query_budget = 1 + TOKEN_LOOKUP
    serializer_class = HistoryListSerializer
    pagination_class = CreatedCursorPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = HistoryFilter
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet[SearchHistory]:
        return SearchHistory.objects.visible_to(self.request.user).with_user().minimal_fields()


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
