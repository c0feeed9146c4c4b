from __future__ import annotations

from rest_framework import serializers


class AccountStatsSerializer(serializers.Serializer):
    """A user's run statistics, folded from one grouped query."""

    total_executions = serializers.IntegerField()
    passed_executions = serializers.IntegerField()
    failed_executions = serializers.IntegerField()
    by_platform = serializers.DictField(child=serializers.IntegerField())
    by_language = serializers.DictField(child=serializers.IntegerField())
