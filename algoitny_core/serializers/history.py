from __future__ import annotations

from typing import Any

from rest_framework import serializers

from algoitny_core.models import SearchHistory
from algoitny_core.serializers.rows import RowsSerializerMixin

LIST_FIELDS = [
    "id",
    "user",
    "username",
    "problem",
    "platform",
    "problem_number",
    "problem_title",
    "language",
    "result_summary",
    "passed_count",
    "failed_count",
    "total_count",
    "is_code_public",
    "created_at",
]
# Shown to the run's owner and staff only.
PRIVATE_FIELDS = ("test_results", "hints")


class HistoryListSerializer(RowsSerializerMixin, serializers.ModelSerializer):
    """A run in a list: counts and verdict, never the code. Instances come with
    ``with_user()``; rows from ``list_rows()`` carry ``username`` themselves."""

    username = serializers.SerializerMethodField()

    class Meta:
        model = SearchHistory
        fields = LIST_FIELDS
        read_only_fields = fields

    def get_username(self, obj: Any) -> str | None:
        return obj.user.get_username() if obj.user_id else None


def can_see_private(obj: Any, user: Any) -> bool:
    """Owner or staff."""
    return bool(user and user.is_authenticated and (user.is_staff or obj.user_id == user.pk))


class HistoryDetailSerializer(HistoryListSerializer):
    """A run with its code (if public or own) and, for owner and staff, results and hints."""

    class Meta(HistoryListSerializer.Meta):
        fields = [*LIST_FIELDS, "code", "test_results", "hints", "metadata"]
        read_only_fields = fields

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        private = can_see_private(instance, getattr(request, "user", None))
        if not (private or instance.is_code_public):
            data["code"] = None
        if not private:
            for field in PRIVATE_FIELDS:
                data[field] = None
        return data


class HintsSerializer(serializers.ModelSerializer):
    class Meta:
        model = SearchHistory
        fields = ["id", "hints"]
        read_only_fields = fields
