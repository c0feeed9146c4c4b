from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from algoitny_core import caching
from algoitny_core.models import SearchHistory
from algoitny_core.serializers.account import AccountStatsSerializer
from algoitny_core.views.base import TOKEN_LOOKUP


class AccountStatsView(APIView):
    """The user's run statistics: one grouped query, folded in Python."""

    query_budget = 1 + TOKEN_LOOKUP
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=AccountStatsSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        stats = caching.cached(
            caching.stats_key(user.pk), lambda: SearchHistory.objects.for_user(user).stats()
        )
        return Response(AccountStatsSerializer(stats).data)
