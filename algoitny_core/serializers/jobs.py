from __future__ import annotations

from rest_framework import serializers

from algoitny_core.managers.jobs import LIST_FIELDS
from algoitny_core.models import ScriptGenerationJob
from algoitny_core.serializers.rows import RowsSerializerMixin


class JobListSerializer(RowsSerializerMixin, serializers.ModelSerializer):
    """A job in a list (an instance or a ``list_rows()`` row): no generator code, solution
    or constraints."""

    class Meta:
        model = ScriptGenerationJob
        fields = list(LIST_FIELDS)
        read_only_fields = fields


class JobDetailSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScriptGenerationJob
        fields = [*LIST_FIELDS, "solution_code", "constraints", "generator_code"]
        read_only_fields = fields
